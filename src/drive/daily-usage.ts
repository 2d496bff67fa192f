/**
 * What this person has spent of Google's daily quotas today, as the add-on counts it: URL Fetch
 * calls (each request of a `fetchAll` is one call), the runtime of the slices triggers ran, and
 * the bytes its copies added. Google tells a script none of it, so the add-on counts its own use;
 * other scripts of the same person, and the person's own uploads, are not in it.
 *
 * Cheap by design: counts add up in memory and are saved once per execution (`saveUsage`), in
 * the person's own properties, since the quotas are per user. Each kind keeps a rolling window,
 * as Google resets a daily quota 24 hours after the first call it counted, not at midnight
 * (developers.google.com/apps-script/guides/services/quotas: "Quotas are per user and reset 24
 * hours after the first request"). Two executions of the same person saving at the same moment
 * may lose one's counts: a figure to plan with, never a promise.
 */
import type { AccountTier, DailyLimitKind } from '../shared/rpc';

const GB = 1_000_000_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Google's daily figures per user (consumer / Google Workspace). URL Fetch calls and trigger
 * runtime: the Apps Script quotas page (developers.google.com/apps-script/guides/services/
 * quotas). 750 GB a day of uploads and copies: Google Drive Help, "Files you can store in Google
 * Drive" (support.google.com/drive/answer/37603), the same for both; Google does not say whether
 * its GB is 1,000³ or 1,024³ bytes, so the smaller is planned with.
 */
export const DAILY_LIMITS: Record<DailyLimitKind, Record<AccountTier, number>> = {
  urlFetch: { consumer: 20_000, workspace: 100_000 },
  triggerRuntime: { consumer: 90 * 60 * 1000, workspace: 6 * 60 * 60 * 1000 },
  driveTransfer: { consumer: 750 * GB, workspace: 750 * GB },
};

/**
 * Script property lowering the bytes the add-on copies a day before it pauses (a number of
 * bytes), for a team that also uploads by hand and wants to leave room for it.
 */
const TRANSFER_LIMIT_PROPERTY = 'EXPORT_DAILY_COPY_BYTES';

/** Kept in the person's own properties: the quotas, like the store, are theirs. */
const USAGE_KEY = 'exportDailyUsage';

interface Window {
  /** When the window's first counted use happened; it ends 24 hours later. */
  openedAt: number;
  used: number;
}
type Windows = Partial<Record<DailyLimitKind, Window>>;

/** Counted in this execution and not saved yet: when the first was counted, and how many. */
let unsaved: Partial<Record<DailyLimitKind, { first: number; n: number }>> = {};

/** Counts `n` of `kind` spent now (in memory; `saveUsage` keeps it). */
export function countUsage(kind: DailyLimitKind, n: number): void {
  if (!(n > 0)) return;
  const u = unsaved[kind];
  if (u) u.n += n;
  else unsaved[kind] = { first: Date.now(), n };
}

function stored(): Windows {
  try {
    const raw = PropertiesService.getUserProperties().getProperty(USAGE_KEY);
    return raw ? (JSON.parse(raw) as Windows) : {};
  } catch {
    return {};
  }
}

/** The saved windows with this execution's counts added. */
function merged(saved: Windows): Windows {
  const out: Windows = { ...saved };
  for (const kind of Object.keys(unsaved) as DailyLimitKind[]) {
    const u = unsaved[kind]!;
    const w = out[kind];
    out[kind] =
      w && u.first < w.openedAt + DAY_MS
        ? { openedAt: w.openedAt, used: w.used + u.n }
        : { openedAt: u.first, used: u.n };
  }
  return out;
}

/** Saves this execution's counts (one read and one write of the person's properties). */
export function saveUsage(): void {
  if (Object.keys(unsaved).length === 0) return;
  const now = Date.now();
  const windows = merged(stored());
  for (const kind of Object.keys(windows) as DailyLimitKind[]) {
    if (now >= windows[kind]!.openedAt + DAY_MS) delete windows[kind];
  }
  try {
    PropertiesService.getUserProperties().setProperty(USAGE_KEY, JSON.stringify(windows));
    unsaved = {};
  } catch {
    // Kept in memory: a later save of this execution may manage.
  }
}

/**
 * Counts a trigger's run, from `began` to now, towards the person's daily trigger runtime ("total
 * runtime" of executions that triggers start, the quotas page).
 */
export function countTriggerRuntime(began: number): void {
  countUsage('triggerRuntime', Math.max(0, Date.now() - began));
}

/** Runs a server call and saves what it spent, however it ends. */
export function savingUsage<T>(call: () => T): T {
  try {
    return call();
  } finally {
    saveUsage();
  }
}

/** What the person has spent of each daily quota in its current window, by the add-on's count. */
export function spentToday(): Record<DailyLimitKind, number> {
  const now = Date.now();
  const windows = merged(stored());
  const used = (kind: DailyLimitKind) => {
    const w = windows[kind];
    return w && now < w.openedAt + DAY_MS ? w.used : 0;
  };
  return {
    urlFetch: used('urlFetch'),
    triggerRuntime: used('triggerRuntime'),
    driveTransfer: used('driveTransfer'),
  };
}

/** When the current window of `kind` ends (ms), or null when none is open. */
export function windowEnds(kind: DailyLimitKind): number | null {
  const w = merged(stored())[kind];
  return w && Date.now() < w.openedAt + DAY_MS ? w.openedAt + DAY_MS : null;
}

/** The bytes the add-on copies a day before it pauses: 750 GB, or the script property's figure. */
export function transferLimit(): number {
  const set = Number(
    PropertiesService.getScriptProperties().getProperty(TRANSFER_LIMIT_PROPERTY) ?? NaN,
  );
  const google = DAILY_LIMITS.driveTransfer.consumer;
  return Number.isFinite(set) && set > 0 ? Math.min(set, google) : google;
}

/**
 * A check to run before each round of copies: true once the bytes copied in the current window
 * have reached the day's limit. Drive lets the copy that crosses the limit complete and refuses
 * the next ones (Google Drive Help, "Files you can store in Google Drive": "Uploads that are in
 * progress will complete"), with the same answer as a rate limit, so the add-on stops itself
 * there. Reads the saved figure once; this execution's copies are added as they are counted.
 */
export function transferGate(): () => boolean {
  const w = stored().driveTransfer;
  const saved = w && Date.now() < w.openedAt + DAY_MS ? w.used : 0;
  const limit = transferLimit();
  return () => saved + (unsaved.driveTransfer?.n ?? 0) >= limit;
}

/**
 * Kept back from the day's trigger runtime: what the add-on does not count (the watchdog's short
 * runs while a job waits, a run cut short before it saved its count). Once the day's runtime is
 * spent Google refuses every trigger until it resets, and each refusal is a failure it reports to
 * the person by email.
 */
const TRIGGER_RUNTIME_MARGIN_MS = 5 * 60 * 1000;

/**
 * How much of today's trigger runtime is left to work with (ms), by the add-on's own count; null
 * when the account's tier, so its quota, is not known (the job then runs as long as Google lets
 * it). Google's quota: "Triggers total runtime", 90 min a day for a personal account, 6 h for
 * Google Workspace (developers.google.com/apps-script/guides/services/quotas).
 */
export function triggerRuntimeLeft(tier: AccountTier | null): number | null {
  if (!tier) return null;
  const quota = DAILY_LIMITS.triggerRuntime[tier];
  return Math.max(0, quota - spentToday().triggerRuntime - TRIGGER_RUNTIME_MARGIN_MS);
}
