import { Backoff, PacerMemory, WritePacer } from './pacer';
import { AnswerKind, RestAnswer, driveFullCause, kindOf } from './rest';
import { MAX_PER_BATCH, batchAnswers, batchRequest } from './batch';
import { DailyLimitError } from './daily-limit';
import { countUsage } from './daily-usage';

type FetchRequest = GoogleAppsScript.URL_Fetch.URLFetchRequest;

/** Reads sent together in one round, at most: one batch request. */
export const MAX_PER_FETCH = MAX_PER_BATCH;
/** Tries of one read before giving up on it. */
export const MAX_READ_TRIES = 5;
/** fetchAll calls in a row that may throw (no answer at all) before the error is passed on. */
const MAX_LOST_ROUNDS = 3;

/** A Drive request that did not get a usable answer after its tries; the message is for ops. */
export class DriveRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'DriveRequestError';
  }
}

/** The error for a request that got no usable answer; `what` completes "could not ...". */
export function driveError(answer: RestAnswer<unknown> | null, what: string): DriveRequestError {
  const status = answer?.status ?? 0;
  const full = driveFullCause(answer);
  if (full) {
    return new DriveRequestError(`Google Drive did not let the export ${what}: ${full}.`, status);
  }
  if (status === 404) {
    return new DriveRequestError(
      `Google Drive could not ${what}: it is missing or no longer shared with you.`,
      status,
    );
  }
  if (status === 401) {
    return new DriveRequestError(
      'Google did not accept the script’s permission to use Drive. Reload the spreadsheet, open the export again and allow access if asked.',
      status,
    );
  }
  return new DriveRequestError(
    `Google Drive did not let the export ${what} (code ${status || 'none'}). Try again in a few minutes.`,
    status,
  );
}

/**
 * One execution's conversation with the Drive REST API: its OAuth token, the pacing of its writes,
 * its backoff, and how long its rounds of parallel requests take.
 */
export class RestSession {
  readonly pacer: WritePacer;
  readonly backoff: Backoff;
  private tokenValue: string | null = null;
  private slowestMs = 0;
  private slowestReadMs = 0;
  private lostInARow = 0;

  constructor(writesPerSecond: number) {
    this.pacer = new WritePacer(writesPerSecond, cachedWrites());
    this.backoff = new Backoff(jitter);
  }

  get token(): string {
    this.tokenValue ??= ScriptApp.getOAuthToken();
    return this.tokenValue;
  }

  /** The longest round seen: no round starts closer than this to a deadline. */
  roundAllowanceMs(): number {
    return this.slowestMs;
  }

  /** The longest round of reads only seen: reads go alone when the pacer's wait is longer. */
  readRoundMs(): number {
    return this.slowestReadMs;
  }

  /**
   * Sends requests together: in batch requests of up to MAX_PER_BATCH calls, one URL Fetch call
   * each, themselves sent in parallel (fetchAll takes about the time of its slowest request).
   * `writes` of them are writes, counted by the pacer. When fetchAll throws, no answer came back
   * at all: each request gets null, and the caller treats its writes as maybe done.
   */
  send(requests: FetchRequest[], writes: number): Array<RestAnswer<unknown> | null> {
    if (requests.length === 0) return [];
    const groups: FetchRequest[][] = [];
    for (let i = 0; i < requests.length; i += MAX_PER_BATCH) {
      groups.push(requests.slice(i, i + MAX_PER_BATCH));
    }
    // Bodies are built before the clock is read: the pacer must count from when the requests leave.
    const batches = groups.map((g) => batchRequest(this.token, g));
    const at = Date.now();
    let responses: GoogleAppsScript.URL_Fetch.HTTPResponse[];
    try {
      responses = UrlFetchApp.fetchAll(batches);
    } catch (e) {
      this.lostInARow += 1;
      if (this.lostInARow >= MAX_LOST_ROUNDS) throw new DailyLimitError('urlFetch', e);
      return requests.map(() => null);
    } finally {
      const took = Date.now() - at;
      this.slowestMs = Math.max(this.slowestMs, took);
      if (writes === 0) this.slowestReadMs = Math.max(this.slowestReadMs, took);
      // Counted even when no answer came: the writes may have reached Drive.
      if (writes > 0) this.pacer.record(writes, at);
    }
    this.lostInARow = 0;
    // One URL Fetch call per request handed to fetchAll: a batch request is one.
    countUsage('urlFetch', groups.length);
    return responses.flatMap((r, i) => batchAnswers(r, groups[i].length));
  }

  /**
   * Notes the kinds of a round's answers: a refusal or a missing answer starts a backoff, longer
   * each time in a row; a round whose writes all went through ends the series.
   */
  noteRound(kinds: readonly AnswerKind[], writes: number): void {
    if (kinds.some((k) => k === 'refusedForRate' || k === 'unknown')) {
      this.backoff.failed(Date.now());
    } else if (writes > 0) {
      this.backoff.succeeded();
    }
  }

  /** Sleeps until `time`; false (without sleeping) when that would pass `limit`. */
  sleepUntil(time: number, limit = Infinity): boolean {
    const wait = time - Date.now();
    if (wait <= 0) return true;
    if (time > limit) return false;
    Utilities.sleep(wait);
    return true;
  }

  /**
   * Reads sent in parallel, in groups of MAX_PER_FETCH; a read refused for rate or unanswered is
   * sent again after the backoff, up to MAX_READ_TRIES. Returns each read's last answer.
   */
  readAll(requests: FetchRequest[]): Array<RestAnswer<unknown> | null> {
    const answers: Array<RestAnswer<unknown> | null> = requests.map(() => null);
    let open = requests.map((_, i) => i);
    for (let attempt = 1; open.length > 0 && attempt <= MAX_READ_TRIES; attempt++) {
      this.sleepUntil(this.backoff.holdUntil());
      const retry: number[] = [];
      for (let start = 0; start < open.length; start += MAX_PER_FETCH) {
        const group = open.slice(start, start + MAX_PER_FETCH);
        const got = this.send(
          group.map((i) => requests[i]),
          0,
        );
        group.forEach((i, n) => (answers[i] = got[n]));
        const kinds = got.map((a) => kindOf(a));
        this.noteRound(kinds, 0);
        group.forEach((i, n) => {
          if (kinds[n] === 'refusedForRate' || kinds[n] === 'unknown') retry.push(i);
        });
      }
      open = retry;
    }
    return answers;
  }
}

const PACER_KEY = 'exportDriveWrites';
const PACER_TTL_SECONDS = 60;

/**
 * The times of the user's last Drive writes, in the user's cache: Drive's rate is per account. A
 * cache that fails only costs the memory of the previous slice, never the export.
 */
function cachedWrites(): PacerMemory {
  return {
    load: () => {
      try {
        const raw = CacheService.getUserCache()?.get(PACER_KEY);
        return raw ? (JSON.parse(raw) as number[]) : [];
      } catch {
        return [];
      }
    },
    save: (times) => {
      try {
        CacheService.getUserCache()?.put(PACER_KEY, JSON.stringify(times), PACER_TTL_SECONDS);
      } catch {
        // Pacing within this execution goes on; only the next slice's first round may be early.
      }
    },
  };
}

/** A number in [0, 1) for the backoff's jitter, from a UUID, so a seeded test run replays exactly. */
function jitter(): number {
  return parseInt(Utilities.getUuid().replace(/-/g, '').slice(0, 8), 16) / 0x100000000;
}
