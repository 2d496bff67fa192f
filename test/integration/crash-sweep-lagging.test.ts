/**
 * The crash sweep once more where Google promises the least (issue 12): listings by parent 20 s
 * late, and 8% of copies and folder creations answered 500, 4% of copies 403, after they landed
 * (SweepSetup `lagging`). The undisturbed run meets those faults too; every run killed at a point
 * must still end exactly as it. Killed before and after each write and at both ends of each
 * execution (`writesAndEnds`, as crash-sweep-driveapp explains): a read changes nothing.
 */
import { baseline, onlyAsked, sweep, sweepSetup, writesAndEnds } from '../helpers/sweep-runner';

const SETUP = { ...sweepSetup('rest'), lagging: true };

describe('crash sweep, REST copier, lagging listings and writes answered with errors', () => {
  test(
    'killed before or after any write, the batch ends exactly as undisturbed',
    () => {
      const b = baseline(SETUP);
      expect(sweep('lagging, every write', SETUP, b, onlyAsked(writesAndEnds(b)))).toEqual([]);
    },
    15 * 60_000,
  );
});
