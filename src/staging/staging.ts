import { resultSaves } from '../jobs/result-saves';
import { countCopied, drop, folderPlanOf, keepPlans, retryLater, settle } from '../jobs/outcomes';
import { pendingRows } from '../batches/pending-rows';
import { folderUrl } from '../config/settings';
import {
  Copier,
  FolderCopy,
  FolderCopyResult,
  PlanFromSources,
  copyFolders,
  folderOnce,
  folderSettlesAt,
  resumesAt,
} from '../drive/copier';
import { JobHandler } from '../jobs/runner';
import {
  JobState,
  TaskOutcome,
  changeIdOf,
  claimIdOf,
  clearCurrent,
  markCommitted,
  noteSending,
  notWritten,
  settledCurrent,
} from '../jobs/job';
import { readTable, readTableExpecting } from '../sheet/table';
import { Task } from '../sheet/task';
import type { JobSummary } from '../shared/rpc';
import { batchFolderName, loadBatch, saveBatch } from '../batches/batches';
import { unreviewedOf } from '../batches/unreviewed';
import { writeExportSheet } from './export-sheet';
import { lostItem, stagingFolderLost } from '../batches/lost-items';
import { planTargets } from '../batches/copy-plan';
import { manifestOf } from '../batches/manifest';
import { ExportState, TransitionCause } from '../sheet/export-status';
import { Transition, commitTransitions } from '../status/transitions';
import { describeFailure, linkedSources, validateWithSources } from '../selection/validation';
import { plural } from '../shared/format';

const STAGED_OR_LATER: readonly ExportState[] = [
  'staged',
  'delivering',
  'delivered',
  'delivery_failed',
];

/** The staging job: validate, copy each task's files into its folder exactly once, count. */
export const stagingJob: JobHandler = {
  claim: claimForStaging,
  work,
  commit: commitOutcomes,
  finish,
};

/**
 * Hands the pending tasks, in order, to the copier, which validates, copies and counts them until
 * the deadline; each task's result is saved as it comes. Returns when the work can go on, if it
 * stopped to wait (JobHandler.work).
 */
function work(
  job: JobState,
  deadline: number,
  checkpoint: () => void,
  copier: Copier,
): number | undefined {
  const tasks = pendingRows(job, 'staged');
  if (tasks.length > 0 && !ensureBatchFolder(job, copier, checkpoint)) {
    return folderSettlesAt(job.batchFolderPlan ?? {});
  }
  const lost = tasks.length > 0 ? lostItem(job.batchFolderId) : null;
  for (const task of lost ? tasks.splice(0) : []) {
    const reason = stagingFolderLost(task.taskId, job, lost!);
    drop(job, task.taskId, settle(job, task.taskId, false, 0, reason));
  }
  const copies = tasks.map((task) => folderCopyOf(job, task));
  clearCurrent(job);
  job.currentTask = job.pending[0] ?? null;
  const saves = resultSaves(checkpoint, copier);
  const results = copyFolders(
    copier,
    copies,
    deadline,
    (result) => {
      apply(job, result);
      settledCurrent(job, result.key);
      saves.finished();
    },
    (planned, last) => {
      keepPlans(job, planned);
      if (!last) saves.save();
    },
    noteSending(job),
  );
  for (const result of results) if (result.state === 'pending') apply(job, result);
  clearCurrent(job);
  return resumesAt(results);
}

/**
 * The batch's folder in the staging folder and its record in the registry, made once: by the start,
 * or by the first slice when the start died before (found again by its name, fixed at the start,
 * or made under the id planned and saved before). False while a creation that may have happened
 * does not show yet (the DriveApp copier): the tasks wait for a later slice.
 */
export function ensureBatchFolder(job: JobState, copier: Copier, save: () => void): boolean {
  if (job.batchFolderId) return true;
  const name = job.batchFolderName ?? batchFolderName(job.batchId);
  job.batchFolderPlan ??= {};
  const folderId = folderOnce(copier, job.stagingFolderId, name, job.batchFolderPlan, save);
  if (!folderId) return false;
  job.batchFolderId = folderId;
  job.batchFolderUrl = folderUrl(folderId);
  delete job.batchFolderPlan;
  saveBatch({
    batchId: job.batchId,
    createdAt: job.createdAt,
    createdBy: job.createdBy,
    stagingFolderId: job.stagingFolderId,
    batchFolderId: folderId,
    batchFolderName: name,
    batchFolderUrl: job.batchFolderUrl,
    exportSheetId: null,
    exportSheetUrl: null,
    deliveries: [],
    manifests: true,
  });
  return true;
}

