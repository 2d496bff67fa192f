import type { FolderRef, RecoveryAction, RecoveryResult, TaskFailure } from '../shared/rpc';
import { Copier } from '../drive/copier';
import { JobState, saveJob } from '../jobs/job';
import { startJob } from '../jobs/start';
import { preparedTable } from '../status/migration';
import { TableSnapshot } from '../sheet/table';
import { Task } from '../sheet/task';
import {
  ExportRequestError,
  batchTasks,
  refuseIfRunning,
  requireBatchId,
  requireRecord,
  requireStagingBatchFolder,
  stagingFolderProblem,
  underScriptLock,
} from '../batches/batch-checks';
import { BatchRecord, loadBatch } from '../batches/batches';
import { requireClientFolder } from '../delivery/client-folder';
import { startDeliveryJob } from '../delivery/delivery-service';
import { batchForRetry, stagingJob } from './recovery-staging';
import { claimForStaging } from '../staging/staging';
import { ExportStatus } from '../sheet/export-status';
import { commitTransitions, requestId } from '../status/transitions';
import { plural } from '../shared/format';

/**
 * PLAN 4.2: finishing an interrupted export, or trying failed tasks again. Each action runs under
 * the script lock and is refused while a job of the batch runs, so running it twice, or while
 * another runs, never does the work twice.
 */
export class RecoveryError extends ExportRequestError {
  constructor(message: string) {
    super(message);
    this.name = 'RecoveryError';
  }
}

interface Context {
  batchId: string;
  table: TableSnapshot;
  tasks: Task[];
}

/** Checks the batch id, takes the lock, refuses a batch whose job runs, reads the sheet. */
function withBatch<T>(batchId: unknown, action: (ctx: Context) => T): T {
  const id = requireBatchId(batchId);
  return underScriptLock(() => {
    refuseIfRunning(id, PropertiesService.getScriptProperties().getProperties());
    const table = preparedTable();
    return action({ batchId: id, table, tasks: batchTasks(table, id) });
  });
}

function withStatus(ctx: Context, status: ExportStatus, nothing: string): Task[] {
  const found = ctx.tasks.filter((t) => t.exportStatus === status);
  if (found.length === 0) throw new RecoveryError(nothing);
  return found;
}

/**
 * How a resume names who started the job it makes: the person who asks for it, or, when the
 * watchdog rebuilds a job whose state was lost (under whoever's trigger it runs), the person who
 * started the staging or the delivery (their Export Log rows name them, as the lost job's would).
 */
export type ResumedBy = 'asker' | 'starter';

/** Staging tasks whose job is gone: a new staging job takes them where the folder stands. */
export function resumeFailedStaging(
  batchId: unknown,
  copier: Copier,
  by: ResumedBy = 'asker',
): RecoveryResult {
  return withBatch(batchId, (ctx) => {
    const tasks = withStatus(
      ctx,
      'staging',
      `Nothing to resume in export batch ${ctx.batchId}: no task of it is still being staged.`,
    );
    const batch = loadBatch(ctx.batchId);
    const problem = batch
      ? stagingFolderProblem(batch)
      : 'the record of where it is staged is missing';
    if (problem || !batch) {
      return failInFlight('resumeFailedStaging', ctx.batchId, tasks, 'staging_failed', problem!);
    }
    const starter = by === 'starter' ? batch.createdBy : undefined;
    const job = stagingJob(batch, tasks, ctx.tasks, copier, true, starter);
    startJob(job);
    return started(
      'resumeFailedStaging',
      job,
      `Staging of ${plural(tasks.length, 'task')} resumed.`,
    );
  });
}

/** PLAN 4.2: tasks that failed staging are staged again (fixed links are validated anew). */
export function retryFailedStagingTasks(
  batchId: unknown,
  taskIds: unknown,
  copier: Copier,
): RecoveryResult {
  return withBatch(batchId, (ctx) => {
    const failed = withStatus(
      ctx,
      'staging_failed',
      `No task of export batch ${ctx.batchId} failed staging, so there is nothing to retry.`,
    );
    const tasks = chosen(failed, taskIds, ctx.batchId);
    const batch = batchForRetry(ctx.batchId, copier);
    const job = stagingJob(batch, tasks, ctx.tasks, copier, false);
    startJob(job);
    claimForStaging(job);
    saveJob(job);
    return started(
      'retryFailedStagingTasks',
      job,
      `Staging of ${plural(job.pending.length, 'task')} retried.`,
    );
  });
}

