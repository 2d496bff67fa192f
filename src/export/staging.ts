import { Copier, findOrCreateFolder } from '../drive/copier';
import { JobHandler } from '../jobs/runner';
import { JobState, TaskOutcome } from '../jobs/job';
import { readTable } from '../sheet/table';
import { Task } from '../sheet/task';
import type { JobSummary } from '../shared/rpc';
import { loadBatch, saveBatch } from './batches';
import { writeExportSheet } from './export-sheet';
import { missingCopies, planTargets } from './plan';
import { Transition, commitTransitions } from './transitions';
import { describeFailure, validateProductionFiles } from './validation';

/** A copy Drive keeps refusing is given up after this many slices, and the task fails. */
const MAX_ATTEMPTS = 5;

type Step = 'done' | 'partial' | 'later';

/** The staging job: validate, copy each task's files into its folder exactly once, count. */
export function stagingHandler(_job: JobState, copier: Copier): JobHandler {
  return {
    claim: claimForStaging,
    work: (job, deadline, checkpoint) => work(job, deadline, checkpoint, copier),
    commit: commitOutcomes,
    finish,
  };
}

function work(job: JobState, deadline: number, checkpoint: () => void, copier: Copier): void {
  const table = readTable();
  const byId = new Map(table.tasks.map((t) => [t.taskId, t]));
  while (job.pending.length > 0 && Date.now() < deadline) {
    const taskId = job.pending[0];
    const task = byId.get(taskId);
    job.currentTask = taskId;
    const step: Step =
      !task || table.duplicateIds.has(taskId)
        ? settle(job, taskId, false, 0, lostRowReason(taskId, !task))
        : stageTask(job, task, copier, deadline);
    if (step === 'done') job.pending.shift();
    if (step === 'later') job.pending.push(job.pending.shift()!);
    checkpoint();
    if (step === 'partial') break;
  }
  job.currentTask = null;
  job.currentFile = null;
}

function lostRowReason(taskId: string, deleted: boolean): string {
  return deleted
    ? `Task ${taskId}: its row was deleted from the sheet while it was being staged.`
    : `Task ${taskId}: the Task ID now appears on more than one row; make it unique and retry.`;
}

function settle(job: JobState, taskId: string, ok: boolean, files: number, reason: string): Step {
  const outcome: TaskOutcome = { taskId, ok, files, reason, committed: false };
  job.outcomes[taskId] = outcome;
  delete job.plans[taskId];
  delete job.attempts[taskId];
  return 'done';
}

function stageTask(job: JobState, task: Task, copier: Copier, deadline: number): Step {
  let plan = job.plans[task.taskId];
  if (!plan) {
    const validation = validateProductionFiles(task, copier);
    if (!validation.isValid)
      return settle(job, task.taskId, false, 0, describeFailure(task, validation));
    plan = planTargets(validation.files);
    job.plans[task.taskId] = plan;
  }
  const folderId =
    job.taskFolders[task.taskId] ??
    findOrCreateFolder(copier, job.batchFolderId, job.folderNames[task.taskId] ?? task.folderName);
  job.taskFolders[task.taskId] = folderId;
  const missing = missingCopies(plan, copier.listFiles(folderId));
  if (missing.length > 0) {
    const step = copyMissing(job, task, copier, folderId, missing, deadline);
    if (step) return step;
  }
  const present = copier.listFiles(folderId);
  if (missingCopies(plan, present).length > 0) return retryLater(job, task.taskId);
  return settle(job, task.taskId, true, present.length, `Staged ${present.length} file(s).`);
}

function copyMissing(
  job: JobState,
  task: Task,
  copier: Copier,
  folderId: string,
  missing: ReturnType<typeof missingCopies>,
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
      `Task ${task.taskId}: "${gone.request.targetName}" could not be copied: ${gone.message}.`,
    );
  }
  if (outcomes.length < missing.length) return 'partial';
  return null;
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
    `Task ${taskId}: Google Drive kept refusing some copies after ${attempts} tries. Retry it later from Resume Failed Exports.`,
  );
}

/** Claims the job's tasks: each moves to "staging" with the batch id, or is dropped with a reason. */
export function claimForStaging(job: JobState): void {
  const result = commitTransitions(
    job.taskIds.map((taskId) => ({
      taskId,
      to: 'staging' as const,
      cause: 'stage' as const,
      exportBatchId: job.batchId,
      reason: `Selected for export batch ${job.batchId}.`,
    })),
  );
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

function commitOutcomes(job: JobState): void {
  const open = Object.values(job.outcomes).filter((o) => !o.committed);
  if (open.length === 0) return;
  const transitions: Transition[] = open.map((o) => ({
    taskId: o.taskId,
    to: o.ok ? 'staged' : 'staging_failed',
    cause: o.ok ? 'copy' : 'validate',
    reason: o.reason,
    exportBatchId: job.batchId,
    set: o.ok ? { STAGED_COUNT: o.files } : { STAGED_COUNT: '' },
  }));
  commitTransitions(transitions);
  // Rows deleted or changed by hand meanwhile cannot take the outcome; the job reports them anyway.
  for (const o of open) o.committed = true;
}

function finish(job: JobState, checkpoint: () => void): JobSummary {
  const stagedIds = new Set(
    Object.values(job.outcomes)
      .filter((o) => o.ok)
      .map((o) => o.taskId),
  );
  let sheet: { id: string; url: string } | null = null;
  if (stagedIds.size > 0) {
    const staged = readTable().tasks.filter((t) => stagedIds.has(t.taskId));
    sheet = writeExportSheet(job, staged, checkpoint);
    job.exportSheetUrl = sheet.url;
  }
  const batch = loadBatch(job.batchId);
  if (batch)
    saveBatch({ ...batch, exportSheetId: sheet?.id ?? null, exportSheetUrl: sheet?.url ?? null });
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
