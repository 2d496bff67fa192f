import { CopyRequest, Copier, FolderEntry } from '../drive/copier';
import { FolderListingError, ListedItem, isFolder, listChildren } from '../drive/listing';
import { JobHandler } from '../jobs/runner';
import { JobState, TaskOutcome, failures } from '../jobs/job';
import { readTable } from '../sheet/table';
import { Task } from '../sheet/task';
import type { JobSummary } from '../shared/rpc';
import { missingCopies, planTargets } from './plan';
import { findTaskFolder } from './task-folders';
import { Transition, commitTransitions } from './transitions';

/** A copy or listing Drive keeps refusing is given up after this many tries, and the task fails. */
const MAX_ATTEMPTS = 5;

type Step = 'done' | 'partial' | 'later';

/**
 * The delivery job (PLAN 3.1): each staged task folder of the batch is copied file by file into a
 * folder of the same name inside the batch's delivery folder in the client's folder, copying only
 * what is missing, then counted there against the task's Staged Count. Only task folders of tasks
 * in the job are read; the export sheet and anything else in the batch folder stay behind.
 */
export function deliveryHandler(_job: JobState, copier: Copier): JobHandler {
  return {
    claim: claimForDelivery,
    work: (job, deadline, checkpoint) => work(job, deadline, checkpoint, copier),
    commit: commitOutcomes,
    finish,
  };
}

function work(job: JobState, deadline: number, checkpoint: () => void, copier: Copier): void {
  const table = readTable();
  const byId = new Map(table.tasks.map((t) => [t.taskId, t]));
  const folders = new SliceFolders(job, copier);
  const deferred = new Set<string>();
  while (job.pending.length > 0 && Date.now() < deadline && !deferred.has(job.pending[0])) {
    const taskId = job.pending[0];
    const task = byId.get(taskId);
    job.currentTask = taskId;
    const step: Step =
      !task || table.duplicateIds.has(taskId)
        ? settle(job, taskId, false, 0, lostRowReason(taskId, !task))
        : deliverTask(job, task, copier, deadline, folders);
    if (step === 'done') job.pending.shift();
    if (step === 'later') {
      // Tried again in a later pass, and not before every other pending task had its turn.
      deferred.add(taskId);
      job.pending.push(job.pending.shift()!);
    }
    checkpoint();
    if (step === 'partial') break;
  }
  job.currentTask = null;
  job.currentFile = null;
}

function lostRowReason(taskId: string, deleted: boolean): string {
  return deleted
    ? `Task ${taskId}: its row was deleted from the sheet while it was being delivered.`
    : `Task ${taskId}: the Task ID now appears on more than one row; make it unique and retry.`;
}

function settle(job: JobState, taskId: string, ok: boolean, files: number, reason: string): Step {
  const outcome: TaskOutcome = { taskId, ok, files, reason, committed: false };
  job.outcomes[taskId] = outcome;
  delete job.plans[taskId];
  delete job.attempts[taskId];
  return 'done';
}

function deliverTask(
  job: JobState,
  task: Task,
  copier: Copier,
  deadline: number,
  folders: SliceFolders,
): Step {
  const plan = job.plans[task.taskId] ?? planTask(job, task, copier, folders);
  if (typeof plan === 'string') return settle(job, task.taskId, false, 0, plan);
  const target = folders.clientTaskFolder(task.taskId);
  job.taskFolders[task.taskId] = target.id;
  // A folder made a moment ago is empty: no need to list it before copying.
  const present = target.fresh ? [] : copier.listFiles(target.id);
  const missing = missingCopies(plan, present);
  if (missing.length > 0) {
    const step = copyMissing(job, task, copier, target.id, missing, deadline);
    if (step) return step;
  }
  return verify(job, task, target.id);
}

/**
 * The folders a slice works between, each listed once per slice: the staging batch folder's task
 * folders, and the task folders already in the delivery folder (only this job adds to it: one job
 * per batch, and the delivery folder is the batch's own).
 */
