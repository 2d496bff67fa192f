/**
 * The crash sweep's harder cases (see crash-sweep-rest): a fetchAll killed part way, and runs
 * killed twice, the second time in what follows the first kill (the person starting again, the
 * continuation's next slice, the watchdog rebuilding and resuming the job).
 *
 * - Every fetchAll of the REST journey, killed once each of its first 1 to n-1 requests acted.
 * - Two kills, both copiers. First kills at the points that differ in what they leave behind
 *   (`writesAndEnds`: before and after each write, at both ends of each execution); each is
 *   followed by a second kill at one of the first 20 writes of the later executions, taken in
 *   turn, before or after it acts. Pairing every first kill with all 40 second kills would take
 *   40 times as long; taken in turn, each second kill still meets first kills all along the
 *   journey. The DriveApp journey, three times as long and with the same job and status code,
 *   takes its first kills at the copier's own writes and at every 6th of the others.
 */
import {
  copierWritesAndEvery,
  fetchAllPartWay,
  sweepSetup,
  sweepTest,
  withSecondKills,
  writesAndEnds,
} from '../helpers/sweep-runner';

describe('crash sweep, killed part way through a fetchAll or twice', () => {
  sweepTest(
    'REST copier: a fetchAll killed part way, and two kills in a run, end exactly as undisturbed',
    'fetchAll part way, and twice',
    sweepSetup('rest'),
    (b) => [...fetchAllPartWay(b), ...withSecondKills(writesAndEnds(b), 20)],
  );

  sweepTest(
    'DriveApp copier: two kills in a run end exactly as undisturbed',
    'twice',
    sweepSetup('driveapp'),
    (b) => withSecondKills(copierWritesAndEvery(b, writesAndEnds(b), 6), 20),
  );
});
