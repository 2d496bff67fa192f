/**
 * A person's trigger slices take turns, through their user lock: a slice armed to start before
 * the running one ends (jobs/next-slice.ts) waits here until that one has ended. Only the
 * continuation trigger takes a turn; a sidebar's slices never do, so a page never waits for one,
 * and a slice of another person never waits for this person's.
 *
 * The wait is the execution's first call, before anything is read: what the slice then reads is
 * what the one before it left.
 */

/**
 * The longest a successor waits: longer than it is ever armed ahead (MAX_EARLY_MS) plus a wrap-up
 * that overran, and short enough that its own slice still fits in its 6 minutes.
 */
export const TURN_WAIT_MS = 75 * 1000;

/**
 * Runs `work` holding the turn; `turn` is false when the wait ran out (the other still runs) or
 * the lock could not be had at all: the slice then goes on as it would without turns, finding the
 * job busy if another works on it.
 */
export function takingTurn<T>(work: (turn: boolean) => T): T {
  let lock: GoogleAppsScript.Lock.Lock | null;
  try {
    lock = LockService.getUserLock();
    if (!lock.tryLock(TURN_WAIT_MS)) lock = null;
  } catch {
    lock = null;
  }
  try {
    return work(lock !== null);
  } finally {
    // Apps Script releases it when the execution ends anyway.
    try {
      lock?.releaseLock();
    } catch {
      // nothing to do
    }
  }
}
