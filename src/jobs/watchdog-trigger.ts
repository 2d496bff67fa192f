/**
 * The watchdog's own trigger: a recurring time-driven trigger that finds jobs nobody drives any
 * more (see watchdog.ts). At most one exists; it is installed when a job starts and removes itself
 * when nothing is left to watch.
 */

export const WATCHDOG_HANDLER = 'runExportWatchdog';
/** ClockTriggerBuilder.everyMinutes takes 1, 5, 10, 15 or 30. */
export const WATCHDOG_EVERY_MINUTES = 15;

function watchdogTriggers(): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === WATCHDOG_HANDLER);
}

/** Installs the watchdog unless it is there; a second one (two starts raced) is removed. */
export function ensureWatchdog(): void {
  const [first, ...extra] = watchdogTriggers();
  for (const t of extra) ScriptApp.deleteTrigger(t);
  if (first) return;
  ScriptApp.newTrigger(WATCHDOG_HANDLER).timeBased().everyMinutes(WATCHDOG_EVERY_MINUTES).create();
}

export function removeWatchdog(): void {
  for (const t of watchdogTriggers()) ScriptApp.deleteTrigger(t);
}

/**
 * Whether the sheet shows tasks in flight: told by the export side (see rpc/job-kinds.ts), since the
 * runner knows nothing of sheets. Until it is told, it assumes there are some and keeps the
 * watchdog, whose own round removes it when idle.
 */
let tasksInFlight: () => boolean = () => true;

export function watchForTasksInFlight(check: () => boolean): void {
  tasksInFlight = check;
}

/**
 * Called when the last active job has ended: the watchdog goes with it, unless the sheet still
 * shows tasks in flight (a job whose state was lost), which its next round rebuilds.
 */
export function retireWatchdogIfIdle(): void {
  let inFlight: boolean;
  try {
    inFlight = tasksInFlight();
  } catch {
    // The sheet could not be read now; the watchdog's own round decides later.
    return;
  }
  if (!inFlight) removeWatchdog();
}
