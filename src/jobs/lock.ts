/**
 * The script lock, held only around short reads and writes of what executions share: the Tasks
 * sheet and the Export Log, the list of active jobs, the continuation's record, a job's lease.
 * Never around a slice's copying, so that another batch, a manual reset or a clean-up waits
 * seconds at most.
 */

/** How long a short section waits for the lock: whoever holds it is done within seconds. */
export const SHORT_WAIT_MS = 10000;

/** The lock this execution holds through `underScriptLock`, if any. */
let held: GoogleAppsScript.Lock.Lock | null = null;

/**
 * Runs `section` under the script lock, or returns `busy()` when another execution kept it past
 * `waitMs`. Inside a section that already holds it, `section` just runs: the lock belongs to the
 * execution, and releasing it here would release the outer section's hold too. The outer hold is
 * known by its own Lock object (a new one's hasLock() is false until it is acquired).
 */
export function underScriptLock<T>(waitMs: number, section: () => T, busy: () => T): T {
  if (held?.hasLock()) return section();
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(waitMs)) return busy();
  const outer = held;
  held = lock;
  try {
    return section();
  } finally {
    held = outer;
    lock.releaseLock();
  }
}
