/** Resume failed exports (PLAN 4.2), manual status changes (4.1) and the clean-up (6.1). */
import type {
  CleanupSummary,
  RecoverableExports,
  RecoveryResult,
  TaskStatusChoices,
  TaskSummary,
} from '../shared/rpc';
import {
  cleanupFailedExports as cleanup,
  previewCleanupFailedExports as preview,
} from '../recovery/cleanup';
import * as recoverable from '../recovery/recoverable';
import * as recovery from '../recovery/recovery';
import * as statusAdmin from '../recovery/status-admin';
import { exportCopier } from './job-kinds';
import { savingUsage } from '../drive/daily-usage';

export function listRecoverableExports(): RecoverableExports {
  return recoverable.listRecoverableExports();
}

export function resumeFailedStaging(batchId: string): RecoveryResult {
  return savingUsage(() => recovery.resumeFailedStaging(batchId, exportCopier()));
}

export function retryFailedStagingTasks(batchId: string, taskIds: string[] | null): RecoveryResult {
  return savingUsage(() => recovery.retryFailedStagingTasks(batchId, taskIds, exportCopier()));
}

export function resumeFailedDelivery(batchId: string): RecoveryResult {
  return savingUsage(() => recovery.resumeFailedDelivery(batchId, exportCopier()));
}

export function retryFailedDelivery(
  batchId: string,
  clientFolderId: string | null,
): RecoveryResult {
  return savingUsage(() => recovery.retryFailedDelivery(batchId, clientFolderId, exportCopier()));
}

/** PLAN 4.1: the ops team's manual override of one task's export status, with a reason. */
export function resetTaskExportStatus(taskId: string, newStatus: string, reason: string): void {
  statusAdmin.resetTaskExportStatus(taskId, newStatus, reason);
}

/** The status change page: a task's status now and where a person may move it. */
export function getTaskStatusChoices(taskId: string): TaskStatusChoices {
  return statusAdmin.getTaskStatusChoices(taskId);
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

export function cleanupFailedExports(olderThanDays: number): CleanupSummary {
  return cleanup(olderThanDays);
}

/** The clean-up page's preview: what `cleanupFailedExports` would reset, changing nothing. */
export function previewCleanupFailedExports(olderThanDays: number): CleanupSummary {
  return preview(olderThanDays);
}
