import type { JobProgress, JobSummary } from '../shared/rpc';
import { Copier } from '../drive/copier';
import {
  Driver,
  EXECUTION_WORK_ENDS_MS,
  continuationDelayMs,
  sliceBudgetMs,
  wrapUpMs,
} from './budget';
import {
  armContinuation,
  armPromptContinuation,
  disarmContinuation,
  forgetPrompt,
  recordedPrompt,
  renewContinuation,
} from './continuation';
import {
  EARLY_SLICES_PROPERTY,
  LATENESS_KEY,
  LATENESS_TTL_SECONDS,
  RUNTIME_SECONDS_PER_FILE,
  armsEarly,
  earlyByMs,
  latenessSamples,
  withSample,
} from './next-slice';
import { retireWatchdogIfIdle } from './watchdog-trigger';
import { releaseLease, takeLease } from './lease';
import { SHORT_WAIT_MS, underScriptLock } from './lock';
import { deleteLedgersExcept } from './ledger';
import { DailyLimitError } from '../drive/daily-limit';
import { triggerRuntimeLeft } from '../drive/daily-usage';
import { accountTier } from '../drive/capacity';
import { noteDailyWindow, pauseAgain, pauseEpisode, pauseFor, waiting, wirePause } from './pause';
import {
  NoticeTarget,
  afterFailure,
  afterSlice,
  beforeForgetting,
  forgetNotices,
  forgetNoticesOfIdle,
} from '../notify/notify';
import {
  JobState,
  activeJobIds,
  forgetJob,
  hasJob,
  loadJob,
  recalledSummary,
  rememberSummary,
  saveJob,
} from './job';

/** What a kind of job (staging, delivery) does in a slice. */
export interface JobHandler {
  /**
   * Works on pending tasks until `deadline`; saves progress with `checkpoint` as it goes. When it
   * stopped early to wait for something timed (a send that must settle before a listing can tell
   * whether it landed), returns the earliest time it can go on; undefined when it can at once.
   */
  work(job: JobState, deadline: number, checkpoint: () => void, copier: Copier): number | undefined;
  /** Claims the job's tasks in the sheet if the start did not get that far. */
  claim(job: JobState): void;
  /** Writes outcomes not yet in the sheet (called at every slice end, even an early one). */
  commit(job: JobState): void;
  /** Called once when no task is pending: export sheet, registry, summary. */
  finish(job: JobState, checkpoint: () => void): JobSummary;
}

/**
 * Runs one slice of a job under its lease: arms the continuation first, then works until the budget
 * is spent, commits what it did and, when nothing is pending, finishes the job and cleans its
 * properties and trigger. The script lock is held only around the bookkeeping at both ends, never
 * around the copying. If another execution holds the job's lease (the sidebar and a trigger raced,
 * or the watchdog fired mid-slice), it does nothing and says so. A trigger, which nobody waits
 * for, waits longer for the lock than a sidebar does.
 */
export function runSlice(
  jobId: string,
  driver: Driver,
  handler: JobHandler,
  copier: Copier,
): JobProgress {
  return slice(jobId, driver, handler, copier).progress;
}

/** A slice run by a trigger shorter than this is not worth its fixed cost. */
const MIN_TRIGGER_SLICE_MS = 60 * 1000;

/**
 * A slice's progress; when its work stopped to wait, the earliest time it can go on; the prompt it
 * armed for its successor before it ended, if it did.
 */
interface Slice {
  progress: JobProgress;
  wakeAt?: number;
  earlyPrompt?: { uid: string; due: number };
}

/** Files a task holds, for the day's runtime estimate, before any task's files are known. */
const FILES_PER_TASK_GUESS = 10;

/** How long a slice's last commit takes, about: its successor is due when that is done. */
const WRAP_UP_GUESS_MS = 5000;

/** A successor armed early and due within this of a slice's end is left to start the next. */
const DUE_SOON_MS = 10 * 1000;

/**
 * A trigger's slice: when the execution began (it may have waited for its turn first), and the
 * trigger that started it (deleted as it began).
 */
interface Firing {
  began: number;
  firedUid?: string;
  /** The lateness of recent prompt firings (ms), this one's included. */
  lateness?: number[];
}

