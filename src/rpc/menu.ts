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

export function showCheckSetup(): void {
  pages.showCheckSetup();
}

export function showHelp(): void {
  openSidebar('Help', 'How exports work');
}
