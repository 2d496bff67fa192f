/**
 * Google's per-user daily quotas, one ledger per workspace, shared by every service and every
 * execution (and saved with the workspace).
 *
 * Source of every figure: the Apps Script quotas page,
 * developers.google.com/apps-script/guides/services/quotas ("Current quotas"):
 *
 * | Feature                | Consumer accounts | Google Workspace accounts |
 * | ---------------------- | ----------------- | ------------------------- |
 * | Properties read/write  | 50,000 / day      | 500,000 / day             |
 * | Spreadsheets created   | 250 / day         | 3,200 / day               |
 * | Triggers total runtime | 90 min / day      | 6 hr / day                |
 * | URL Fetch calls        | 20,000 / day      | 100,000 / day             |
 * | Email recipients (MailApp) | 100 / day     | 1,500 / day               |
 *
 * and its rule for when they come back: "Quotas are per user and reset 24 hours after the first
 * request." So each counter of each user opens a 24-hour window at its first counted use and
 * starts again from zero at the first use after that window ends; nothing resets at midnight.
 */
import { SimClock } from './clock';
import { DAILY_RUNTIME_MESSAGE, EmulatorUsageError, ScriptException } from './errors';
import type { Runtime } from './runtime';

export type AccountTier = 'consumer' | 'workspace';
export const ACCOUNT_TIERS: readonly AccountTier[] = ['consumer', 'workspace'];

export type QuotaKind =
  'urlFetch' | 'properties' | 'triggerRuntime' | 'spreadsheetsCreated' | 'emailRecipients';
export const QUOTA_KINDS: readonly QuotaKind[] = [
  'urlFetch',
  'properties',
  'triggerRuntime',
  'spreadsheetsCreated',
  'emailRecipients',
];

/** Quotas page: "Quotas are per user and reset 24 hours after the first request." */
export const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The daily figures of the quotas page, by account tier. Counts of calls, except
 * `triggerRuntime`, which is milliseconds of executions started by triggers.
 */
export const DAILY_QUOTAS: Record<QuotaKind, Record<AccountTier, number>> = {
  /** "URL Fetch calls": 20,000 / day consumer, 100,000 / day Workspace. */
  urlFetch: { consumer: 20_000, workspace: 100_000 },
  /** "Properties read/write": 50,000 / day consumer, 500,000 / day Workspace. */
  properties: { consumer: 50_000, workspace: 500_000 },
  /** "Triggers total runtime": 90 min / day consumer, 6 hr / day Workspace. */
  triggerRuntime: { consumer: 90 * 60 * 1000, workspace: 6 * 60 * 60 * 1000 },
  /** "Spreadsheets created": 250 / day consumer, 3,200 / day Workspace. */
  spreadsheetsCreated: { consumer: 250, workspace: 3_200 },
  /**
   * "Email recipients per day (for example, with MailApp)": 100 / day consumer, 1,500 / day
   * Workspace. MailApp's reference (getRemainingDailyQuota): "Quotas are based on the number of
   * email recipients", so each recipient of each message counts once.
   */
  emailRecipients: { consumer: 100, workspace: 1_500 },
};

/**
 * What a script sees when a quota is used up. The quotas page ("Exception messages") documents
 * the shapes "Service invoked too many times: Calendar." for a service called too many times in
 * one day and, word for word, "Service using too much computer time for one day." for execution
 * time, which "most commonly occurs for scripts that run on a trigger". The texts Apps Script
 * actually throws for daily call quotas read "Service invoked too many times for one day:
 * <name>." (for URL Fetch, "...: urlfetch.", the text users report). Google documents no exact
 * text for the Properties and spreadsheet-creation quotas: those two follow the same pattern,
 * with the names "properties" and "spreadsheets create" (after "docs create", the name users
 * report for the documents-created quota). For MailApp, "...: email.", the text users report. Scripts must not branch on these texts: Apps Script
 * localises them.
 */
export const QUOTA_MESSAGES: Record<QuotaKind, string> = {
  urlFetch: 'Service invoked too many times for one day: urlfetch.',
  properties: 'Service invoked too many times for one day: properties.',
  spreadsheetsCreated: 'Service invoked too many times for one day: spreadsheets create.',
  emailRecipients: 'Service invoked too many times for one day: email.',
  triggerRuntime: DAILY_RUNTIME_MESSAGE,
};

interface Window {
  /** When the first counted use of this window happened; the counter resets 24 h later. */
  openedAt: number;
  used: number;
}

export interface QuotaLedgerJSON {
  /** user -> kind -> the open window. */
  windows: Record<string, Partial<Record<QuotaKind, Window>>>;
}

/** The per-user daily usage of one workspace, on the simulated clock. */
export class QuotaLedger {
  private readonly windows = new Map<string, Map<QuotaKind, Window>>();

  constructor(
    private readonly clock: SimClock,
    public tier: AccountTier = 'consumer',
  ) {}

  /** The daily figure for `kind` at this workspace's account tier. */
  limit(kind: QuotaKind): number {
    return DAILY_QUOTAS[checkKind(kind)][this.tier];
  }

  /** What `user` has used of `kind` in the current window (0 once the window has ended). */
  used(user: string, kind: QuotaKind): number {
    return this.open(user, checkKind(kind))?.used ?? 0;
  }

  remaining(user: string, kind: QuotaKind): number {
    return Math.max(0, this.limit(kind) - this.used(user, kind));
  }

