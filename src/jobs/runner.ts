import type { JobProgress, JobSummary } from '../shared/rpc';
import { Copier } from '../drive/copier';
import { Driver, continuationDelayMs, sliceBudgetMs, wrapUpMs } from './budget';
import { armContinuation, disarmContinuation, replaceFiredTrigger } from './continuation';
import { retireWatchdogIfIdle } from './watchdog-trigger';
import {
  JobState,
  activeJobIds,
  forgetJob,
  loadJob,
  recalledSummary,
  rememberSummary,
  saveJob,
} from './job';

/** What a kind of job (staging, delivery) does in a slice. */
export interface JobHandler {
  /** Works on pending tasks until `deadline`; saves progress with `checkpoint` as it goes. */
  work(job: JobState, deadline: number, checkpoint: () => void): void;
  /** Claims the job's tasks in the sheet if the start did not get that far. */
  claim(job: JobState): void;
  /** Writes outcomes not yet in the sheet (called at every slice end, even an early one). */
  commit(job: JobState): void;
  /** Called once when no task is pending: export sheet, registry, summary. */
  finish(job: JobState, checkpoint: () => void): JobSummary;
}

export interface HandlerFactory {
  (job: JobState, copier: Copier): JobHandler;
}

/** Lock wait: short, because whoever holds the lock is already doing the work. */
const LOCK_WAIT_MS = 2000;

/**
 * Runs one slice of a job under the script lock: arms the continuation first, then works until
 * the budget is spent, commits what it did and, when nothing is pending, finishes the job and
 * cleans its properties and trigger. If the lock is held (the sidebar and a trigger raced, or the
 * watchdog fired mid-slice), it does nothing and says so.
 */
export function runSlice(
  jobId: string,
  driver: Driver,
  handlerFor: HandlerFactory,
  copier: Copier,
): JobProgress {
  const started = Date.now();
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return { ...progressOf(jobId), busy: true };
  try {
    const all = PropertiesService.getScriptProperties().getProperties();
    const job = loadJob(jobId, all);
    if (!job) return progressOf(jobId);
    armContinuation(continuationDelayMs(all));
    const budget = sliceBudgetMs(driver, all);
    const deadline = started + budget - wrapUpMs(budget);
    job.heartbeat = Date.now();
    job.slices += 1;
    saveJob(job);
    const handler = handlerFor(job, copier);
    if (!job.claimed) handler.claim(job);
    handler.commit(job);
    handler.work(job, deadline, () => {
      job.heartbeat = Date.now();
      saveJob(job);
    });
    handler.commit(job);
    saveJob(job);
    if (job.pending.length === 0) return finishJob(job, handler);
    return toProgress(job);
  } finally {
    lock.releaseLock();
  }
}

function finishJob(job: JobState, handler: JobHandler): JobProgress {
  const summary = handler.finish(job, () => saveJob(job));
  rememberSummary(job.id, summary);
  forgetJob(job.id);
  if (activeJobIds().length === 0) {
    disarmContinuation();
    retireWatchdogIfIdle();
  }
  return { ...toProgress(job), currentTask: null, currentFile: null, finished: true, summary };
}

/**
 * The continuation trigger's handler: deletes the trigger that fired, then gives the oldest active
 * job one slice. Jobs run one after the other; the next one's turn comes with the next trigger.
 */
export function runActiveJobs(
  e: { triggerUid?: string } | undefined,
  handlerFor: (kind: JobState['kind']) => HandlerFactory,
  copier: Copier,
): void {
  const ids = activeJobIds();
  const job = ids.length ? loadJob(ids[0]) : null;
  if (!job && retiredWhenIdle(ids[0])) return;
  replaceFiredTrigger(e?.triggerUid, continuationDelayMs(scriptProperties()));
  if (job) runSlice(job.id, 'trigger', handlerFor(job.kind), copier);
}

/**
 * With no job to run, the continuation is removed, under the lock: a job being started at this
 * moment (the start holds the lock) must keep the continuation it has just armed. An active entry
 * whose state is gone is forgotten. False when something may still need the continuation.
 */
function retiredWhenIdle(staleId: string | undefined): boolean {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return false;
  try {
    if (staleId && !loadJob(staleId)) forgetJob(staleId);
    if (activeJobIds().length > 0) return false;
    disarmContinuation();
    return true;
  } finally {
    lock.releaseLock();
  }
}

function scriptProperties(): Record<string, string> {
  return PropertiesService.getScriptProperties().getProperties();
}

export function toProgress(job: JobState): JobProgress {
  const outcomes = Object.values(job.outcomes);
  return {
    jobId: job.id,
    kind: job.kind,
    batchId: job.batchId,
    total: job.taskIds.length,
    done: outcomes.length,
    succeeded: outcomes.filter((o) => o.ok).length,
    failed: outcomes.filter((o) => !o.ok).length,
    filesCopied: job.filesCopied,
    currentTask: job.currentTask,
    currentFile: job.currentFile,
    finished: false,
    heartbeat: new Date(job.heartbeat).toISOString(),
  };
}

/** Progress of a running job, or the summary of a finished one. */
export function progressOf(jobId: string): JobProgress {
  const job = loadJob(jobId);
  if (job) return toProgress(job);
  const summary = recalledSummary(jobId);
  if (summary) {
    const total = summary.succeeded + summary.failed.length;
    return {
      jobId,
      kind: summary.kind,
      batchId: summary.batchId,
      total,
      done: total,
      succeeded: summary.succeeded,
      failed: summary.failed.length,
      filesCopied: summary.filesCopied,
      currentTask: null,
      currentFile: null,
      finished: true,
      heartbeat: summary.finishedAt,
      summary,
    };
  }
  throw new Error(
    `There is no export job "${jobId}" running, and none finished in the last 6 hours. Open the Export Status Report to see what happened to its tasks.`,
  );
}
