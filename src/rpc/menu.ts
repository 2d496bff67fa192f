/** The spreadsheet's menu and the items that open a page (PLAN 6.2, 7.2). */
import { buildMenu } from '../ui/menu';
import * as pages from '../ui/pages';
import { openSidebar } from '../ui/sidebars';

export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  void e;
  buildMenu(SpreadsheetApp.getUi());
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  void e;
  buildMenu(SpreadsheetApp.getUi());
}

export function configureStagingFolder(): void {
  pages.configureStagingFolder();
}

/** The staging wizard's "Set the staging folder": the settings page, with a way back. */
export function configureStagingFolderFromWizard(): void {
  pages.configureStagingFolder(true);
}

export function showStagingWizard(): void {
  pages.showStagingWizard();
}

/** PLAN 7.2: the legacy Export Wizard opens the staging wizard, which explains the two phases. */
export function showExportWizard(): void {
  pages.showExportWizard();
}

export function showDeliveryWizard(): void {
  pages.showDeliveryWizard();
}

/** The staging wizard's "Continue to delivery": the delivery wizard, opened on that batch. */
export function showDeliveryWizardForBatch(batchId: string): void {
  pages.showDeliveryWizard(batchId);
}

export function showExportStatusReport(): void {
  pages.showExportStatusReport();
}

export function showResumeFailedExports(): void {
  pages.showResumeFailedExports();
}

/** The batches page's "Retry or resume": Resume failed exports, showing that batch only. */
export function showResumeFailedExportsForBatch(batchId: string): void {
  pages.showResumeFailedExports(batchId);
}

export function showExportBatches(): void {
  pages.showExportBatches();
}

export function showStatusChange(): void {
  pages.showStatusChange();
}

/** The status report's "Change status" by a task: the status change page, on that task. */
export function showStatusChangeForTask(taskId: string): void {
  pages.showStatusChange(taskId);
}

export function showCleanUp(): void {
  pages.showCleanUp();
}

export function showCheckSetup(): void {
  pages.showCheckSetup();
}

export function showHelp(): void {
  openSidebar('Help', 'How exports work');
}