/** What the copier should make of a task: its folder in the batch folder and its planned copies. */
function folderCopyOf(job: JobState, task: Task): FolderCopy {
  const { taskId } = task;
  return {
    key: taskId,
    parentId: job.batchFolderId,
    folderName: job.folderNames[taskId] ?? task.folderName,
    folderId: job.taskFolders[taskId],
    ...folderPlanOf(job, taskId),
    plan: job.plans[taskId] ?? validatedPlan(job, task),
  };
}

/** The plan, once the copier has looked up the task's files: validated, names made unique. */
function validatedPlan(job: JobState, task: Task): PlanFromSources {
  const { ids, resourceKeys } = linkedSources(task);
  return {
    sourceIds: ids,
    resourceKeys,
    make: (sources) => {
      const validation = validateWithSources(task, sources);
      if (!validation.isValid) return { problem: describeFailure(task, validation) };
      const plan = planTargets(validation.files);
      job.plans[task.taskId] = plan;
      return plan;
    },
  };
}

function apply(job: JobState, result: FolderCopyResult): void {
  const taskId = result.key;
  if (result.folderId) job.taskFolders[taskId] = result.folderId;
  countCopied(job, result);
  switch (result.state) {
    case 'done': {
      // What landed is the task's manifest: delivery checks the client folder against it.
      const count = result.present.length;
      const step = settle(job, taskId, true, count, `Staged ${plural(count, 'file')}.`);
      job.outcomes[taskId].manifest = manifestOf(result.present);
      return drop(job, taskId, step);
    }
    case 'invalid':
      return drop(job, taskId, settle(job, taskId, false, 0, result.problem));
    case 'failed': {
      const reason = `Task ${taskId}: "${result.request.targetName}" could not be copied: ${result.message}.`;
      return drop(job, taskId, settle(job, taskId, false, 0, reason));
    }
    case 'refused':
      return drop(job, taskId, retryLater(job, taskId, givenUp(taskId)));
    case 'pending':
      return;
  }
}

/**
 * Claims the job's tasks: each moves to "staging" with the batch id (from "not exported", from
 * "staging_failed" for a retry, from "delivered" when staging again on purpose), or is dropped with
 * a reason. A task already staging in this batch was claimed by a try that died before saving that
 * it had: that claim is done, and its Export Log row is written if the try did not get that far.
 */
export function claimForStaging(job: JobState): void {
  // A job made by an earlier version did not note where its tasks stood: the sheet says.
  const unnoted = job.taskIds.some((id) => !(id in job.claimFrom));
  const now = new Map(
    unnoted ? readTableExpecting(job.taskIds).tasks.map((t) => [t.taskId, t]) : [],
  );
  const result = commitTransitions(
    job.taskIds.map((taskId) => {
      const failed = job.outcomes[taskId];
      return failed?.atClaim && !failed.committed
        ? failedAtClaim(job, failed, now.get(taskId))
        : stagingClaim(job, taskId, now.get(taskId));
    }),
    { user: job.createdBy },
  );
  for (const o of Object.values(job.outcomes)) if (o.atClaim) o.committed = true;
  for (const taskId of [...result.lost, ...result.rejected.map((r) => r.taskId)]) {
    job.outcomes[taskId] = {
      taskId,
      ok: false,
      files: 0,
      reason: `Task ${taskId}: it changed in the sheet before staging began, so it was left out.`,
      committed: true,
    };
    job.pending = job.pending.filter((id) => id !== taskId);
  }
  job.claimed = true;
}

/** Where a claim to staging may start from, and why the task moves. */
const STAGING_CLAIMS: ReadonlyArray<[ExportState, TransitionCause]> = [
  [null, 'stage'],
  ['staging_failed', 'retry'],
  ['delivered', 'reexport'],
];