function slice(
  jobId: string,
  driver: Driver,
  handler: JobHandler,
  copier: Copier,
  firing?: Firing,
): Slice {
  const started = Date.now();
  const holder = Utilities.getUuid();
  if (!hasJob(jobId)) return { progress: progressOf(jobId) };
  const lockWait = driver === 'trigger' ? SHORT_WAIT_MS : undefined;
  if (!takeLease(jobId, holder, lockWait)) {
    return { progress: { ...progressOf(jobId), busy: true } };
  }
  try {
    const run = { driver, handler, copier, started, firing: firing ?? { began: started } };
    return sliceUnderLease(jobId, run);
  } finally {
    releaseLease(jobId, holder);
  }
}

/** What a slice runs with: who drives it, the job's kind, the copier, and when it began. */
interface SliceRun {
  driver: Driver;
  handler: JobHandler;
  copier: Copier;
  /** When the slice took the job's lease. */
  started: number;
  firing: Firing;
}

function sliceUnderLease(jobId: string, run: SliceRun): Slice {
  const { driver } = run;
  const all = scriptProperties();
  const job = loadJob(jobId, all);
  if (!job) return { progress: progressOf(jobId) };
  let result: Slice;
  try {
    result = work(job, all, run);
  } catch (e) {
    afterFailure(driver, noticeTarget(job), e);
    throw e;
  }
  afterSlice(
    driver,
    noticeTarget(job),
    result.progress,
    job.pause ? pauseEpisode(job.pause) : undefined,
    all,
  );
  return result;
}

function noticeTarget(job: JobState): NoticeTarget {
  const { id: jobId, createdAt, kind, batchId, notifyTo: to } = job;
  return { jobId, createdAt, kind, batchId, ...(to ? { to } : {}) };
}

/** The slice's work on a loaded job (what `runSlice` says). */
function work(job: JobState, all: Record<string, string>, run: SliceRun): Slice {
  const { driver, handler, copier, started, firing } = run;
  if (waiting(job.pause)) return { progress: toProgress(job) };
  let budget = sliceBudgetMs(driver, all);
  let left: number | null = null;
  if (driver === 'trigger') {
    // A slice run by a trigger ends before the day's trigger runtime does; with too little of it
    // left, the job waits for the day to reset (an open sidebar still drives it meanwhile).
    // Less what this execution spent waiting for its turn, which Google counts too.
    const counted = triggerRuntimeLeft(accountTier());
    left = counted === null ? null : Math.max(0, counted - (started - firing.began));
    if (left !== null && left < MIN_TRIGGER_SLICE_MS) {
      job.pause = pauseAgain(job.pause, pauseFor('triggerRuntime', 0));
      saveJob(job);
      return { progress: toProgress(job) };
    }
    if (left !== null) budget = Math.min(budget, left);
  }
  const deadline = Math.min(
    started + budget - wrapUpMs(budget),
    firing.began + EXECUTION_WORK_ENDS_MS - wrapUpMs(budget),
  );
  const early = driver === 'trigger' ? earlyByMsFor(job, all, left, firing.lateness ?? []) : 0;
  let earlyPrompt: Slice['earlyPrompt'];
  let dayBegan = 0;
  const begun = underScriptLock(
    SHORT_WAIT_MS,
    () => {
      // Due after this slice's budget: a guard that fires while the slice runs is wasted.
      armContinuation(continuationDelayMs(all), budget);
      if (early > 0) {
        const dueIn = Math.max(0, deadline + WRAP_UP_GUESS_MS - early - Date.now());
        const uid = armPromptContinuation(dueIn, firing.firedUid);
        if (uid) earlyPrompt = { uid, due: Date.now() + dueIn };
      }
      dayBegan = noteDailyWindow();
      job.heartbeat = Date.now();
      job.slices += 1;
      saveJob(job);
      if (!job.claimed) handler.claim(job);
      handler.commit(job);
      return true;
    },
    () => false,
  );
  if (!begun) return { progress: { ...toProgress(job), busy: true } };
  const wakeAt = pausedBy(job, dayBegan, () =>
    handler.work(
      job,
      deadline,
      () => {
        job.heartbeat = Date.now();
        // The plans must be saved before the writes they cover; the results may wait a little.
        saveJob(job, 'when due');
      },
      copier,
    ),
  );
  saveJob(job);
  // When the lock cannot be had now, the outcomes stay saved in the job and the next slice
  // writes them.
  const progress = underScriptLock(
    SHORT_WAIT_MS,
    () => {
      handler.commit(job);
      saveJob(job);
      if (job.pending.length > 0 || job.pause) return toProgress(job);
      const finished = pausedBy(job, dayBegan, () =>
        finishJob(job, handler, (summary) => beforeForgetting(driver, noticeTarget(job), summary)),
      );
      if (finished) return finished;
      saveJob(job);
      return toProgress(job);
    },
    () => toProgress(job),
  );
  return { progress, wakeAt, earlyPrompt };
}

