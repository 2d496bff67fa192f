/**
 * A job stopped by one of Google's daily limits waits for it to reset instead of failing: it keeps
 * when and why it stopped, and its next try. Google resets a daily quota 24 hours after the first
 * call it counted; the runner notes when each person's day of URL Fetch calls began (the first
 * slice run as that person after the last day ended), so the pause can say when it ends. Other
 * scripts of the same person count too, so the day may have begun earlier and the limit lift
 * sooner: the job tries again every hour meanwhile.
 */
import type { DailyLimit, JobPause } from '../shared/rpc';
import { windowEnds } from '../drive/daily-usage';

export interface StoredPause {
  limit: DailyLimit;
  since: number;
  resumesAt: number;
  nextTry: number;
  /** When the job first stopped for this limit, if an hourly retry found it still reached. */
  began?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const RETRY_MS = 60 * 60 * 1000;
/** Kept in the person's own properties: the quota, like the store, is theirs. */
const DAY_BEGAN_KEY = 'exportDailyQuotaBegan';

function userProps() {
  return PropertiesService.getUserProperties();
}

/**
 * Notes the start of this person's day of calls when none is running (one write a day); returns
 * when it began.
 */
export function noteDailyWindow(): number {
  const began = Number(userProps().getProperty(DAY_BEGAN_KEY) ?? 0);
  const now = Date.now();
  if (began > 0 && now < began + DAY_MS) return began;
  userProps().setProperty(DAY_BEGAN_KEY, String(now));
  return now;
}

export function pauseFor(limit: DailyLimit, dayBegan: number): StoredPause {
  const now = Date.now();
  // The add-on's own count of copies knows when their window opened; it is the reset's time.
  const reset =
    limit === 'driveTransfer' || limit === 'triggerRuntime'
      ? (windowEnds(limit) ?? now + DAY_MS)
      : limit === 'urlFetch' && dayBegan > 0
        ? dayBegan + DAY_MS
        : now + DAY_MS;
  const resumesAt = reset > now ? reset : now + RETRY_MS;
  return { limit, since: now, resumesAt, nextTry: Math.min(resumesAt, now + RETRY_MS) };
}

/**
 * The pause a job stopped by `limit` takes: a retry that finds the same limit still reached goes
 * on with the pause it was in (the person was told of it once), with fresh times.
 */
export function pauseAgain(previous: StoredPause | undefined, next: StoredPause): StoredPause {
  if (previous?.limit !== next.limit) return next;
  return { ...next, began: previous.began ?? previous.since };
}

/** Names a pause, the same across its retries: one email tells of it. */
export function pauseEpisode(p: StoredPause): string {
  return `${p.limit}.${p.began ?? p.since}`;
}

/** Whether the job should wait now rather than work. */
export function waiting(pause: StoredPause | undefined, now = Date.now()): boolean {
  return pause !== undefined && pause.nextTry > now;
}

const LIMITS: Record<DailyLimit, string> = {
  urlFetch:
    'Google’s daily limit on the requests the export makes to Drive (URL Fetch calls: 20,000 a day for a personal account, 100,000 for Google Workspace)',
  spreadsheets:
    'Google’s daily limit on new spreadsheets (250 a day for a personal account, 3,200 for Google Workspace)',
  driveTransfer:
    'Google Drive’s daily limit on what one person may copy or upload (750 GB a day; the export counts its own copies)',
  triggerRuntime:
    'Google’s daily limit on the time exports may run by themselves (90 minutes a day for a personal account, 6 hours for Google Workspace; the export counts its own runs, and an open sidebar is not held to it)',
};

export function wirePause(p: StoredPause, timeZone: string): JobPause {
  const at = (t: number) => Utilities.formatDate(new Date(t), timeZone, 'EEE d MMM, HH:mm');
  const sooner =
    p.nextTry < p.resumesAt
      ? ` It tries again every hour in case the limit lifts sooner (next try ${at(p.nextTry)}).`
      : '';
  return {
    limit: p.limit,
    since: new Date(p.since).toISOString(),
    resumesAt: new Date(p.resumesAt).toISOString(),
    nextTry: new Date(p.nextTry).toISOString(),
    message: `Paused: ${LIMITS[p.limit]} was reached at ${at(p.since)}. The export goes on by itself by ${at(p.resumesAt)} (${timeZone}), when the limit resets.${sooner} No task has failed because of it, and there is nothing to do.`,
  };
}
