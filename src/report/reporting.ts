import type {
  AttentionAdvice,
  AttentionItem,
  ExportBatchInfo,
  ExportStatusFigures,
  ExportStatusReport,
  OverrideFlag,
  RecoveryAction,
  StagingUsage,
  WaitingGroup,
  WeekActivity,
} from '../shared/rpc';
import { folderUrl, getStagingFolderId } from '../config/settings';
import { FolderListingError, isFolder, listChildren } from '../drive/listing';
import { readFileMeta, unansweredMessage } from '../drive/drive-reads';
import { DailyLimitError } from '../drive/daily-limit';
import { JobState, activeJobIds, loadJob } from '../jobs/job';
import { toProgress } from '../jobs/runner';
import { LoggedChange, latestLogEntries, readExportLog } from '../status/log-reader';
import { preparedTable } from '../status/migration';
import { TableSnapshot } from '../sheet/table';
import { Task } from '../sheet/task';
import { batchesById } from '../batches/batches';
import { runningKind } from '../batches/batch-checks';
import { unreviewedStill } from '../batches/unreviewed';
import { EXPORT_STATUS_VALUES, label } from '../sheet/export-status';
import { getTasksForExport } from '../selection/selection';

/** The report lists this many tasks needing attention at most (with the total beside it). */
const ATTENTION_LIMIT = 200;
/** Measuring the staging folder stops after this long and says the figures are partial. */
const USAGE_BUDGET_MS = 20 * 1000;

/** The weeks the report's chart of staged and delivered tasks covers. */
const WEEKS = 12;
const DAY_MS = 24 * 60 * 60 * 1000;

/** PLAN 6.1: counts per status, jobs running, failures to look at, and staging folder usage. */
export function generateExportStatusReport(): ExportStatusReport {
  return { ...exportStatusFigures(), stagingUsage: stagingUsage() };
}

/**
 * The report without the staging folder's usage, for the page to refresh while jobs run: one read
 * of the tracking sheet, one of the Export Log, the script properties and each running job's
 * ledger. Measuring the staging folder lists every folder in it (up to 20 s of Drive calls), which
 * a refresh every few seconds must not repeat.
 */
export function exportStatusFigures(): ExportStatusFigures {
  const table = preparedTable();
  const all = PropertiesService.getScriptProperties().getProperties();
  const jobs = activeJobIds(all)
    .map((id) => loadJob(id, all))
    .filter((j): j is JobState => j !== null);
  const log = readExportLog();
  const attention = needingAttention(table, jobs, latestLogEntries(table, log));
  const now = new Date();
  return {
    generatedAt: now.toISOString(),
    totalTasks: table.tasks.length,
    counts: countByStatus(table.tasks),
    activeBatches: jobs.map(toProgress),
    attention: attention.slice(0, ATTENTION_LIMIT),
    attentionTotal: attention.length,
    ...readiness(table),
    weeks: weeklyActivity(log, now),
  };
}

/** Why a not exported task the default filters leave out waits, per override it would need. */
const WAITING_FOR: Record<OverrideFlag, string> = {
  includeUnreviewed: 'Review pending',
  includeFailed: 'Failed review',
  includeAlreadyExported: 'Delivered before',
};

/**
 * Not exported tasks split as the staging wizard would: ready (its default filters take them,
 * the same selection it counts) and the rest by why they wait. A ready task with no file link at
 * all is sure to fail the file check, so it waits too; the file check itself needs Drive and is
 * left to the wizard's preview.
 */
function readiness(table: TableSnapshot): { readyToStage: number; waiting: WaitingGroup[] } {
  const selection = getTasksForExport(table, {});
  const picked = new Map(selection.tasks.map((t) => [t.taskId, t]));
  const flags = new Map(selection.needOverride.map((x) => [x.taskId, x.flags]));
  let readyToStage = 0;
  const waiting = new Map<string, number>();
  const wait = (why: string) => waiting.set(why, (waiting.get(why) ?? 0) + 1);
  for (const task of table.tasks) {
    if (task.exportStatus !== null || task.invalidExportStatus !== undefined) continue;
    const summary = picked.get(task.taskId);
    const needed = flags.get(task.taskId);
    if (summary && summary.linkCount > 0) readyToStage += 1;
    else if (summary) wait('No files linked');
    else if (table.duplicateIds.has(task.taskId)) wait('Task ID on more than one row');
    else if (task.status !== 'complete') wait('Task not complete');
    else if (needed) wait(WAITING_FOR[needed[0]]);
    else wait('Review status not recognised');
  }
  return {
    readyToStage,
    waiting: [...waiting]
      .map(([why, tasks]) => ({ why, tasks }))
      .sort((a, b) => b.tasks - a.tasks || a.why.localeCompare(b.why)),
  };
}

