/** Check setup: the page's one call, and the probe trigger's handler. */
import type { SetupReport } from '../shared/rpc';
import { savingUsage } from '../drive/daily-usage';
import { readSession } from '../drive/drive-reads';
import { runSetupCheck as check } from '../setup/setup-check';
import { cleanUpLeftovers } from '../setup/leftovers';

export function runSetupCheck(): SetupReport {
  return savingUsage(check);
}

/** Runs only if a check died before deleting its trigger: removes what that check left. */
export function cleanUpSetupCheck(): void {
  savingUsage(() => cleanUpLeftovers(readSession()));
}
