/**
 * One email to the person who started an export when, with its page closed (a trigger runs it),
 * it ends, pauses for one of Google's daily limits, or stops on an error it cannot get past.
 *
 * An error is told only once slices have kept failing for a while: one that the next slice gets
 * past (Drive or Sheets busy for a moment) needs nobody.
 *
 * Never twice for one event: each event a job can meet more than once (a pause, an error that
 * every later slice meets again) is recorded in the script's properties before its email is sent.
 * A kill between the record and the send loses that email; the other order would send it again
 * on the next slice, and an email missed is the lesser harm: the pages and the Export Status
 * Report still show everything. The end is told before the job is forgotten, so that a kill in
 * between finishes it again rather than never telling; once it is forgotten, its records go,
 * and when no job is left, all of them. An email Google refuses (the day's recipients
 * used up, the service failing) is given up and logged: it never holds up the export.
 */
import type { JobKind, JobProgress, JobSummary } from '../shared/rpc';
import { Email, finishedEmail, pausedEmail, stuckEmail } from './emails';

/** The job an email is about, and where it goes (none: its starter is not written to). */
export interface NoticeTarget {
  jobId: string;
  createdAt: string;
  kind: JobKind;
  batchId: string;
  to?: string;
}

type Driver = 'sidebar' | 'trigger';

const PREFIX = 'exportNotice.';
/** Records of jobs that never ended (taken back by hand) are dropped after this long. */
const KEEP_MS = 30 * 24 * 60 * 60 * 1000;
const SENDER_NAME = 'Production Tracker export';
/** How long a job's slices keep failing before its starter is told (a few trigger slices). */
const STUCK_AFTER_MS = 30 * 60 * 1000;
const FAILING = 'failing';

const jobPrefix = (t: NoticeTarget) => `${PREFIX}${t.jobId}.${t.createdAt}.`;

function props() {
  return PropertiesService.getScriptProperties();
}

/**
 * After a slice: the email its outcome calls for, when a trigger ran it. A pause a person saw on
 * an open page is recorded as told, so that the triggers that take over once the page is closed
 * do not tell it again. `pauseEpisode` names the pause (the same across its hourly retries).
 */
export function afterSlice(
  driver: Driver,
  target: NoticeTarget,
  progress: JobProgress,
  pauseEpisode: string | undefined,
  all: Record<string, string>,
): void {
  if (!target.to || progress.finished) return;
  // The slice went through: a run of failures, if any, is over.
  if (all[jobPrefix(target) + FAILING] !== undefined) forget(jobPrefix(target) + FAILING);
  const paused = progress.paused;
  if (!paused || pauseEpisode === undefined) return;
  const event = `paused.${pauseEpisode}`;
  if (driver === 'sidebar') record(target, event);
  else once(target, event, () => pausedEmail(target.kind, target.batchId, paused));
}

/**
 * A job run by a trigger has finished and is about to be forgotten. Told before it is: a kill
 * after this finishes the job again in a later slice, which finds the email recorded.
 */
export function beforeForgetting(driver: Driver, target: NoticeTarget, summary: JobSummary): void {
  if (!target.to || driver !== 'trigger') return;
  once(target, 'finished', () => finishedEmail(summary));
}

/**
 * A slice run by a trigger failed. The first failure of a run is noted; once they have gone on
 * for STUCK_AFTER_MS, the job cannot go on by itself until someone acts.
 */
export function afterFailure(driver: Driver, target: NoticeTarget, cause: unknown): void {
  if (!target.to || driver !== 'trigger') return;
  const key = jobPrefix(target) + FAILING;
  try {
    const since = props().getProperty(key);
    if (since === null) {
      props().setProperty(key, String(Date.now()));
      return;
    }
    if (Date.now() - Number(since) < STUCK_AFTER_MS) return;
  } catch (e) {
    console.warn(`Export email not sent (its record could not be kept): ${(e as Error).message}`);
    return;
  }
  const why = cause instanceof Error ? cause.message : String(cause);
  once(target, 'stuck', () => stuckEmail(target.kind, target.batchId, why));
}

function forget(key: string): void {
  try {
    props().deleteProperty(key);
  } catch (e) {
    console.warn(`Export email record not cleared: ${(e as Error).message}`);
  }
}

function once(target: NoticeTarget, event: string, email: () => Email): void {
  if (record(target, event)) send(target.to!, email());
}

/** Records an event; false when it was already recorded, or the record could not be written. */
function record(target: NoticeTarget, event: string): boolean {
  try {
    const key = jobPrefix(target) + event;
    if (props().getProperty(key) !== null) return false;
    props().setProperty(key, String(Date.now()));
    return true;
  } catch (e) {
    console.warn(`Export email not sent (its record could not be kept): ${(e as Error).message}`);
    return false;
  }
}

function send(to: string, email: Email): void {
  try {
    MailApp.sendEmail({ to, subject: email.subject, body: email.body, name: SENDER_NAME });
  } catch (e) {
    console.warn(`Export email to ${to} not sent: ${(e as Error).message}`);
  }
}

/**
 * The records of a job that has ended, and any left by jobs taken back long ago. Called once the
 * job is forgotten and before its triggers go: a kill in between leaves a trigger, which finds no
 * job and removes every record (`forgetNoticesOfIdle`).
 */
export function forgetNotices(target: NoticeTarget): void {
  const mine = jobPrefix(target);
  const old = Date.now() - KEEP_MS;
  forgetWhere((key, sentAt) => key.startsWith(mine) || Number(sentAt) < old);
}

/** With no job left, no record is needed. */
export function forgetNoticesOfIdle(): void {
  forgetWhere(() => true);
}

function forgetWhere(drop: (key: string, value: string) => boolean): void {
  try {
    for (const [key, value] of Object.entries(props().getProperties())) {
      if (key.startsWith(PREFIX) && drop(key, value)) props().deleteProperty(key);
    }
  } catch (e) {
    console.warn(`Export email records not cleared: ${(e as Error).message}`);
  }
}
