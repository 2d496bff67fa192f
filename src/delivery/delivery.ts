import {
  Step,
  countCopied,
  drop,
  folderPlanOf,
  keepPlans,
  retryLater,
  settle,
} from '../jobs/outcomes';
import { pendingRows } from '../batches/pending-rows';
import { clearDescription } from '../drive/files';
import {
  CopyRequest,
  Copier,
  FolderCopy,
  FolderCopyResult,
  FolderEntry,
  PlanFromFolder,
  copyFolders,
} from '../drive/copier';
import { JobHandler } from '../jobs/runner';
import { JobState, changeIdOf, claimIdOf, failures, markCommitted, notWritten } from '../jobs/job';
import { readTableExpecting } from '../sheet/table';
import { Task, text } from '../sheet/task';
import { shorten } from '../drive/links';
import type { JobSummary } from '../shared/rpc';
import { planTargets } from '../batches/copy-plan';
import { deliveryFolderLost, lostItem } from '../batches/lost-items';
import { findTaskFolder } from '../batches/task-folders';
import { Transition, commitTransitions } from '../status/transitions';

/** A task Drive keeps refusing to copy or list is given up after this many passes, and fails. */
/**
 * The delivery job (PLAN 3.1): each staged task folder of the batch is copied file by file into a
 * folder of the same name inside the batch's delivery folder in the client's folder, copying only
 * what is missing, then counted there against the task's Staged Count. Only task folders of tasks
 * in the job are read; the export sheet and anything else in the batch folder stay behind.
 */
export const deliveryJob: JobHandler = {
  claim: claimForDelivery,
  work,
  commit: commitOutcomes,
  finish,
};

/**
 * Hands the pending tasks, in order, to the copier, which fills their client task folders until
 * the deadline and lists each one once its copies are made; each task is counted from that listing
 * as its result comes, and saved.
 */
function work(job: JobState, deadline: number, checkpoint: () => void, copier: Copier): void {
  const staged = stagedTaskFolders(job, copier);
  const tasks = new Map<string, Task>();
  const copies: FolderCopy[] = [];
  for (const task of pendingRows(job, 'delivered')) {
    const copy = folderCopyOf(job, task, staged);
    if (typeof copy === 'string') {
      drop(job, task.taskId, settle(job, task.taskId, false, 0, copy));
    } else {
      tasks.set(task.taskId, task);
      copies.push(copy);
    }
  }
  const lost = copies.length > 0 ? lostItem(job.deliveryFolderId!) : null;
  for (const { key } of lost ? copies.splice(0) : []) {
    drop(job, key, settle(job, key, false, 0, deliveryFolderLost(key, job, lost!)));
  }
  job.currentTask = job.pending[0] ?? null;
  job.currentFile = null;
  const results = copyFolders(
    copier,
    copies,
    deadline,
    (result) => {
      apply(job, tasks.get(result.key)!, result);
      job.currentTask = job.pending[0] ?? null;
      checkpoint();
    },
    (planned) => {
      keepPlans(job, planned);
      checkpoint();
    },
  );
  for (const result of results) {
    if (result.state === 'pending') apply(job, tasks.get(result.key)!, result);
  }
  job.currentTask = null;
}

/** The staging batch folder's task folders, listed once per slice, and only if a task needs them. */
function stagedTaskFolders(job: JobState, copier: Copier): () => FolderEntry[] {
  let listed: FolderEntry[] | null = null;
  return () => (listed ??= copier.listFolders(job.batchFolderId));
}

/**
 * What the copier should make of a task: its folder in the delivery folder, named as its staged
 * folder, holding copies of the staged folder's files (planned from its listing the first time).
 * Returns the failure reason when the staged folder is gone.
 */
function folderCopyOf(job: JobState, task: Task, staged: () => FolderEntry[]): FolderCopy | string {
  const { taskId } = task;
  const base = {
    key: taskId,
    parentId: job.deliveryFolderId!,
    folderId: job.taskFolders[taskId],
    ...folderPlanOf(job, taskId),
    // A file removed from the client folder after it was copied is reported by the count, not hidden.
    remakeLost: false,
  };
  const plan = job.plans[taskId];
  const name = job.folderNames[taskId];
  if (plan && name) return { ...base, folderName: name, plan: forClient(plan) };
  const source = findTaskFolder(task, staged());
  if (!source) {
    return `Task ${taskId}: its folder "${task.folderName}" is no longer in the staging folder of export batch ${job.batchId} (deleted or renamed), so nothing of it was delivered. Stage the task again, then deliver it.`;
  }
  job.folderNames[taskId] = source.name;
  return { ...base, folderName: source.name, plan: planFromStaged(job, taskId, source.id) };
}