function stagingClaim(job: JobState, taskId: string, now: Task | undefined): Transition {
  const state = taskId in job.claimFrom ? job.claimFrom[taskId] : (now?.exportStatus ?? null);
  const known = STAGING_CLAIMS.find(([from]) => from === state);
  const [from, cause] = known ?? STAGING_CLAIMS[0];
  const reason =
    from === 'staging_failed'
      ? 'Staging retried from Resume failed exports.'
      : from === 'delivered'
        ? `Selected again for export batch ${job.batchId}; it was delivered before.`
        : `Selected for export batch ${job.batchId}.`;
  return {
    taskId,
    to: 'staging',
    cause,
    exportBatchId: job.batchId,
    reason,
    changeId: claimIdOf(job, taskId),
    once: { from },
  };
}

/**
 * PLAN 2.2: a task whose files failed the check when the job started moves straight to
 * staging_failed with the reason, logged once like the job's other results (its change id is the
 * one commitOutcomes would give it), and is not copied.
 */
function failedAtClaim(job: JobState, outcome: TaskOutcome, now: Task | undefined): Transition {
  const from = (
    outcome.taskId in job.claimFrom ? job.claimFrom[outcome.taskId] : (now?.exportStatus ?? null)
  ) as ExportState;
  return {
    taskId: outcome.taskId,
    to: 'staging_failed',
    cause: 'validate',
    reason: outcome.reason,
    failure: outcome.cause ?? 'fix',
    exportBatchId: job.batchId,
    set: { STAGED_COUNT: '' },
    changeId: changeIdOf(job, outcome),
    once: { from },
  };
}

function commitOutcomes(job: JobState): void {
  const open = Object.values(job.outcomes).filter((o) => !o.committed);
  if (open.length === 0) return;
  const transitions: Transition[] = open.map((o) => ({
    taskId: o.taskId,
    to: o.ok ? 'staged' : 'staging_failed',
    cause: o.ok ? 'copy' : 'validate',
    reason: o.reason,
    ...(o.ok ? {} : { failure: o.cause ?? 'fix' }),
    exportBatchId: job.batchId,
    set: o.ok ? { STAGED_COUNT: o.files } : { STAGED_COUNT: '' },
    changeId: changeIdOf(job, o),
    once: { from: 'staging' as const },
  }));
  const result = commitTransitions(transitions, { user: job.createdBy });
  markCommitted(
    job,
    open,
    notWritten(result, 'staged', (id) => filesNote(job, id)),
  );
}

function filesNote(job: JobState, taskId: string): string {
  const o = job.outcomes[taskId];
  return o?.ok
    ? ` ${o.files === 1 ? 'Its file is' : `Its ${plural(o.files, 'file')} are`} in the staging folder of export batch ${job.batchId}.`
    : '';
}

function finish(job: JobState, checkpoint: () => void): JobSummary {
  const stagedIds = new Set(
    Object.values(job.outcomes)
      .filter((o) => o.ok)
      .map((o) => o.taskId),
  );
  let sheet: { id: string; url: string } | null = null;
  // Every task of the batch that got through staging, not only this job's: a retry or a resumed
  // job rewrites the sheet of the whole batch.
  const staged = readTable().tasks.filter(
    (t) => t.exportBatchId === job.batchId && STAGED_OR_LATER.includes(t.exportStatus),
  );
  // A batch folder gone to the trash (or for good) gets no sheet; its record keeps the one it had.
  const lost = staged.length > 0 ? lostItem(job.batchFolderId) : null;
  if (staged.length > 0 && !lost) {
    sheet = writeExportSheet(job, staged, checkpoint);
    job.exportSheetUrl = sheet.url;
  }
  const batch = loadBatch(job.batchId);
  if (batch && !lost)
    saveBatch({
      ...batch,
      exportSheetId: sheet?.id ?? null,
      exportSheetUrl: sheet?.url ?? null,
      unreviewed: unreviewedOf(staged),
    });
  return {
    kind: 'staging',
    batchId: job.batchId,
    succeeded: stagedIds.size,
    failed: Object.values(job.outcomes)
      .filter((o) => !o.ok)
      .map((o) => ({ taskId: o.taskId, reason: o.reason })),
    folderUrl: job.batchFolderUrl,
    exportSheetUrl: sheet?.url ?? null,
    filesCopied: job.filesCopied,
    finishedAt: new Date().toISOString(),
  };
}

/** Why a task fails when Drive refused its copies in every slice it was tried. */
function givenUp(taskId: string): (attempts: number) => string {
  return (attempts) =>
    `Task ${taskId}: Google Drive kept refusing some copies after ${attempts} tries. Retry it later from Resume failed exports.`;
}