/** How far ahead of this slice's end its successor is armed; 0: once it ends. */
function earlyByMsFor(
  job: JobState,
  all: Record<string, string>,
  left: number | null,
  lateness: readonly number[],
): number {
  // Tasks not planned yet count as many files as the planned ones do, on average.
  const { filesTotal, tasksNotCounted } = fileCount(job);
  const counted = job.taskIds.length - tasksNotCounted;
  const perTask = counted > 0 ? filesTotal / counted : FILES_PER_TASK_GUESS;
  const files = filesTotal - job.filesCopied + tasksNotCounted * perTask;
  const workMs = Math.max(0, files) * RUNTIME_SECONDS_PER_FILE * 1000;
  if (!armsEarly(all[EARLY_SLICES_PROPERTY], left, workMs)) return 0;
  return earlyByMs(lateness);
}

/**
 * Runs a step of the job; when one of Google's daily limits stops it, the job pauses until the
 * limit resets (no task fails for it) and the step's result is undefined. A step that ran through
 * ends an earlier pause.
 */
function pausedBy<T>(job: JobState, dayBegan: number, step: () => T): T | undefined {
  try {
    const result = step();
    delete job.pause;
    return result;
  } catch (e) {
    if (!(e instanceof DailyLimitError)) throw e;
    job.pause = pauseAgain(job.pause, pauseFor(e.limit, dayBegan));
    return undefined;
  }
}

/**
 * `told` runs before the job is forgotten: an execution killed after it finishes the job again
 * (finishing twice changes nothing) rather than never telling of its end.
 */
function finishJob(
  job: JobState,
  handler: JobHandler,
  told: (summary: JobSummary) => void,
): JobProgress {
  const summary = handler.finish(job, () => saveJob(job));
  rememberSummary(job.id, summary);
  told(summary);
  forgetJob(job.id);
  forgetNotices(noticeTarget(job));
  if (activeJobIds().length === 0) {
    disarmContinuation();
    retireWatchdogIfIdle();
  }
  return { ...toProgress(job), currentTask: null, currentFile: null, finished: true, summary };
}

/**
 * The continuation trigger's handler: renews the guard and deletes the trigger that fired, then
 * gives a slice to the active job that waited longest (the one whose last sign of life is oldest)
 * and that no other execution works on, so that jobs of several batches all go on, in turn. Once
 * that slice has ended, its lease given back, the prompt is armed for the next one: due when the
 * job can go on, since a slice that starts sooner only finds it waiting, ends, and spends an
 * execution of the person's daily trigger runtime; at once when another job is ready.
 */
export function runActiveJobs(
  e: { triggerUid?: string } | undefined,
  handlerFor: (kind: JobState['kind']) => JobHandler,
  copier: Copier,
  turn: { began: number; had: boolean } = { began: Date.now(), had: true },
): void {
  const all = scriptProperties();
  const lateness = noteLateness(e?.triggerUid, turn.began, all);
  // Still running, the slice this one waited for arms another prompt when it ends.
  if (!turn.had) forgetPrompt(e?.triggerUid);
  const ids = activeJobIds(all);
  const jobs = ids.map((id) => loadJob(id, all)).filter((j): j is JobState => j !== null);
  if (jobs.length === 0 && retiredWhenIdle(ids)) return;
  // Jobs waiting for a daily limit to reset are left until their next try; when all wait, the
  // continuation sleeps until the first of them.
  const now = Date.now();
  const ready = jobs.filter((j) => !waiting(j.pause, now));
  const delay =
    ready.length > 0 || jobs.length === 0
      ? continuationDelayMs(all)
      : Math.max(Math.min(...jobs.map((j) => j.pause!.nextTry)) - now, 60 * 1000);
  renewContinuation(e?.triggerUid, delay);
  ready.sort((a, b) => a.heartbeat - b.heartbeat);
  for (const job of ready) {
    const done = slice(job.id, 'trigger', handlerFor(job.kind), copier, {
      began: turn.began,
      firedUid: e?.triggerUid,
      lateness,
    });
    const { progress, wakeAt, earlyPrompt } = done;
    if (progress.busy) continue;
    const workLeft = (!progress.finished && !progress.paused) || ready.length > 1;
    const waitMs = ready.length > 1 || wakeAt === undefined ? 0 : wakeAt - Date.now();
    // The successor armed early stays if it is due about now: not when this slice ended well
    // before it expected to (its job finished or paused, another is ready), nor when it already
    // fired and gave up its wait.
    const followed =
      earlyPrompt !== undefined &&
      wakeAt === undefined &&
      earlyPrompt.due <= Date.now() + DUE_SOON_MS &&
      recordedPrompt()?.uid === earlyPrompt.uid;
    if (workLeft && !followed) armPromptContinuation(Math.max(0, waitMs), e?.triggerUid);
    return;
  }
}

