/**
 * The script lock, held only around short reads and writes of what executions share: the Tasks
 * sheet and the Export Log, the list of active jobs, the continuation's record, a job's lease.
 * Never around a slice's copying, so that another batch, a manual reset or a clean-up waits
 * seconds at most.
 */

/** How long a short section waits for the lock: whoever holds it is done within seconds. */
export const SHORT_WAIT_MS = 10000;

/** The lock this execution holds through `underScriptLock`, if any, and what waits for its end. */
let held: { lock: GoogleAppsScript.Lock.Lock; after: Array<() => void> } | null = null;

/**
 * Runs `section` under the script lock, or returns `busy()` when another execution kept it past
 * `waitMs`. Inside a section that already holds it, `section` just runs: the lock belongs to the
 * execution, and releasing it here would release the outer section's hold too. The outer hold is
 * known by its own Lock object (a new one's hasLock() is false until it is acquired). Steps put
 * off with `onceUnlocked` run once the outermost section has returned and the lock is released.
 */
export function underScriptLock<T>(waitMs: number, section: () => T, busy: () => T): T {
  if (held?.lock.hasLock()) return section();
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(waitMs)) return busy();
  const outer = held;
  const mine = { lock, after: [] as Array<() => void> };
  held = mine;
  let result: T;
  try {
    result = section();
  } finally {
    held = outer;
    lock.releaseLock();
  }
  for (const step of mine.after) step();
  return result;
}

/**
 * Runs `step` once this execution no longer holds the script lock (at once if it does not): what
 * it starts in another execution needs the lock. A section that throws drops its steps.
 */
export function onceUnlocked(step: () => void): void {
  if (held?.lock.hasLock()) held.after.push(step);
  else step();
}
