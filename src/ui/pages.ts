/** The menu items that open a page as a sidebar (PLAN 6.2, 7.2). */
import { openSidebar } from './sidebars';

export function configureStagingFolder(): void {
  openSidebar('StagingFolder', 'Staging folder');
}

export function showStagingWizard(): void {
  openSidebar('StagingWizard', 'Stage tasks for export');
}

/**
 * The one-phase Export Wizard of earlier versions (PLAN 7.2): people and buttons that still call it
 * get the staging wizard, which first explains that an export is now staged, then delivered.
 */
export function showExportWizard(): void {
  openSidebar('StagingWizard', 'Stage tasks for export', { notice: 'legacyExportWizard' });
}

/** PLAN 3.2; with a batch id (from the staging wizard's last step), opened on that export. */
export function showDeliveryWizard(batchId?: unknown): void {
  const id = typeof batchId === 'string' ? batchId.trim() : '';
  openSidebar('Delivery', 'Deliver staged export', id ? { batchId: id } : undefined);
}

export function showExportStatusReport(): void {
  openSidebar('Report', 'Export status report');
}

export function showCheckSetup(): void {
  openSidebar('CheckSetup', 'Check setup');
}

export function showResumeFailedExports(): void {
  openSidebar('Recovery', 'Resume failed exports');
}
