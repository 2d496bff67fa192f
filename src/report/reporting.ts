import type {
  AttentionItem,
  ExportBatchInfo,
  ExportStatusReport,
  RecoveryAction,
  StagingUsage,
} from '../shared/rpc';
import { folderUrl, getStagingFolderId } from '../config/settings';
import { FolderListingError, isFolder, listChildren } from '../drive/listing';
import { readFileMeta, unansweredMessage } from '../drive/drive-reads';
import { DailyLimitError } from '../drive/daily-limit';
import { JobState, activeJobIds, loadJob } from '../jobs/job';
import { toProgress } from '../jobs/runner';
import { LoggedChange, latestLogEntries } from '../status/log-reader';
import { preparedTable } from '../status/migration';
import { TableSnapshot } from '../sheet/table';
import { Task } from '../sheet/task';
import { batchesById } from '../batches/batches';
import { runningKind } from '../batches/batch-checks';
import { EXPORT_STATUS_VALUES, label } from '../sheet/export-status';

/** The report lists this many tasks needing attention at most (with the total beside it). */
const ATTENTION_LIMIT = 200;
/** Measuring the staging folder stops after this long and says the figures are partial. */
const USAGE_BUDGET_MS = 20 * 1000;

/** PLAN 6.1: counts per status, jobs running, failures to look at, and staging folder usage. */
export function generateExportStatusReport(): ExportStatusReport {
  const table = preparedTable();
  const all = PropertiesService.getScriptProperties().getProperties();
  const jobs = activeJobIds(all)
    .map((id) => loadJob(id, all))
    .filter((j): j is JobState => j !== null);
  const attention = needingAttention(table, jobs, latestLogEntries(table));
  return {
    generatedAt: new Date().toISOString(),
    totalTasks: table.tasks.length,
    counts: countByStatus(table.tasks),
    activeBatches: jobs.map(toProgress),
    attention: attention.slice(0, ATTENTION_LIMIT),
    attentionTotal: attention.length,
    stagingUsage: stagingUsage(),
  };
}

function statusKey(task: Task): string {
  return task.invalidExportStatus !== undefined ? 'invalid' : label(task.exportStatus);
}

function countByStatus(tasks: readonly Task[]): Record<string, number> {
  const counts: Record<string, number> = { [label(null)]: 0 };
  for (const s of EXPORT_STATUS_VALUES) counts[s] = 0;
  for (const t of tasks) counts[statusKey(t)] = (counts[statusKey(t)] ?? 0) + 1;
  return counts;
}

const FAILED_ACTION: Partial<Record<string, RecoveryAction>> = {
  staging_failed: 'retryFailedStagingTasks',
  delivery_failed: 'retryFailedDelivery',
  staging: 'resumeFailedStaging',
  delivering: 'resumeFailedDelivery',
};

/** Failed tasks, tasks in flight that no job works on, and cells holding no known status. */
function needingAttention(
  table: TableSnapshot,
  jobs: readonly JobState[],
  latest: Map<string, LoggedChange>,
): AttentionItem[] {
  const working = new Set(jobs.flatMap((j) => j.pending));
  const items: AttentionItem[] = [];
  for (const task of table.tasks) {
    const status = statusKey(task);
    const inFlight = status === 'staging' || status === 'delivering';
    const failed = status === 'staging_failed' || status === 'delivery_failed';
    if (!failed && !(inFlight && !working.has(task.taskId)) && status !== 'invalid') continue;
    const entry = latest.get(task.taskId);
    items.push({
      taskId: task.taskId,
      batchId: task.exportBatchId,
      status: status === 'invalid' ? task.invalidExportStatus! : status,
      reason: attentionReason(status, entry),
      since: entry?.time ? entry.time.toISOString() : null,
      action: task.exportBatchId ? (FAILED_ACTION[status] ?? null) : null,
    });
  }
  return items.sort((a, b) => (b.since ?? '').localeCompare(a.since ?? ''));
}

