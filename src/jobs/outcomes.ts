/**
 * What staging and delivery share about a task's result inside a job: it is settled (kept in the
 * job until written to the sheet), or tried again in a later pass when Drive refused, and given up
 * after a few slices.
 */
import type { FolderCopyResult, PlannedFolder } from '../drive/copier';
import type { FailureCause } from '../shared/rpc';
import { JobState, PlannedCopy, TaskOutcome } from './job';

/** Whether a task is done with for this job, or goes to the end of the line to be tried again. */
export type Step = 'done' | 'later';

/** A copy Drive keeps refusing is given up after this many slices, and the task fails. */
export const MAX_ATTEMPTS = 5;

/**
 * Records a task's result; its copy plan and its count of tries are no longer needed. A failure
 * carries its cause, which decides what the report offers for it; without one it is taken as
 * needing a fix, the cautious reading.
 */
export function settle(
  job: JobState,
  taskId: string,
  ok: boolean,
  files: number,
  reason: string,
  cause?: FailureCause,
): Step {
  const outcome: TaskOutcome = { taskId, ok, files, reason, committed: false };
  if (!ok) outcome.cause = cause ?? 'fix';
  job.outcomes[taskId] = outcome;
  delete job.plans[taskId];
  if (job.folderPlans) delete job.folderPlans[taskId];
  delete job.attempts[taskId];
  return 'done';
}

/** Takes a task out of the pending list once settled, or puts it last to be tried again later. */
export function drop(job: JobState, taskId: string, step: Step): void {
  job.pending = job.pending.filter((id) => id !== taskId);
  if (step === 'later') job.pending.push(taskId);
}

/** Another try later, unless Drive refused it in MAX_ATTEMPTS slices: then it fails with `why`. */
export function retryLater(job: JobState, taskId: string, why: (attempts: number) => string): Step {
  const attempts = (job.attempts[taskId] ?? 0) + 1;
  job.attempts[taskId] = attempts;
  if (attempts < MAX_ATTEMPTS) return 'later';
  // Drive refusing is Drive's state at the time, not the task's: a later retry can pass.
  return settle(job, taskId, false, 0, why(attempts), 'transient');
}

/** Keeps, with the job, the plans a copier is about to send copies or creations by. */
export function keepPlans(job: JobState, planned: readonly PlannedFolder[]): void {
  for (const p of planned) {
    job.plans[p.key] = p.plan.map((r) => {
      const { sourceId, targetName, id, native, sentAt, resourceKey, failures, expected } = r;
      const kept: PlannedCopy = { sourceId, targetName };
      if (id !== undefined) kept.id = id;
      if (native) kept.native = true;
      if (sentAt !== undefined) kept.sentAt = sentAt;
      if (resourceKey) kept.resourceKey = resourceKey;
      if (failures) kept.failures = failures;
      if (expected) kept.expected = expected;
      return kept;
    });
    if (p.newFolderId !== undefined || p.folderSentAt !== undefined) {
      job.folderPlans ??= {};
      job.folderPlans[p.key] = { id: p.newFolderId, sentAt: p.folderSentAt };
    }
  }
}

/** The ids or send time a task's folder was planned with by an earlier slice. */
export function folderPlanOf(
  job: JobState,
  taskId: string,
): { newFolderId?: string; folderSentAt?: number } {
  const planned = job.folderPlans?.[taskId];
  return { newFolderId: planned?.id, folderSentAt: planned?.sentAt };
}

/** The copies a task's folder result says this job made, counted once the task is done with. */
export function countCopied(job: JobState, result: FolderCopyResult): void {
  if (result.state !== 'pending' && result.state !== 'refused') job.filesCopied += result.copied;
}
