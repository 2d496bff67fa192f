/**
 * The crash sweep with the DriveApp copier (script property EXPORT_COPIER=driveapp), as
 * crash-sweep-rest does with the REST copier. DriveApp reads one file property a call, so its
 * journey makes about three times the calls of the REST one, mostly reads. It is killed only at
 * the points that differ in what they leave behind (`writesAndEnds`: before and after each write,
 * before the first call of each execution and after its last): a read changes nothing, so a run
 * killed at any other point ends as a run killed at one of these does. Killing at every call
 * would take about 6 minutes instead of 2.
 */
import { sweepSetup, sweepTest, writesAndEnds } from '../helpers/sweep-runner';

describe('crash sweep, DriveApp copier', () => {
  sweepTest(
    'killed before or after any write of a stage and deliver, the batch ends exactly as undisturbed',
    'every write',
    sweepSetup('driveapp'),
    writesAndEnds,
  );
});
