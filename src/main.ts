/**
 * The Apps Script globals: menu handlers, google.script.run targets and trigger handlers. This file
 * only exposes them; the build turns each export into a top-level function of dist/Code.js.
 */
import type {
  ExportFilterOptions,
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
import { notBuiltYet } from './ui/placeholders';
import { openSidebar } from './ui/sidebars';
import * as staging from './export/staging-service';
import * as queries from './export/queries';
import { exportCopier, handlerFor } from './jobs/kinds';
import { progressOf, runActiveJobs, runSlice } from './jobs/runner';
import { loadJob } from './jobs/job';
import * as statusAdmin from './export/status-admin';

export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  void e;
  buildMenu(SpreadsheetApp.getUi());
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  void e;
  buildMenu(SpreadsheetApp.getUi());
}

export function configureStagingFolder(): void {
  notBuiltYet('Configure Staging Folder');
}

export function showStagingWizard(): void {
  notBuiltYet('Stage Tasks for Export');
}

export function showDeliveryWizard(): void {
  notBuiltYet('Deliver Staged Export');
}

export function showExportStatusReport(): void {
  notBuiltYet('Export Status Report');
}

export function showResumeFailedExports(): void {
  notBuiltYet('Resume Failed Exports');
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

/** Compile-time check that the globals above match the contract the pages use. */
const contract: ServerFunctions = {
  getHelpInfo,
};
void contract;