/** The plan, made once the copier has listed the staged folder (names were made unique then). */
function planFromStaged(job: JobState, taskId: string, sourceFolderId: string): PlanFromFolder {
  return {
    sourceFolderId,
    make: (files) => {
      const plan = planTargets(files);
      job.plans[taskId] = plan;
      return forClient(plan);
    },
  };
}

/**
 * The copies as they go to the client: without a description, which Drive would otherwise copy
 * from the staged file, and which may hold internal notes.
 */
function forClient(plan: readonly CopyRequest[]): CopyRequest[] {
  return plan.map((r) => ({ ...r, description: '' }));
}

function apply(job: JobState, task: Task, result: FolderCopyResult): void {
  const taskId = result.key;
  if (result.folderId) job.taskFolders[taskId] = result.folderId;
  countCopied(job, result);
  switch (result.state) {
    case 'done':
    case 'short':
      // The copier listed the folder after the last copy: that listing is the count.
      return drop(job, taskId, count(job, task, result.present));
    case 'invalid':
      return drop(job, taskId, settle(job, taskId, false, 0, result.problem));
    case 'failed': {
      const reason = `Task ${taskId}: "${result.request.targetName}" could not be copied from the staging folder: ${result.message}. Stage the task again, then deliver it.`;
      return drop(job, taskId, settle(job, taskId, false, 0, reason));
    }
    case 'refused':
      // A refused copy may have landed anyway: the next pass lists the folder before copying again.
      return drop(job, taskId, retryLater(job, taskId, givenUp(taskId)));
    case 'pending':
      return;
  }
}

/**
 * Counts what arrived from the listing of the client task folder made after its copies, and clears
 * any description left on a file there (nothing but the files may reach the client). The count is
 * not corrected by copying again: a difference is reported.
 */
function count(job: JobState, task: Task, present: readonly FolderEntry[]): Step {
  for (const f of present) {
    if (f.description) clearDescription(f.id);
  }
  const name = job.folderNames[task.taskId];
  const expected = task.stagedCount;
  const actual = present.length;
  if (expected === null) {
    return settle(
      job,
      task.taskId,
      false,
      actual,
      `Task ${task.taskId}: its Staged Count cell ${stagedCountCell(task)}, so the ${actual} file(s) in the client folder "${name}" cannot be checked. Stage the task again, then deliver it.`,
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

/** What an unreadable Staged Count cell holds, in words: empty, or typed over by hand. */
function stagedCountCell(task: Task): string {
  const typed = text(task.cells.STAGED_COUNT);
  return typed ? `holds "${shorten(typed)}", which is not a number` : 'is empty';
}

/**
 * Claims the job's tasks: staged -> delivering (delivery_failed -> delivering for a retry). A task
 * already delivering for this batch was claimed by a try that died before saving that it had: that
 * claim is done, and its Export Log row is written if the try did not get that far. A task no
 * longer in the batch, or that changed meanwhile, is left out with the reason.
 */
export function claimForDelivery(job: JobState): void {
  const byId = new Map(readTableExpecting(job.taskIds).tasks.map((t) => [t.taskId, t]));
  const transitions: Transition[] = [];
  const leftOut: string[] = [];
  for (const taskId of job.taskIds) {
    const task = byId.get(taskId);
    if (task?.exportBatchId !== job.batchId) leftOut.push(taskId);
    else transitions.push(claimOf(job, taskId, task));
  }
  const result = commitTransitions(transitions, { user: job.createdBy });
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

function claimOf(job: JobState, taskId: string, now: Task): Transition {
  // A job made by an earlier version did not note where its tasks stood: the sheet says.
  const from = taskId in job.claimFrom ? job.claimFrom[taskId] : now.exportStatus;
  const retry = from === 'delivery_failed';
  return {
    taskId,
    to: 'delivering',
    cause: retry ? 'retry' : 'deliver',
    exportBatchId: job.batchId,
    reason: retry
      ? `Delivery of export batch ${job.batchId} retried.`
      : `Delivery of export batch ${job.batchId} started.`,
    changeId: claimIdOf(job, taskId),
    once: { from: retry ? 'delivery_failed' : 'staged' },
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
  const result = commitTransitions(
    open.map((o) => ({
      taskId: o.taskId,
      to: o.ok ? 'delivered' : 'delivery_failed',
      cause: o.ok ? 'verify' : 'deliver',
      reason: o.reason,
      exportBatchId: job.batchId,
      ...(o.ok ? { set: { EXPORT_TIME: now } } : {}),
      changeId: changeIdOf(job, o),
      once: { from: 'delivering' as const },
    })),
    { user: job.createdBy },
  );
  markCommitted(job, open, notWritten(result, 'delivered'));
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

/** Why a task fails when Drive refused its copies in every slice it was tried. */
function givenUp(taskId: string): (attempts: number) => string {
  return (attempts) =>
    `Task ${taskId}: Google Drive kept refusing to copy or list its files after ${attempts} tries. Retry the delivery later from Resume Failed Exports.`;
}