function attentionReason(status: string, entry: LoggedChange | undefined): string {
  if (status === 'invalid') return 'The Export Status cell holds something that is not a status.';
  if (status === 'staging' || status === 'delivering') {
    return 'No export job is working on this task any more; resume it from Resume Failed Exports.';
  }
  return entry?.reason || 'No reason was recorded in the Export Log.';
}

/**
 * Files and bytes under the staging folder, listed folder by folder for as long as the budget
 * allows; `complete` says whether every folder was counted.
 */
function stagingUsage(): StagingUsage {
  try {
    return measureStaging();
  } catch (e) {
    if (!(e instanceof DailyLimitError)) throw e;
    // The rest of the report needs no Drive request: it is shown all the same.
    return {
      configured: true,
      folder: null,
      folders: 0,
      files: 0,
      bytes: 0,
      complete: false,
      error: `The staging folder was not measured: ${e.message}`,
    };
  }
}

function measureStaging(): StagingUsage {
  const usage: StagingUsage = {
    configured: false,
    folder: null,
    folders: 0,
    files: 0,
    bytes: 0,
    complete: true,
    error: null,
  };
  const id = getStagingFolderId();
  if (!id) return usage;
  usage.configured = true;
  const meta = readFileMeta(id, 'id,name,webViewLink');
  if (meta.kind !== 'ok' || !meta.body) {
    return {
      ...usage,
      complete: false,
      error:
        meta.kind === 'notFound'
          ? `The staging folder (${id}) could not be opened: it was deleted or is not shared with you.`
          : `The staging folder was not measured: ${unansweredMessage(meta, `the staging folder (${id})`)}`,
    };
  }
  usage.folder = { id, name: meta.body.name, url: meta.body.webViewLink ?? folderUrl(id) };
  const deadline = Date.now() + USAGE_BUDGET_MS;
  const queue = [id];
  try {
    while (queue.length > 0) {
      if (Date.now() > deadline) {
        usage.complete = false;
        break;
      }
      for (const item of listChildren(queue.shift()!)) {
        if (isFolder(item)) {
          usage.folders += 1;
          queue.push(item.id);
        } else {
          usage.files += 1;
          usage.bytes += item.size;
        }
      }
    }
  } catch (e) {
    if (!(e instanceof FolderListingError)) throw e;
    usage.complete = false;
    usage.error = e.busy
      ? `Google Drive is busy and did not list part of the staging folder, even after several tries (code ${e.status || 'none'}); the figures are partial. Try again in a few minutes.`
      : `Google Drive did not list part of the staging folder (code ${e.status}); the figures are partial.`;
  }
  return usage;
}

/** PLAN 6.1: every export batch, from the registry and the sheet, newest first. */
export function listAllExportBatches(): ExportBatchInfo[] {
  const table = preparedTable();
  const all = PropertiesService.getScriptProperties().getProperties();
  const records = batchesById();
  const tasksOf = new Map<string, Task[]>();
  for (const t of table.tasks) {
    if (!t.exportBatchId) continue;
    tasksOf.set(t.exportBatchId, [...(tasksOf.get(t.exportBatchId) ?? []), t]);
  }
  const ids = new Set([...records.keys(), ...tasksOf.keys()]);
  return [...ids]
    .map((batchId): ExportBatchInfo => {
      const record = records.get(batchId);
      const tasks = tasksOf.get(batchId) ?? [];
      const counts: Record<string, number> = {};
      for (const t of tasks) counts[statusKey(t)] = (counts[statusKey(t)] ?? 0) + 1;
      return {
        batchId,
        createdAt: record?.createdAt ?? null,
        createdBy: record?.createdBy ?? null,
        taskCount: tasks.length,
        counts,
        stagingFolderUrl: record?.batchFolderUrl ?? null,
        exportSheetUrl: record?.exportSheetUrl ?? null,
        stagingFolderName: record?.batchFolderName ?? null,
        deliveries: (record?.deliveries ?? []).map((d) => ({
          clientFolderUrl: d.clientFolderUrl ?? folderUrl(d.clientFolderId),
          clientFolderName: d.clientFolderName ?? null,
          deliveryFolderUrl: d.url,
          at: d.at,
          by: d.by ?? null,
        })),
        running: runningKind(batchId, all),
      };
    })
    .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
}
