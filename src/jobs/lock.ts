/**
 * The script lock, held only around short reads and writes of what executions share: the Tasks
 * sheet and the Export Log, the list of active jobs, the continuation's record, a job's lease.
 * Never around a slice's copying, so that another batch, a manual reset or a clean-up waits
 * seconds at most.
 */

/** How long a short section waits for the lock: whoever holds it is done within seconds. */
export const SHORT_WAIT_MS = 10000;

/**
 * Runs `section` under the script lock, or returns `busy()` when another execution kept it past
 * `waitMs`. Inside a section that already holds it, `section` just runs: the lock belongs to the
 * execution, and releasing it here would release the outer section's hold too.
 */
export function underScriptLock<T>(waitMs: number, section: () => T, busy: () => T): T {
  const lock = LockService.getScriptLock();
  if (lock.hasLock()) return section();
  if (!lock.tryLock(waitMs)) return busy();
  try {
    return section();
  } finally {
    lock.releaseLock();
  }
}