  /** When the current window of `user` for `kind` ends (ms), or null when none is open. */
  resetsAt(user: string, kind: QuotaKind): number | null {
    const w = this.open(user, checkKind(kind));
    return w ? w.openedAt + QUOTA_WINDOW_MS : null;
  }

  /**
   * Counts `n` uses by `user`, or throws Google's exception, counting nothing, when they would
   * take the day past `limit` (the tier's figure unless a caller overrides it).
   */
  take(user: string, kind: QuotaKind, n = 1, limit = this.limit(kind)): void {
    const w = this.window(user, checkKind(kind));
    if (w.used + n > limit) throw new ScriptException(QUOTA_MESSAGES[kind]);
    w.used += n;
  }

  /**
   * Records `n` uses without checking the quota: what an execution has already consumed (trigger
   * runtime is counted when an execution ends) and, for tests, usage spent before they start.
   */
  spend(user: string, kind: QuotaKind, n: number): void {
    if (!(n >= 0) || !Number.isFinite(n)) {
      throw new EmulatorUsageError(`quota usage must be a positive number, got ${n}`);
    }
    this.window(user, checkKind(kind)).used += n;
  }

  /**
   * The start of an execution by a trigger: the first one opens the day's window, and once the
   * day's trigger runtime is spent it is refused with Google's exception.
   */
  beginTriggerRun(user: string): void {
    const w = this.window(user, 'triggerRuntime');
    if (w.used >= this.limit('triggerRuntime')) {
      throw new ScriptException(QUOTA_MESSAGES.triggerRuntime);
    }
  }

  /** True once `user`'s trigger runtime, with `runningMs` of executions still running, is over. */
  triggerRuntimeOver(user: string, runningMs: number): boolean {
    return this.used(user, 'triggerRuntime') + runningMs > this.limit('triggerRuntime');
  }

  /** Forgets every window (a test hook: as if every user's day had just reset). */
  clear(): void {
    this.windows.clear();
  }

  toJSON(): QuotaLedgerJSON {
    const windows: QuotaLedgerJSON['windows'] = {};
    for (const [user, kinds] of this.windows) {
      windows[user] = Object.fromEntries([...kinds].map(([k, w]) => [k, { ...w }]));
    }
    return { windows };
  }

  /** Replaces the usage with a saved one (`toJSON`); a save without quotas leaves it empty. */
  restore(json: unknown): void {
    this.windows.clear();
    if (json === undefined || json === null) return;
    const data = json as Partial<QuotaLedgerJSON>;
    if (typeof data.windows !== 'object' || data.windows === null) {
      throw new EmulatorUsageError('saved quotas are malformed');
    }
    for (const [user, kinds] of Object.entries(data.windows)) {
      for (const [kind, w] of Object.entries(kinds ?? {})) {
        if (!QUOTA_KINDS.includes(kind as QuotaKind)) {
          throw new EmulatorUsageError(`saved quotas name an unknown quota "${kind}"`);
        }
        if (!Number.isFinite(w?.openedAt) || !Number.isFinite(w?.used)) {
          throw new EmulatorUsageError(`saved quota "${kind}" of ${user} is malformed`);
        }
        this.kinds(user).set(kind as QuotaKind, { openedAt: w.openedAt, used: w.used });
      }
    }
  }

  /** The window open now, if any (an ended window is as good as none). */
  private open(user: string, kind: QuotaKind): Window | undefined {
    const w = this.windows.get(user)?.get(kind);
    return w && this.clock.now() < w.openedAt + QUOTA_WINDOW_MS ? w : undefined;
  }

  /** The window open now, opening one at this use when none is. */
  private window(user: string, kind: QuotaKind): Window {
    let w = this.open(user, kind);
    if (!w) {
      w = { openedAt: this.clock.now(), used: 0 };
      this.kinds(user).set(kind, w);
    }
    return w;
  }

  private kinds(user: string): Map<QuotaKind, Window> {
    let kinds = this.windows.get(user);
    if (!kinds) {
      kinds = new Map();
      this.windows.set(user, kinds);
    }
    return kinds;
  }
}

function checkKind(kind: QuotaKind): QuotaKind {
  if (!QUOTA_KINDS.includes(kind)) {
    throw new EmulatorUsageError(`unknown quota "${kind}"; quotas are: ${QUOTA_KINDS.join(', ')}`);
  }
  return kind;
}

/**
 * Meters "Triggers total runtime": every execution started by a trigger is charged its duration
 * when it ends, and one still running when its user's day is used up (counting every trigger
 * execution of that user running at the same time) is stopped at its next service call with the
 * quotas page's exception, as the 6-minute limit stops it. The refusal of a trigger execution that
 * starts with nothing left is `QuotaLedger.beginTriggerRun`, called where triggers fire.
 */
export function meterTriggerRuntime(runtime: Runtime, quotas: QuotaLedger): void {
  runtime.onExecutionEnd((ex) => {
    if (ex.triggerUid !== undefined && ex.endedAt !== undefined) {
      quotas.spend(ex.user, 'triggerRuntime', ex.endedAt - ex.startedAt);
    }
  });
  runtime.addStopCondition((ex) => {
    if (ex.triggerUid === undefined) return null;
    const now = runtime.clock.now();
    const running = runtime
      .activeExecutions()
      .filter((a) => a.triggerUid !== undefined && a.user === ex.user && a.endedAt === undefined)
      .reduce((ms, a) => ms + (now - a.startedAt), 0);
    return quotas.triggerRuntimeOver(ex.user, running) ? 'dailyRuntime' : null;
  });
}
