/**
 * The crash sweep (issues 7 and 12, DESIGN invariants 1, 2, 3 and 4), REST copier. An ops person
 * stages the default selection of a mixed demo batch and delivers it to a client folder. That
 * journey is run once undisturbed; then, for every one of its service calls, in a fresh workspace,
 * the execution making that call is killed there (before the call takes effect, and after it took
 * effect with its answer lost), the person goes on as they would after an error (half the runs at
 * once, half once the triggers have settled), the triggers and the watchdog go on, and the run must
 * end exactly as the undisturbed one: task statuses, Drive, properties, triggers, the Export Log
 * row by row and the job summaries the wizards show (test/helpers/sweep.ts).
 *
 * The other sweeps, run side by side with this one by jest's workers: crash-sweep-driveapp (the
 * DriveApp copier) and crash-sweep-twice (two kills in a run, fetchAll killed part way).
 */
import { everyCall, sweepSetup, sweepTest } from '../helpers/sweep-runner';

describe('crash sweep, REST copier', () => {
  sweepTest(
    'killed at any service call of a stage and deliver, the batch ends exactly as undisturbed',
    'every call',
    sweepSetup('rest'),
    everyCall,
  );
});
