/** The menu items that open a page as a sidebar (PLAN 6.2, 7.2). */
import { openSidebar } from './sidebars';

/** From the staging wizard, the page offers the way back to it. */
export function configureStagingFolder(fromWizard = false): void {
  openSidebar(
    'StagingFolder',
    'Staging folder',
    fromWizard ? { from: 'stagingWizard' } : undefined,
  );
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

/** PLAN 4.2; with a batch id (from the batches page), showing that batch only. */
export function showResumeFailedExports(batchId?: unknown): void {
  const id = typeof batchId === 'string' ? batchId.trim() : '';
  openSidebar('Recovery', 'Resume failed exports', id ? { batchId: id } : undefined);
}

/** PLAN 6.1: every export batch, where it went, who sent it and when. */
export function showExportBatches(): void {
  openSidebar('Batches', 'Export batches');
}

/** PLAN 4.1; with a Task ID (from the status report), opened on that task. */
export function showStatusChange(taskId?: unknown): void {
  const id = typeof taskId === 'string' ? taskId.trim() : '';
  openSidebar('StatusChange', 'Change a task’s status', id ? { taskId: id } : undefined);
}

/** PLAN 6.1: the clean-up of old failures, previewed before it is done. */
export function showCleanUp(): void {
  openSidebar('CleanUp', 'Clean up old failures');
}
