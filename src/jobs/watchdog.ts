import type { JobKind } from '../shared/rpc';
import { Copier } from '../drive/copier';
import { sliceBudgetMs } from './budget';
import { JobState, forgetJob, activeJobIds, loadJob } from './job';
import { JobHandler, runSlice } from './runner';
import { removeWatchdog } from './watchdog-trigger';
import { disarmContinuation } from './continuation';
import { deleteLedgersExcept } from './ledger';
import { forgetNoticesOfIdle } from '../notify/notify';
import { waiting } from './pause';

/**
 * Tasks the sheet shows in flight (staging, delivering) that no active job works on: a start that
 * died before it registered its job, or a job whose state was lost. The export side knows how to
 * find them and how to rebuild their job from the sheet and the batch registry.
 */
export interface OrphanRecovery<O> {
  find(activeJobIds: readonly string[]): O[];
  rebuild(orphan: O, copier: Copier): void;
}

export interface WatchdogRound {
  /** Another execution held the lock; the next round looks again. */
  busy: boolean;
  /** Nothing was left to watch, so the watchdog removed itself. */
  idle: boolean;
  /** The stale job given a slice, if any. */
  resumed: string | null;
  rebuilt: number;
  errors: string[];
}

const LOCK_WAIT_MS = 2000;

/**
 * A job is stale when it has shown no sign of life for two whole slices and five minutes more: its
 * continuation trigger is gone (deleted by hand, disabled, or refused by the trigger limit), since
 * otherwise it would have fired by then.
 */
export function staleAfterMs(all: Record<string, string>): number {
  return 2 * sliceBudgetMs('trigger', all) + 5 * 60 * 1000;
}

/**
 * One round of the watchdog: under the lock it forgets active entries whose state is gone, finds
 * stale jobs and orphaned tasks, and when there is none of either removes what the jobs left (the
 * continuation, ledgers) and itself; then, without
 * the lock (each step takes it itself), it rebuilds the orphans' jobs and gives the stalest job a
 * slice, which also re-arms its continuation.
 */
export function runWatchdog<O>(
  handlerFor: (kind: JobKind) => JobHandler,
  copier: Copier,
  orphans: OrphanRecovery<O>,
): WatchdogRound {
  const round: WatchdogRound = { busy: false, idle: false, resumed: null, rebuilt: 0, errors: [] };
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return { ...round, busy: true };
  let stale: JobState[];
  let found: O[];
  try {
    const all = PropertiesService.getScriptProperties().getProperties();
    const jobs = liveJobs(all);
    const cutoff = Date.now() - staleAfterMs(all);
    stale = jobs
      .filter((j) => j.heartbeat < cutoff && !waiting(j.pause))
      .sort((a, b) => a.heartbeat - b.heartbeat);
    found = orphans.find(jobs.map((j) => j.id));
    if (jobs.length === 0 && found.length === 0) {
      // A continuation killed while it forgot the last job leaves its record and its spent
      // trigger behind, and no trigger to come: with no job left, they go, and the watchdog last.
      disarmContinuation();
      deleteLedgersExcept([]);
      forgetNoticesOfIdle();
      removeWatchdog();
      return { ...round, idle: true };
    }
  } finally {
    lock.releaseLock();
  }
  for (const orphan of found) {
    try {
      orphans.rebuild(orphan, copier);
      round.rebuilt += 1;
    } catch (e) {
      // The next round tries again; the execution log keeps the reason.
      round.errors.push((e as Error).message);
      console.warn(`Export watchdog: ${(e as Error).message}`);
    }
  }
  if (stale.length > 0) {
    const job = stale[0];
    runSlice(job.id, 'trigger', handlerFor(job.kind), copier);
    round.resumed = job.id;
  }
  return round;
}

/** Active jobs with their state; an entry whose state is gone is forgotten (its tasks are orphans). */
function liveJobs(all: Record<string, string>): JobState[] {
  const jobs: JobState[] = [];
  for (const id of activeJobIds(all)) {
    const job = loadJob(id, all);
    if (job) jobs.push(job);
    else forgetJob(id);
  }
  return jobs;
}
