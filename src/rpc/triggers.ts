/** The handlers of the time-driven triggers that finish exports nobody watches. */
import { runActiveJobs } from '../jobs/runner';
import { runWatchdog } from '../jobs/watchdog';
import { orphanRecovery } from '../recovery/recoverable';
import { exportCopier, handlerFor } from './job-kinds';

/** The continuation trigger's handler. */
export function runExportJobs(e?: GoogleAppsScript.Events.TimeDriven): void {
  runActiveJobs(e, handlerFor, exportCopier());
}

/** The watchdog trigger's handler: resumes jobs nobody drives any more, then goes when idle. */
export function runExportWatchdog(e?: GoogleAppsScript.Events.TimeDriven): void {
  void e;
  runWatchdog(handlerFor, exportCopier(), orphanRecovery);
}
