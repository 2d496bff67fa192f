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

/** Runs `work` holding the turn; `turn` is false when the wait ran out (the other still runs). */
export function takingTurn<T>(work: (turn: boolean) => T): T {
  const lock = LockService.getUserLock();
  let turn: boolean;
  try {
    turn = lock.tryLock(TURN_WAIT_MS);
  } catch {
    turn = false;
  }
  try {
    return work(turn);
  } finally {
    if (turn) lock.releaseLock();
  }
}