class SliceFolders {
  private staged: FolderEntry[] | null = null;
  private delivered: FolderEntry[] | null = null;

  constructor(
    private readonly job: JobState,
    private readonly copier: Copier,
  ) {}

  stagedTaskFolders(): FolderEntry[] {
    return (this.staged ??= this.copier.listFolders(this.job.batchFolderId));
  }

  /** The task's folder in the delivery folder, found or made; `fresh` when made just now. */
  clientTaskFolder(taskId: string): { id: string; fresh: boolean } {
    const known = this.job.taskFolders[taskId];
    if (known) return { id: known, fresh: false };
    const parent = this.job.deliveryFolderId!;
    const name = this.job.folderNames[taskId];
    const existing = this.deliveredFolders().find((f) => f.name === name);
    if (existing) return { id: existing.id, fresh: false };
    try {
      const id = this.copier.createFolder(parent, name);
      this.deliveredFolders().push({ id, name, size: 0 });
      return { id, fresh: true };
    } catch (e) {
      // The create may have happened anyway (Drive can answer an error after a write).
      this.delivered = this.copier.listFolders(parent);
      const landed = this.delivered.find((f) => f.name === name);
      if (landed) return { id: landed.id, fresh: false };
      throw e;
    }
  }

  private deliveredFolders(): FolderEntry[] {
    return (this.delivered ??= this.copier.listFolders(this.job.deliveryFolderId!));
  }
}

/**
 * The copy plan: the staged task folder's files as they are listed (their names were made unique
 * when they were staged). Returns the failure reason when the folder is gone.
 */
function planTask(
  job: JobState,
  task: Task,
  copier: Copier,
  folders: SliceFolders,
): CopyRequest[] | string {
  const source = findTaskFolder(task, folders.stagedTaskFolders());
  if (!source) {
    return `Task ${task.taskId}: its folder "${task.folderName}" is no longer in the staging folder of export batch ${job.batchId} (deleted or renamed), so nothing of it was delivered. Stage the task again, then deliver it.`;
  }
  job.folderNames[task.taskId] = source.name;
  const plan = planTargets(copier.listFiles(source.id).map((f) => ({ id: f.id, name: f.name })));
  job.plans[task.taskId] = plan;
  return plan;
}

function copyMissing(
  job: JobState,
  task: Task,
  copier: Copier,
  folderId: string,
  missing: CopyRequest[],
  deadline: number,
): Step | null {
  job.currentFile = missing[0].targetName;
  const outcomes = copier.copyFiles(missing, folderId, deadline);
  job.filesCopied += outcomes.filter((o) => o.ok).length;
  const gone = outcomes.find((o) => !o.ok && !o.retry);
  if (gone && !gone.ok) {
    return settle(
      job,
      task.taskId,
      false,
      0,
      `Task ${task.taskId}: "${gone.request.targetName}" could not be copied from the staging folder: ${gone.message}. Stage the task again, then deliver it.`,
    );
  }
  if (outcomes.length < missing.length) return 'partial';
  // A refused copy may have landed anyway: the next pass lists the folder before copying again.
  if (outcomes.some((o) => !o.ok)) return retryLater(job, task.taskId);
  return null;
}

/**
 * Counts what arrived by listing the client task folder, and clears any description the copies
 * brought along (Drive copies keep their source's description, and nothing but the files may
 * reach the client). The count is not corrected by copying again: a difference is reported.
 */
function verify(job: JobState, task: Task, folderId: string): Step {
  let files: ListedItem[];
  try {
    files = listChildren(folderId).filter((item) => !isFolder(item));
  } catch (e) {
    if (!(e instanceof FolderListingError)) throw e;
    return retryLater(job, task.taskId);
  }
  for (const f of files) {
    if (f.description) DriveApp.getFileById(f.id).setDescription('');
  }
  const name = job.folderNames[task.taskId];
  const expected = task.stagedCount;
  const actual = files.length;
  if (expected === null) {
    return settle(
      job,
      task.taskId,
      false,
      actual,
      `Task ${task.taskId}: its Staged Count cell is empty, so the ${actual} file(s) in the client folder "${name}" cannot be checked. Stage the task again, then deliver it.`,
    );
  }
  if (actual !== expected) {
    return settle(
      job,
      task.taskId,
      false,
      actual,
      `Task ${task.taskId}: expected ${expected} file(s) in the client folder "${name}", found ${actual}. Retry the delivery from Resume Failed Exports.`,
    );
  }
  return settle(job, task.taskId, true, actual, `Delivered ${actual} file(s) to "${name}".`);
}

