/**
 * The Apps Script globals: menu handlers, google.script.run targets and trigger handlers. This file
 * only exposes them; the build turns each export into a top-level function of dist/Code.js.
 */
import type {
  ExportFilterOptions,
  ExportSheetPreview,
  FolderListing,
  FolderRef,
  JobKind,
  StagingWizardSetup,
  HelpInfo,
  JobProgress,
  StagedBatch,
  StagingConfiguration,
  StagingPreview,
  StagingSelection,
  StagingStart,
  ServerFunctions,
} from './shared/rpc';
import * as help from './ui/help';
import { buildMenu } from './ui/menu';
import { openSidebar } from './ui/sidebars';
import * as staging from './export/staging-service';
import * as queries from './export/queries';
import { exportCopier, handlerFor } from './jobs/kinds';
import { progressOf, runActiveJobs, runSlice } from './jobs/runner';
import { loadJob } from './jobs/job';
import * as statusAdmin from './export/status-admin';
import type {
  CleanupSummary,
  ClientFolderCheck,
  DeliveryStart,
  ExportBatchInfo,
  ExportStatusReport,
  RecentClientFolder,
  RecoverableExports,
  RecoveryResult,
  StagedExport,
  StagedExportPreview,
  TaskSummary,
} from './shared/rpc';
import * as delivery from './export/delivery-service';
import { getRecentClientFolders as recentClientFolders } from './export/client-folder';
import { previewStagedExport as previewStaged } from './export/delivery-preview';
import * as recovery from './export/recovery';
import * as reporting from './export/reporting';
import { cleanupFailedExports as cleanup } from './export/cleanup';
import * as recoverable from './export/recoverable';
import { runWatchdog } from './jobs/watchdog';
import * as pages from './ui/pages';
import * as settings from './config/settings';
import * as folderBrowser from './drive/folder-browser';
import * as stagingWizard from './ui/staging-wizard';
import * as sheetPreview from './export/sheet-preview';
import { activeJobs } from './jobs/active';
import type { DeliveredCount, DeliveryWizardSetup } from './shared/rpc';
import * as deliveryWizard from './ui/delivery-wizard';

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

export function showHelp(): void {
  openSidebar('Help', 'How exports work');
}

export function getHelpInfo(): HelpInfo {
  return help.getHelpInfo();
}

export function getStagingConfiguration(): StagingConfiguration {
  return staging.getStagingConfiguration();
}

export function getExportFilterOptions(): ExportFilterOptions {
  return queries.getExportFilterOptions();
}

export function getTasksForStaging(filters: unknown): StagingPreview {
  return staging.getTasksForStaging(filters, exportCopier());
}

export function executeStagingWizard(
  selection: StagingSelection,
  exportBatchId?: string,
): StagingStart {
  return staging.executeStagingWizard(selection, exportBatchId, exportCopier());
}

export function getStagedExportBatches(): StagedBatch[] {
  return queries.getStagedExportBatches();
}

export function getJobProgress(jobId: string): JobProgress {
  return progressOf(jobId);
}

/** One slice of a job, driven by the open sidebar. */
export function continueJob(jobId: string): JobProgress {
  const job = loadJob(jobId);
  if (!job) return progressOf(jobId);
  return runSlice(jobId, 'sidebar', handlerFor(job.kind), exportCopier());
}

/** The continuation trigger's handler. */
export function runExportJobs(e?: GoogleAppsScript.Events.TimeDriven): void {
  runActiveJobs(e, handlerFor, exportCopier());
}

/** PLAN 4.1: the ops team's manual override of one task's export status, with a reason. */
export function resetTaskExportStatus(taskId: string, newStatus: string, reason: string): void {
  statusAdmin.resetTaskExportStatus(taskId, newStatus, reason);
}

export function saveStagingFolder(linkOrId: string): FolderRef {
  return settings.saveStagingFolder(linkOrId);
}

export function listDriveFolders(folderId: string | null, pageToken: string | null): FolderListing {
  return folderBrowser.listDriveFolders(folderId, pageToken);
}

export function getStagingWizardSetup(): StagingWizardSetup {
  return stagingWizard.getStagingWizardSetup();
}

export function getExportSheetPreview(taskIds: string[]): ExportSheetPreview {
  return sheetPreview.getExportSheetPreview(taskIds);
}

