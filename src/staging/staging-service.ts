import type {
  ExportFilters,
  StagingConfiguration,
  StagingPreview,
  StagingSelection,
  StagingStart,
} from '../shared/rpc';
import { FolderInfo, getStagingFolderId, requireStagingFolder } from '../config/settings';
import { Copier, mayHaveLanded, sourceFilesOf } from '../drive/copier';
import { DailyLimitError } from '../drive/daily-limit';
import { JobState, activeJobIds, loadJob, newJob, saveJob } from '../jobs/job';
import { releaseLease, takeLease } from '../jobs/lease';
import { abandonJob, startJob } from '../jobs/start';
import { SHORT_WAIT_MS, underScriptLock } from '../jobs/lock';
import { preparedTable } from '../status/migration';
import { TableSnapshot } from '../sheet/table';
import { Task } from '../sheet/task';
import { currentUser } from '../status/export-log';
import { BATCH_ID_PATTERN, allBatches, batchFolderName, newBatchId } from '../batches/batches';
import { checkFilters, selectTasks } from '../selection/filters';
import { getTasksForExport } from '../selection/selection';
import { describeFailure, linkedSources, validateWithSources } from '../selection/validation';
import { claimForStaging, ensureBatchFolder } from './staging';
import { estimateSizes } from '../selection/estimate';
import { planVolume, storageRefusal } from '../selection/volume-plan';
import { spentToday, transferLimit } from '../drive/daily-usage';
import { accountTier, driveStorage } from '../drive/capacity';
import { statusWords } from '../shared/format';

/** A request the staging wizard cannot carry out; the message is for the ops person. */
export class StagingRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StagingRequestError';
  }
}

export function getStagingConfiguration(): StagingConfiguration {
  try {
    return { folder: requireStagingFolder(), error: null, unset: false };
  } catch (e) {
    return { folder: null, error: (e as Error).message, unset: getStagingFolderId() === null };
  }
}

/** PLAN 2.4: the selection, with file counts, size estimates and the staging destination. */
export function getTasksForStaging(filters: unknown, copier: Copier): StagingPreview {
  const checked = checkFilters(filters);
  const table = preparedTable();
  const selection = getTasksForExport(table, checked);
  const config = getStagingConfiguration();
  const byId = new Map(table.tasks.map((t) => [t.taskId, t]));
  const tasks = selection.tasks.map((s) => byId.get(s.taskId)!);
  const sizes = estimateSizes(tasks, copier);
  // Planned for the tasks staging copies: those found failing are marked failed at the start.
  const failing = sizes.perTask.filter((t) => t.problems.length > 0);
  const staged = tasks.length - failing.length;
  const plan =
    staged === 0
      ? null
      : planVolume({
          phase: 'staging',
          files: sizes.fileCount,
          bytes: sizes.totalBytes,
          tasks: staged,
          largestTask: Math.max(
            0,
            ...sizes.perTask.filter((t) => t.problems.length === 0).map((t) => t.files),
          ),
          tier: accountTier(),
          storage: driveStorage(),
          spentToday: spentToday(),
          transferLimit: transferLimit(),
        });
  const batchId = chooseBatchId(table, undefined);
  return {
    batchId,
    selection,
    destination: config.folder
      ? { ...config.folder, batchFolderName: batchFolderName(batchId) }
      : null,
    destinationError: config.error,
    ...sizes,
    plan,
  };
}

/**
 * PLAN 2.4: starts a staging job and returns at once; the job runs in slices driven by the
 * sidebar (continueJob) or the continuation trigger. Everything is checked before anything
 * changes: staging folder, selection, batch id, tasks still eligible and not in another job.
 */
export function executeStagingWizard(
  selection: StagingSelection,
  exportBatchId: string | undefined,
  copier: Copier,
): StagingStart {
  return underScriptLock(
    SHORT_WAIT_MS,
    () => startUnderLock(selection, exportBatchId, copier),
    () => {
      throw new StagingRequestError(
        'Another export is being started right now. Wait a moment and try again.',
      );
    },
  );
}

