/** The handlers of the time-driven triggers that finish exports nobody watches. */
import { runActiveJobs } from '../jobs/runner';
import { takingTurn } from '../jobs/turn';
import { runWatchdog } from '../jobs/watchdog';
import { orphanRecovery } from '../recovery/recoverable';
import { exportCopier, handlerFor } from './job-kinds';
import { savingUsage } from '../drive/daily-usage';
import { countTriggerRuntime } from '../drive/daily-usage';

/**
 * The continuation trigger. It first waits for its turn (jobs/turn.ts): it may start while the
 * slice that armed it still runs. Its whole run counts towards the person's daily trigger
 * runtime: the add-on counts it, from here, since Apps Script tells a script nothing of it.
 */
export function runExportJobs(e?: GoogleAppsScript.Events.TimeDriven): void {
  const began = Date.now();
  takingTurn((had) =>
    savingUsage(() => {
      try {
        runActiveJobs(e, handlerFor, exportCopier(), { began, had });
      } finally {
        countTriggerRuntime(began);
      }
    }),
  );
}

/** The watchdog trigger's handler: resumes jobs nobody drives any more, then goes when idle. */
export function runExportWatchdog(e?: GoogleAppsScript.Events.TimeDriven): void {
  void e;
  const began = Date.now();
  savingUsage(() => {
    try {
      runWatchdog(handlerFor, exportCopier(), orphanRecovery);
    } finally {
      countTriggerRuntime(began);
    }
  });
}