/** The jobs running now (of one kind, or all): a wizard reopened mid-job finds its job here. */
export function getActiveJobs(kind: JobKind | null): JobProgress[] {
  return activeJobs(kind);
}

// ---- Delivery (PLAN 3.3), status management (4.1), recovery (4.2), reporting (6.1) ----

export function getAvailableStagedExports(): StagedExport[] {
  return delivery.getAvailableStagedExports();
}

export function previewStagedExport(batchId: string): StagedExportPreview {
  return previewStaged(batchId);
}

export function checkClientFolder(linkOrId: string, batchId: string | null): ClientFolderCheck {
  return delivery.checkClientFolder(linkOrId, batchId);
}

export function getRecentClientFolders(): RecentClientFolder[] {
  return recentClientFolders();
}

export function executeDeliveryWizard(batchId: string, clientFolderId: string): DeliveryStart {
  return delivery.executeDeliveryWizard(batchId, clientFolderId, exportCopier());
}

export function listRecoverableExports(): RecoverableExports {
  return recoverable.listRecoverableExports();
}

export function resumeFailedStaging(batchId: string): RecoveryResult {
  return recovery.resumeFailedStaging(batchId, exportCopier());
}

export function retryFailedStagingTasks(batchId: string, taskIds: string[] | null): RecoveryResult {
  return recovery.retryFailedStagingTasks(batchId, taskIds, exportCopier());
}

export function resumeFailedDelivery(batchId: string): RecoveryResult {
  return recovery.resumeFailedDelivery(batchId, exportCopier());
}

export function retryFailedDelivery(
  batchId: string,
  clientFolderId: string | null,
): RecoveryResult {
  return recovery.retryFailedDelivery(batchId, clientFolderId, exportCopier());
}

/** The watchdog trigger's handler: resumes jobs nobody drives any more, then goes when idle. */
export function runExportWatchdog(e?: GoogleAppsScript.Events.TimeDriven): void {
  void e;
  runWatchdog(handlerFor, exportCopier(), recoverable.orphanRecovery);
}

export function generateExportStatusReport(): ExportStatusReport {
  return reporting.generateExportStatusReport();
}

export function listAllExportBatches(): ExportBatchInfo[] {
  return reporting.listAllExportBatches();
}

export function cleanupFailedExports(olderThanDays: number): CleanupSummary {
  return cleanup(olderThanDays);
}

export function getTasksByExportStatus(
  status: string | null,
  exportBatchId: string | null,
): TaskSummary[] {
  return statusAdmin.getTasksByExportStatus(status, exportBatchId);
}

export function updateTaskExportStatus(
  taskIds: string[],
  status: string | null,
  exportBatchId: string | null,
  reason: string,
): { updated: string[] } {
  return statusAdmin.updateTaskExportStatus(taskIds, status, exportBatchId, reason);
}

export function getDeliveryWizardSetup(): DeliveryWizardSetup {
  return deliveryWizard.getDeliveryWizardSetup();
}

export function getDeliveryCounts(
  batchId: string,
  deliveryFolderUrl: string | null,
  taskIds: string[],
): DeliveredCount[] {
  return deliveryWizard.getDeliveryCounts(batchId, deliveryFolderUrl, taskIds);
}

/** Compile-time check that the globals above match the contract the pages use. */
const contract: ServerFunctions = {
  getHelpInfo,
  getAvailableStagedExports,
  previewStagedExport,
  checkClientFolder,
  getRecentClientFolders,
  executeDeliveryWizard,
  listRecoverableExports,
  resumeFailedStaging,
  retryFailedStagingTasks,
  resumeFailedDelivery,
  retryFailedDelivery,
  generateExportStatusReport,
  listAllExportBatches,
  cleanupFailedExports,
  getTasksByExportStatus,
  updateTaskExportStatus,
  resetTaskExportStatus,
  getStagingConfiguration,
  saveStagingFolder,
  listDriveFolders,
  getStagingWizardSetup,
  getExportFilterOptions,
  getTasksForStaging,
  getExportSheetPreview,
  executeStagingWizard,
  getActiveJobs,
  getJobProgress,
  continueJob,
  getStagedExportBatches,
  configureStagingFolder,
  showStagingWizard,
  showDeliveryWizard,
  showDeliveryWizardForBatch,
  showExportStatusReport,
  showResumeFailedExports,
  getDeliveryWizardSetup,
  getDeliveryCounts,
};
void contract;