function retryLater(job: JobState, taskId: string): Step {
  const attempts = (job.attempts[taskId] ?? 0) + 1;
  job.attempts[taskId] = attempts;
  if (attempts < MAX_ATTEMPTS) return 'later';
  return settle(
    job,
    taskId,
    false,
    0,
    `Task ${taskId}: Google Drive kept refusing to copy or list its files after ${attempts} tries. Retry the delivery later from Resume Failed Exports.`,
  );
}

/**
 * Claims the job's tasks: staged -> delivering (delivery_failed -> delivering for a retry). A task
 * already delivering for this batch was claimed by a start that died before saving that it had;
 * any other task is left out with the reason.
 */
export function claimForDelivery(job: JobState): void {
  const byId = new Map(readTable().tasks.map((t) => [t.taskId, t]));
  const transitions: Transition[] = [];
  const leftOut: string[] = [];
  for (const taskId of job.taskIds) {
    const task = byId.get(taskId);
    if (task?.exportBatchId !== job.batchId) leftOut.push(taskId);
    else if (task.exportStatus === 'delivering') continue;
    else transitions.push(claimOf(job, taskId, task.exportStatus === 'delivery_failed'));
  }
  const result = commitTransitions(transitions);
  leftOut.push(...result.lost, ...result.rejected.map((r) => r.taskId));
  for (const taskId of leftOut) {
    const now = byId.get(taskId);
    job.outcomes[taskId] = {
      taskId,
      ok: false,
      files: 0,
      reason: `Task ${taskId}: it is no longer staged in export batch ${job.batchId} (now ${describe(now)}), so it was left out of this delivery.`,
      committed: true,
    };
    job.pending = job.pending.filter((id) => id !== taskId);
  }
  job.claimed = true;
}

function claimOf(job: JobState, taskId: string, retry: boolean): Transition {
  return {
    taskId,
    to: 'delivering',
    cause: retry ? 'retry' : 'deliver',
    exportBatchId: job.batchId,
    reason: retry
      ? `Delivery of export batch ${job.batchId} retried.`
      : `Delivery of export batch ${job.batchId} started.`,
  };
}

function describe(task: Task | undefined): string {
  if (!task) return 'not in the sheet';
  const status = task.invalidExportStatus ?? task.exportStatus ?? 'not exported';
  return task.exportBatchId ? `${status}, batch ${task.exportBatchId}` : status;
}

function commitOutcomes(job: JobState): void {
  const open = Object.values(job.outcomes).filter((o) => !o.committed);
  if (open.length === 0) return;
  const now = new Date();
  commitTransitions(
    open.map((o) => ({
      taskId: o.taskId,
      to: o.ok ? 'delivered' : 'delivery_failed',
      cause: o.ok ? 'verify' : 'deliver',
      reason: o.reason,
      exportBatchId: job.batchId,
      ...(o.ok ? { set: { EXPORT_TIME: now } } : {}),
    })),
  );
  // Rows deleted or changed by hand meanwhile cannot take the outcome; the job reports them anyway.
  for (const o of open) o.committed = true;
}

function finish(job: JobState): JobSummary {
  return {
    kind: 'delivery',
    batchId: job.batchId,
    succeeded: Object.values(job.outcomes).filter((o) => o.ok).length,
    failed: failures(job),
    folderUrl: job.deliveryFolderUrl ?? null,
    exportSheetUrl: null,
    filesCopied: job.filesCopied,
    finishedAt: new Date().toISOString(),
  };
}