/**
 * Remembers how late the prompt that started this execution fired, for arming the next ones
 * (jobs/next-slice.ts), and returns the recent firings. A guard's or the watchdog's firing says
 * nothing of it. Kept in the script cache: a hint, as good a few hours on and harmless to lose
 * (the next prompt's firing starts it again), and nothing in the property store.
 */
function noteLateness(
  firedUid: string | undefined,
  began: number,
  all: Record<string, string>,
): number[] {
  if (all[EARLY_SLICES_PROPERTY] === 'off') return [];
  const cache = CacheService.getScriptCache();
  const samples = latenessSamples(cache.get(LATENESS_KEY) ?? undefined);
  const prompt = recordedPrompt(all);
  if (!firedUid || prompt?.uid !== firedUid || prompt.due === undefined) return samples;
  const noted = withSample(samples, began - prompt.due);
  cache.put(LATENESS_KEY, JSON.stringify(noted), LATENESS_TTL_SECONDS);
  return noted;
}

/**
 * With no job to run, the continuation is removed, under the lock: a job being started at this
 * moment (the start holds the lock) must keep the continuation it has just armed. Active entries
 * whose state is gone are forgotten. False when something may still need the continuation.
 */
function retiredWhenIdle(staleIds: readonly string[]): boolean {
  return underScriptLock(
    SHORT_WAIT_MS,
    () => {
      for (const id of staleIds) if (!loadJob(id)) forgetJob(id);
      if (activeJobIds().length > 0) return false;
      disarmContinuation();
      deleteLedgersExcept([]);
      forgetNoticesOfIdle();
      return true;
    },
    () => false,
  );
}

function scriptProperties(): Record<string, string> {
  return PropertiesService.getScriptProperties().getProperties();
}

export function toProgress(job: JobState): JobProgress {
  const outcomes = Object.values(job.outcomes);
  const { filesTotal, tasksNotCounted } = fileCount(job);
  return {
    jobId: job.id,
    kind: job.kind,
    batchId: job.batchId,
    total: job.taskIds.length,
    done: outcomes.length,
    succeeded: outcomes.filter((o) => o.ok).length,
    failed: outcomes.filter((o) => !o.ok).length,
    filesCopied: job.filesCopied + (job.currentTask ? (job.currentCopied ?? 0) : 0),
    filesTotal,
    tasksNotCounted,
    failedAtStart: outcomes.filter((o) => o.atClaim).length,
    currentTask: job.currentTask,
    currentFile: job.currentFile,
    finished: false,
    heartbeat: new Date(job.heartbeat).toISOString(),
    ...(job.pause ? { paused: wirePause(job.pause, Session.getScriptTimeZone()) } : {}),
  };
}

/**
 * The job's files as far as they are known: those copied by the tasks done, and those planned for
 * the tasks still to do (a plan lists every copy of its task); tasks not planned yet are counted
 * apart. Reads the job as it is, with no call to Drive.
 */
function fileCount(job: JobState): { filesTotal: number; tasksNotCounted: number } {
  let filesTotal = 0;
  let tasksNotCounted = 0;
  for (const outcome of Object.values(job.outcomes)) filesTotal += outcome.files;
  for (const taskId of job.pending) {
    if (job.outcomes[taskId]) continue;
    const plan = job.plans[taskId];
    if (plan) filesTotal += plan.length;
    else tasksNotCounted += 1;
  }
  return { filesTotal: Math.max(filesTotal, job.filesCopied), tasksNotCounted };
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
      filesTotal: summary.filesCopied,
      tasksNotCounted: 0,
      failedAtStart: 0,
      currentTask: null,
      currentFile: null,
      finished: true,
      heartbeat: summary.finishedAt,
      summary,
    };
  }
  throw new Error(
    `There is no export job "${jobId}" running, and none finished in the last 6 hours. Open the Export status report to see what happened to its tasks.`,
  );
}