/** Delivering tasks whose job is gone: a new job delivers to the folder of the last delivery. */
export function resumeFailedDelivery(
  batchId: unknown,
  copier: Copier,
  by: ResumedBy = 'asker',
): RecoveryResult {
  return withBatch(batchId, (ctx) => {
    const tasks = withStatus(
      ctx,
      'delivering',
      `Nothing to resume in export batch ${ctx.batchId}: no task of it is still being delivered.`,
    );
    const batch = loadBatch(ctx.batchId);
    let client: FolderRef;
    try {
      const record = requireRecord(ctx.batchId, batch);
      requireStagingBatchFolder(record);
      client = lastClientFolder(record);
    } catch (e) {
      if (!(e instanceof ExportRequestError)) throw e;
      return failInFlight('resumeFailedDelivery', ctx.batchId, tasks, 'delivery_failed', e.message);
    }
    const start = startDeliveryJob({
      batch: batch!,
      tasks,
      client,
      copier,
      claimed: true,
      remember: false,
      startedBy: by === 'starter' ? batch!.deliveries[batch!.deliveries.length - 1]?.by : undefined,
    });
    return {
      action: 'resumeFailedDelivery',
      batchId: ctx.batchId,
      jobId: start.jobId,
      taskCount: start.taskCount,
      failed: [],
      message: `Delivery of ${plural(start.taskCount, 'task')} to "${client.name}" resumed.`,
    };
  });
}

/**
 * PLAN 4.2: failed deliveries are delivered again, into the folder given or the last one used;
 * what already arrived is not copied twice.
 */
export function retryFailedDelivery(
  batchId: unknown,
  clientFolderId: unknown,
  copier: Copier,
): RecoveryResult {
  return withBatch(batchId, (ctx) => {
    const tasks = withStatus(
      ctx,
      'delivery_failed',
      `No delivery of export batch ${ctx.batchId} failed, so there is nothing to retry.`,
    );
    const batch = requireRecord(ctx.batchId, loadBatch(ctx.batchId));
    requireStagingBatchFolder(batch);
    const given = String(clientFolderId ?? '').trim();
    const client = given ? requireClientFolder(given, batch) : lastClientFolder(batch);
    const start = startDeliveryJob({
      batch,
      tasks,
      client,
      copier,
      claimed: false,
      remember: given !== '',
    });
    return {
      action: 'retryFailedDelivery',
      batchId: ctx.batchId,
      jobId: start.jobId,
      taskCount: start.taskCount,
      failed: start.leftOut,
      message: `Delivery of ${plural(start.taskCount, 'task')} to "${client.name}" retried.`,
    };
  });
}

/** The client folder of the batch's last delivery, checked again now. */
function lastClientFolder(batch: BatchRecord): FolderRef {
  const last = batch.deliveries[batch.deliveries.length - 1];
  if (!last) {
    throw new RecoveryError(
      `Export batch ${batch.batchId} has no delivery on record, so its client folder is unknown. Choose the client folder.`,
    );
  }
  return requireClientFolder(last.clientFolderId, batch);
}

/** Only some of the failed tasks, when the user picked them. */
function chosen(failed: Task[], taskIds: unknown, batchId: string): Task[] {
  if (!Array.isArray(taskIds) || taskIds.length === 0) return failed;
  const wanted = new Set(taskIds.map(String));
  const unknown = [...wanted].filter((id) => !failed.some((t) => t.taskId === id));
  if (unknown.length > 0) {
    throw new RecoveryError(
      `These tasks did not fail staging in export batch ${batchId}: ${unknown.join(', ')}. Refresh the list and try again.`,
    );
  }
  return failed.filter((t) => wanted.has(t.taskId));
}

/**
 * In-flight tasks whose job cannot be rebuilt (its record or folders are gone) become failures
 * with the reason, so that they show up to be retried instead of waiting for ever.
 */
function failInFlight(
  action: RecoveryAction,
  batchId: string,
  tasks: readonly Task[],
  to: 'staging_failed' | 'delivery_failed',
  problem: string,
): RecoveryResult {
  const what = to === 'staging_failed' ? 'staging' : 'delivery';
  const failed: TaskFailure[] = tasks.map((t) => ({
    taskId: t.taskId,
    reason: `Task ${t.taskId}: its interrupted ${what} could not be resumed: ${problem.replace(/\.$/, '')}. Retry it from Resume failed exports.`,
  }));
  const request = requestId(`${what}-interrupted`);
  commitTransitions(
    failed.map((f) => ({
      taskId: f.taskId,
      to,
      cause: 'resume' as const,
      reason: f.reason,
      // Cut short, not refused: trying again is all it takes.
      failure: 'transient' as const,
      exportBatchId: batchId,
      changeId: `${request}:${f.taskId}`,
    })),
    // Once failed, the tasks are no longer in flight: nothing would try again to log them.
    { logFirst: true },
  );
  return {
    action,
    batchId,
    jobId: null,
    taskCount: 0,
    failed,
    message: `The ${what} of export batch ${batchId} could not be resumed; ${failed.length === 1 ? '1 task is' : `${plural(failed.length, 'task')} are`} marked failed with the reason.`,
  };
}

function started(action: RecoveryAction, job: JobState, message: string): RecoveryResult {
  return {
    action,
    batchId: job.batchId,
    jobId: job.id,
    taskCount: job.pending.length,
    failed: Object.values(job.outcomes).map((o) => ({ taskId: o.taskId, reason: o.reason })),
    message,
  };
}