/** The Monday (UTC) starting the week of `time`, as an ISO date. */
function weekOf(time: number): string {
  const day = new Date(time).getUTCDay();
  const monday = time - ((day + 6) % 7) * DAY_MS;
  return new Date(monday).toISOString().slice(0, 10);
}

/**
 * Tasks staged and delivered per week over the last WEEKS weeks, from the Export Log's moves that
 * finish a copy (staging to staged, delivering to delivered): a task staged twice counts twice, as
 * work done that week. A legacy delivery the migration found is logged when it was found, not
 * when it was made, and a delivery failure reset to staged copied nothing: neither counts.
 */
function weeklyActivity(log: readonly LoggedChange[], now: Date): WeekActivity[] {
  const weeks: WeekActivity[] = [];
  const first = Date.parse(weekOf(now.getTime())) - (WEEKS - 1) * 7 * DAY_MS;
  for (let i = 0; i < WEEKS; i++) {
    weeks.push({ weekStart: weekOf(first + i * 7 * DAY_MS), staged: 0, delivered: 0 });
  }
  for (const entry of log) {
    const staged = entry.from === 'staging' && entry.to === 'staged';
    const delivered = entry.from === 'delivering' && entry.to === 'delivered';
    if (!entry.time || (!staged && !delivered)) continue;
    const at = Math.floor((entry.time.getTime() - first) / (7 * DAY_MS));
    if (at < 0 || at >= WEEKS) continue;
    if (staged) weeks[at].staged += 1;
    else weeks[at].delivered += 1;
  }
  return weeks;
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
  const running = new Map(jobs.map((j) => [j.batchId, j.kind]));
  const items: AttentionItem[] = [];
  for (const task of table.tasks) {
    const status = statusKey(task);
    const inFlight = status === 'staging' || status === 'delivering';
    const failed = status === 'staging_failed' || status === 'delivery_failed';
    if (!failed && !(inFlight && !working.has(task.taskId)) && status !== 'invalid') continue;
    const entry = latest.get(task.taskId);
    const advice = adviceFor(status, task.exportBatchId, running, entry);
    const offered = advice === 'retry' || advice === 'fixFirst';
    items.push({
      taskId: task.taskId,
      batchId: task.exportBatchId,
      status: status === 'invalid' ? task.invalidExportStatus! : status,
      reason: attentionReason(status, entry),
      since: entry?.time ? entry.time.toISOString() : null,
      action: offered ? (FAILED_ACTION[status] ?? null) : null,
      advice,
      running: advice === 'running' ? (running.get(task.exportBatchId) ?? null) : null,
    });
  }
  return items.sort((a, b) => (b.since ?? '').localeCompare(a.since ?? ''));
}

/**
 * What the report offers for a task. A batch whose job runs is left to it: a retry would be
 * refused, and the job may yet settle the task. A failure whose cause time alone mends (Drive
 * busy, an export cut short) is retried as the main action. A failure that needs a person's fix
 * keeps Retry, but second to the fix: the report cannot see that the fix was made, and a retry
 * checks everything again (the files before staging, the staged files before delivery), so one
 * pressed too early fails again with the same reason and harms nothing. A failure logged before
 * causes were kept is read the same, cautiously. Staged files that changed make any retry fail:
 * only staging the task again helps, so no Retry is offered.
 */
function adviceFor(
  status: string,
  batchId: string,
  running: ReadonlyMap<string, unknown>,
  entry: LoggedChange | undefined,
): AttentionAdvice {
  if (status === 'invalid' || !batchId) return 'fixCell';
  if (running.has(batchId)) return 'running';
  if (status === 'staging' || status === 'delivering') return 'retry';
  if (entry?.cause === 'transient') return 'retry';
  if (entry?.cause === 'restage') return 'stageAgain';
  return 'fixFirst';
}

function attentionReason(status: string, entry: LoggedChange | undefined): string {
  if (status === 'invalid') return 'The Export Status cell holds something that is not a status.';
  if (status === 'staging' || status === 'delivering') {
    return 'No export job is working on this task any more; resume it from Resume failed exports.';
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
        unreviewed: unreviewedStill(record?.unreviewed, tasks),
      };
    })
    .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
}