function startUnderLock(
  selection: StagingSelection,
  exportBatchId: string | undefined,
  copier: Copier,
): StagingStart {
  requireSomeTasks(selection);
  const staging = requireStagingFolder();
  let table = preparedTable();
  const unfinished = unfinishedStart(idsOf(selection));
  if (unfinished) return finishStart(unfinished, copier);
  let tasks: Task[];
  try {
    tasks = checkSelection(table, selection);
  } catch (e) {
    // A row inserted or deleted by someone while the sheet was being read shifts what was read:
    // one more read tells a task that moved from one that is gone.
    if (!(e instanceof StagingRequestError)) throw e;
    table = preparedTable();
    tasks = checkSelection(table, selection);
  }
  // Checked again now with the preview's estimate: its storage figures may be hours old.
  const bytes = selectionBytes(selection);
  const full = bytes === null ? null : storageRefusal(bytes, driveStorage());
  if (full) throw new StagingRequestError(full);
  const failing = failingNow(tasks, selection, copier);
  const batchId = chooseBatchId(table, exportBatchId, selection.batchId);
  const job = newStagingJob(batchId, tasks, staging, batchFolderName(batchId), failing);
  // From here on the job is resumed however this execution ends; its first slice makes the
  // batch folder if this start did not get that far.
  startJob(job);
  return claimed(job, copier);
}

/**
 * The batch folder made (or, when Drive said no, the job taken back), the tasks claimed, the job
 * saved. A folder whose creation got no clear answer is left to the job's slices, which find it or
 * make it under the same plan.
 */
function claimed(job: JobState, copier: Copier): StagingStart {
  try {
    ensureBatchFolder(job, copier, () => saveJob(job));
  } catch (e) {
    if (!mayHaveLanded(e)) {
      abandonJob(job);
      throw e;
    }
  }
  claimForStaging(job);
  saveJob(job);
  return { jobId: job.id, batchId: job.batchId, taskCount: job.pending.length };
}

/**
 * A start cut short after it registered its job (the person was shown an error) leaves the job
 * waiting for its first slice, its tasks maybe not claimed yet, so that a preview still offers
 * them. Started again on any of them, the start finishes that job instead of making a second
 * batch, whose tasks the first job would then find taken (an empty batch folder, a batch record
 * without tasks, and a summary of failures).
 */
function unfinishedStart(taskIds: readonly string[]): JobState | null {
  const all = PropertiesService.getScriptProperties().getProperties();
  const wanted = new Set(taskIds);
  for (const id of activeJobIds(all)) {
    const job = loadJob(id, all);
    if (job?.kind === 'staging' && !job.claimed && job.taskIds.some((t) => wanted.has(t))) {
      return job;
    }
  }
  return null;
}

/** Finishes a start cut short, unless a slice of its job is at it already (it claims then). */
function finishStart(job: JobState, copier: Copier): StagingStart {
  const holder = Utilities.getUuid();
  if (!takeLease(job.id, holder)) {
    return { jobId: job.id, batchId: job.batchId, taskCount: job.taskIds.length };
  }
  try {
    return claimed(job, copier);
  } finally {
    releaseLease(job.id, holder);
  }
}

/**
 * The bytes the selection's staging copies, as the wizard's preview estimated them. A start without
 * the estimate is not sized again here (that takes a lookup of every file): a copy that Drive
 * refuses for storage fails its task plainly anyway.
 */
function selectionBytes(selection: StagingSelection): number | null {
  const given = Number(selection.bytes);
  return selection.bytes !== undefined && Number.isFinite(given) && given >= 0 ? given : null;
}

/** The tasks to stage and those the preview found will fail the file check, each once. */
function idsOf(selection: StagingSelection): string[] {
  const failing = Array.isArray(selection.failing) ? selection.failing : [];
  return [...new Set([...selection.taskIds, ...failing].map(String))];
}

/**
 * PLAN 2.2: of the tasks the preview found will fail the file check, those whose files still fail
 * it, with the reason, looked up again now (only these: the others are checked as they are
 * copied). A task fixed since the preview is staged; when a daily limit stops the lookup, the
 * tasks are staged and checked as they are copied, as any task is.
 */
function failingNow(
  tasks: readonly Task[],
  selection: StagingSelection,
  copier: Copier,
): Map<string, string> {
  const wanted = new Set((Array.isArray(selection.failing) ? selection.failing : []).map(String));
  const suspects = tasks.filter((t) => wanted.has(t.taskId));
  const failing = new Map<string, string>();
  if (suspects.length === 0) return failing;
  const linked = suspects.map(linkedSources);
  const resourceKeys = Object.assign({}, ...linked.map((l) => l.resourceKeys)) as Record<
    string,
    string
  >;
  let sources: ReturnType<typeof sourceFilesOf>;
  try {
    sources = sourceFilesOf(
      copier,
      linked.flatMap((l) => l.ids),
      resourceKeys,
    );
  } catch (e) {
    if (e instanceof DailyLimitError) return failing;
    throw e;
  }
  for (const task of suspects) {
    const result = validateWithSources(task, sources);
    if (!result.isValid) failing.set(task.taskId, describeFailure(task, result));
  }
  return failing;
}

function requireSomeTasks(selection: StagingSelection): void {
  if (!selection || !Array.isArray(selection.taskIds) || idsOf(selection).length === 0) {
    throw new StagingRequestError(
      'No tasks are selected. Change the filters so that some tasks match.',
    );
  }
}

function checkSelection(table: TableSnapshot, selection: StagingSelection): Task[] {
  const ids = idsOf(selection);
  const duplicates = ids.filter((id) => table.duplicateIds.has(id));
  if (duplicates.length > 0) {
    throw new StagingRequestError(
      `These Task IDs appear on more than one row: ${duplicates.join(', ')}. Make each Task ID unique, then try again.`,
    );
  }
  const filters: ExportFilters = checkFilters(selection.filters);
  const eligible = new Set(
    selectTasks(table.tasks, { ...filters, taskIds: undefined }).map((t) => t.taskId),
  );
  const byId = new Map(table.tasks.map((t) => [t.taskId, t]));
  const problems: string[] = [];
  for (const id of ids) {
    const task = byId.get(id);
    if (!task) problems.push(`Task ${id} is no longer in the sheet`);
    else if (task.exportStatus === 'staging' || task.exportStatus === 'delivering') {
      problems.push(
        `Task ${id} is already in export batch ${task.exportBatchId} (“${statusWords(task.exportStatus)}”)`,
      );
    } else if (task.exportStatus === 'staging_failed' && task.exportBatchId && !eligible.has(id)) {
      // Marked at the start of a batch since the preview: its files failed the check (PLAN 2.2).
      problems.push(
        `Task ${id} is already in export batch ${task.exportBatchId} (“${statusWords('staging_failed')}”)`,
      );
    } else if (!eligible.has(id)) {
      problems.push(
        `Task ${id} changed since the preview and no longer matches (export status “${statusWords(task.exportStatus ?? 'not exported')}”, review: ${task.reviewStatus || 'none'})`,
      );
    }
  }
  if (problems.length > 0) {
    throw new StagingRequestError(
      `${problems.join('. ')}. Go back to the preview to refresh the list.`,
    );
  }
  return ids.map((id) => byId.get(id)!);
}

/**
 * The id asked for (an error if it cannot be had), else the one the preview showed if still
 * free, else a fresh one.
 */
function chooseBatchId(
  table: TableSnapshot,
  requested: string | undefined,
  shown?: unknown,
): string {
  const used = new Set([
    ...table.tasks.map((t) => t.exportBatchId).filter((id) => id !== ''),
    ...allBatches().map((b) => b.batchId),
  ]);
  if (requested === undefined || requested === null || requested === '') {
    const proposal = typeof shown === 'string' ? shown : '';
    if (BATCH_ID_PATTERN.test(proposal) && !used.has(proposal)) return proposal;
    return newBatchId((id) => used.has(id));
  }
  const id = String(requested).trim();
  if (!BATCH_ID_PATTERN.test(id)) {
    throw new StagingRequestError(
      `"${id}" cannot be an export batch id: use 3 to 40 letters, digits, "-" or "_".`,
    );
  }
  if (used.has(id)) {
    throw new StagingRequestError(`Export batch ${id} exists already. Choose another batch id.`);
  }
  return id;
}

/** Folder names unique within the batch: a repeated Folder Name gets its Task ID appended. */
function folderNamesOf(tasks: readonly Task[]): Record<string, string> {
  const count = new Map<string, number>();
  for (const t of tasks) count.set(t.folderName, (count.get(t.folderName) ?? 0) + 1);
  return Object.fromEntries(
    tasks.map((t) => [
      t.taskId,
      (count.get(t.folderName) ?? 0) > 1 ? `${t.folderName} (${t.taskId})` : t.folderName,
    ]),
  );
}

/**
 * The job of a new batch. Tasks that fail the file check (`failing`, with the reason) get their
 * result at once and are not copied: its claim marks them staging_failed (claimForStaging).
 */
function newStagingJob(
  batchId: string,
  tasks: readonly Task[],
  staging: FolderInfo,
  batchFolderName: string,
  failing: ReadonlyMap<string, string>,
): JobState {
  const ids = tasks.map((t) => t.taskId);
  const job = newJob('staging', batchId, ids, currentUser(), {
    stagingFolderId: staging.id,
    batchFolderId: '',
    batchFolderName,
    batchFolderUrl: '',
    exportSheetId: null,
    exportSheetUrl: null,
    claimed: false,
    folderNames: folderNamesOf(tasks),
    claimFrom: Object.fromEntries(tasks.map((t) => [t.taskId, t.exportStatus])),
  });
  for (const [taskId, reason] of failing) {
    job.outcomes[taskId] = { taskId, ok: false, files: 0, reason, committed: false, atClaim: true };
  }
  job.pending = ids.filter((id) => !failing.has(id));
  return job;
}
