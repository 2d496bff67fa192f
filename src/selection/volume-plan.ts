/**
 * The volume planner: before a start, how long an export should take, how much of the day's
 * quotas it will use, whether it will pause for a daily limit (and which first), and whether the
 * destination can take it at all. Policy only: no Drive or Apps Script call here; the services
 * pass in what they read (the preview's files and bytes, the account's storage, the number of
 * items already in the destination folder).
 */
import type { AccountTier, DailyLimitKind, VolumePlan } from '../shared/rpc';
import { bytes as formatBytes } from '../shared/format';
import { DAILY_LIMITS } from '../drive/daily-usage';
import { FOLDER_ITEM_LIMIT } from '../drive/rest';
import { plural } from '../shared/format';
import { RUNTIME_SECONDS_PER_FILE } from '../jobs/next-slice';

/**
 * What one file costs the export, measured by `npm run bench` (2,400 files each way on the
 * emulator with its realistic latency model and Drive's write ceiling; Drive calls sent in batch
 * requests). Run the benchmark again and update these figures when the copy engine changes: the
 * benchmark prints them as "per 1,000 files".
 */
export const PER_FILE_COST = {
  /** Files copied per second while the sidebar stays open (it drives slice after slice). */
  filesPerSecondSidebar: 2.6,
  /**
   * Files copied per second with the sidebar closed (time-driven triggers only, each next slice
   * armed before the last one ends; 2.2 when the day's trigger runtime is short).
   */
  filesPerSecondTriggers: 2.4,
  /** URL Fetch calls per file staged, its preview included (lookups, copies, listings). */
  urlFetchPerFileStaged: 0.41,
  /** URL Fetch calls per file delivered, its review included. */
  urlFetchPerFileDelivered: 0.42,
  /** Seconds of Apps Script runtime per file (what a trigger-driven slice spends of the day). */
  runtimeSecondsPerFile: RUNTIME_SECONDS_PER_FILE,
};

export interface VolumeInput {
  phase: 'staging' | 'delivery';
  files: number;
  bytes: number;
  /** Task folders the export makes (each one item in the batch folder). */
  tasks: number;
  /** The most files one task folder will hold. */
  largestTask: number;
  /** The account's tier when known; unknown plans with a personal account's (smaller) quotas. */
  tier: AccountTier | null;
  /** What this person has used today of each daily limit, by the add-on's own count. */
  spentToday?: Partial<Record<DailyLimitKind, number>>;
  /** The bytes the add-on copies a day before it pauses, when lowered from Google's 750 GB. */
  transferLimit?: number;
  /** `DriveApp.getStorageLimit()` / `getStorageUsed()` in bytes; a limit of 0 or less: unknown. */
  storage?: { limit: number; used: number } | null;
  /**
   * The folder the export adds its folder to, and how many items it holds now (null: unknown),
   * when the caller knows; the services do not count (see drive/capacity.ts).
   */
  destination?: { name: string; items: number | null } | null;
}

/** The plan, with its sentences for the wizard; `cost` is the measured one but in tests. */
export function planVolume(
  input: VolumeInput,
  cost: typeof PER_FILE_COST = PER_FILE_COST,
): VolumePlan {
  const tier: AccountTier = input.tier ?? 'consumer';
  const files = Math.max(0, Math.round(input.files));
  const bytes = Math.max(0, Math.round(input.bytes));
  const perFileCalls =
    input.phase === 'staging' ? cost.urlFetchPerFileStaged : cost.urlFetchPerFileDelivered;
  const needs: Record<DailyLimitKind, number> = {
    urlFetch: Math.ceil(files * perFileCalls),
    triggerRuntime: Math.round(files * cost.runtimeSecondsPerFile * 1000),
    driveTransfer: bytes,
  };
  const usage = (Object.keys(DAILY_LIMITS) as DailyLimitKind[]).map((kind) => {
    const quota =
      kind === 'driveTransfer' && input.transferLimit
        ? Math.min(input.transferLimit, DAILY_LIMITS[kind][tier])
        : DAILY_LIMITS[kind][tier];
    const spent = Math.max(0, input.spentToday?.[kind] ?? 0);
    return {
      kind,
      needed: needs[kind],
      quota,
      spent,
      available: Math.max(0, quota - spent),
    };
  });
  const pauseFirst = (kinds: DailyLimitKind[]) => {
    let first: { kind: DailyLimitKind; afterFiles: number } | null = null;
    for (const u of usage) {
      if (!kinds.includes(u.kind) || u.needed <= u.available || files === 0) continue;
      const afterFiles = Math.floor((files * u.available) / u.needed);
      if (!first || afterFiles < first.afterFiles) first = { kind: u.kind, afterFiles };
    }
    return first;
  };
  // With the sidebar open, slices run in the sidebar's own executions: no trigger runtime.
  const sidebarPause = pauseFirst(['urlFetch', 'driveTransfer']);
  const unattendedPause = pauseFirst(['urlFetch', 'triggerRuntime', 'driveTransfer']);
  const days = (kinds: DailyLimitKind[]) =>
    Math.max(
      1,
      ...usage
        .filter((u) => kinds.includes(u.kind) && u.quota > 0)
        .map((u) => 1 + Math.ceil(Math.max(0, u.needed - u.available) / u.quota)),
    );
  const plan: VolumePlan = {
    files,
    bytes,
    tier,
    tierKnown: input.tier !== null,
    sidebarSeconds: Math.round(files / cost.filesPerSecondSidebar),
    unattendedSeconds: Math.round(files / cost.filesPerSecondTriggers),
    usage,
    sidebarPause,
    unattendedPause,
    sidebarDays: days(['urlFetch', 'driveTransfer']),
    unattendedDays: days(['urlFetch', 'triggerRuntime', 'driveTransfer']),
    refusal: refusalOf(input, bytes),
    text: { duration: '', account: '', limits: [], sidebarPause: '', unattendedPause: '' },
    sentences: [],
  };
  plan.text = textOf(plan, input);
  const t = plan.text;
  plan.sentences = [
    t.duration,
    t.account,
    ...t.limits.map(
      (l) =>
        `${l.name}: this export needs ${l.needs}${l.note ? `, ${l.note}` : ''}.${l.spent === null ? '' : ` So far today: ${l.spent}.`}`,
    ),
    ...[t.sidebarPause, t.unattendedPause].filter((s) => s !== ''),
    ...(plan.refusal ? [plan.refusal] : []),
  ];
  return plan;
}

/** Why Drive cannot take the export at all (then the wizard does not start it), or null. */
function refusalOf(input: VolumeInput, bytes: number): string | null {
  const storage = storageRefusal(bytes, input.storage ?? null);
  if (storage) return storage;
  const d = input.destination;
  const full = d ? destinationRefusal(d.name, d.items) : null;
  if (full) return full;
  if (input.tasks > FOLDER_ITEM_LIMIT) {
    return `Google Drive cannot take this export: its ${count(input.tasks)} task folders would go into one batch folder, and Google Drive allows at most ${count(FOLDER_ITEM_LIMIT)} items directly in one folder. Export fewer tasks at a time.`;
  }
  if (input.largestTask > FOLDER_ITEM_LIMIT) {
    return `Google Drive cannot take this export: one task has ${count(input.largestTask)} files, and Google Drive allows at most ${count(FOLDER_ITEM_LIMIT)} items directly in one folder.`;
  }
  return null;
}

/**
 * Why the person's Drive storage cannot take `bytes` more, or null (also when Drive does not say
 * what it holds). A copy is owned by the person who makes it, so it counts against their storage
 * (Drive API, files.copy; Google Drive Help "How storage works in Google Drive"). Storage with no
 * room at all refuses even an export whose size is not known (0 bytes).
 */
export function storageRefusal(
  bytes: number,
  storage: { limit: number; used: number } | null,
): string | null {
  if (!storage || !(storage.limit > 0)) return null;
  const { limit, used } = storage;
  if (used + Math.max(1, bytes) <= limit) return null;
  const left = Math.max(0, limit - used);
  const needs = bytes > 0 ? `it needs ${formatBytes(bytes)} of storage, but only` : 'only';
  return `Google Drive cannot take this export: ${needs} ${formatBytes(left)} of ${formatBytes(limit)} is left in your Google Drive (the copies count against the storage of the person who runs the export). Free some space or get more storage, then try again.`;
}

/**
 * A destination folder that cannot take the export's own folder (one new item), or null: it
 * holds as many items as Drive allows directly in one folder.
 */
function destinationRefusal(name: string, items: number | null): string | null {
  if (items === null || items + 1 <= FOLDER_ITEM_LIMIT) return null;
  return `Google Drive cannot take this export: the folder "${name}" already holds ${count(items)} items, and Google Drive allows at most ${count(FOLDER_ITEM_LIMIT)} directly in one folder. Choose another folder, or move some of its items into sub-folders.`;
}

const LIMIT_WORDS: Record<DailyLimitKind, string> = {
  urlFetch: 'requests to Google Drive (URL Fetch calls)',
  triggerRuntime: 'time the export may run by itself (trigger runtime)',
  driveTransfer: 'Google Drive uploads and copies',
};

function textOf(plan: VolumePlan, input: VolumeInput): VolumePlan['text'] {
  const verb = input.phase === 'staging' ? 'Staging' : 'Delivering';
  const account = plan.tierKnown
    ? plan.tier === 'workspace'
      ? 'a Google Workspace account'
      : 'a personal Google account'
    : 'a personal Google account (a Google Workspace account has more)';
  const counted = input.spentToday
    ? ' “So far today” counts this add-on only, over the last 24 hours.'
    : ' What you used earlier today is not counted.';
  return {
    duration: durationSentence(verb, plan),
    account: `Google's daily limits for ${account}.${counted}`,
    limits: plan.usage.map((u) => ({
      kind: u.kind,
      name: capitalise(LIMIT_WORDS[u.kind]),
      needs: `${u.kind === 'urlFetch' ? count(u.needed) : amount(u.kind, u.needed)} of the ${quotaAmount(u.kind, u.quota)} a day`,
      note: u.kind === 'triggerRuntime' ? 'only when the sidebar is closed' : null,
      spent: input.spentToday ? (u.spent > 0 ? amount(u.kind, u.spent) : 'none') : null,
    })),
    ...pauseSentences(plan),
  };
}

/**
 * How long, sidebar open and closed; said once when both read the same (the pause sentence that
 * follows says the sidebar may be closed).
 */
function durationSentence(verb: string, plan: VolumePlan): string {
  const what = `${verb} ${plural(plan.files, 'file')} (${formatBytes(plan.bytes)})`;
  const open = about(plan.sidebarSeconds);
  const closed = about(plan.unattendedSeconds);
  if (open === closed) {
    return `${what} should take ${open}.`;
  }
  return `${what} should take ${open} with this sidebar open, or ${closed} if you close it (it then goes on by itself).`;
}

/** One sentence when neither way pauses; otherwise one for each. */
function pauseSentences(
  plan: VolumePlan,
): Pick<VolumePlan['text'], 'sidebarPause' | 'unattendedPause'> {
  if (!plan.sidebarPause && !plan.unattendedPause) {
    return {
      sidebarPause:
        'It should finish without pausing for a daily limit, whether this sidebar stays open or not.',
      unattendedPause: '',
    };
  }
  return {
    sidebarPause: pauseSentence('With the sidebar open', plan.sidebarPause, plan.sidebarDays),
    unattendedPause: pauseSentence(
      'With the sidebar closed',
      plan.unattendedPause,
      plan.unattendedDays,
    ),
  };
}

/** "about 4 min", "under a minute". */
function about(seconds: number): string {
  const d = formatDuration(seconds);
  return seconds < 60 ? d : `about ${d}`;
}

function pauseSentence(mode: string, pause: VolumePlan['sidebarPause'], days: number): string {
  if (!pause) return `${mode}, it should finish without pausing for a daily limit.`;
  return `${mode}, it will pause after about ${plural(pause.afterFiles, 'file')}, when it reaches Google's daily limit on ${LIMIT_WORDS[pause.kind]}, and go on by itself when the limit resets, 24 hours after the day's first use: about ${plural(days, 'day')} in all.`;
}

function amount(kind: DailyLimitKind, n: number): string {
  if (kind === 'triggerRuntime') {
    return n > 0 && n < 60_000 ? 'under a minute' : formatDuration(Math.round(n / 1000));
  }
  if (kind === 'driveTransfer') return formatBytes(n);
  return `${count(n)} calls`;
}

/**
 * A day's quota. Google's 750 GB a day is told in Google's own words: its bytes, read in the units
 * of 1,024 every other amount uses, would read "698 GB" (Google does not say which GB it means,
 * and the add-on plans with the smaller).
 */
function quotaAmount(kind: DailyLimitKind, n: number): string {
  if (kind === 'driveTransfer' && n === DAILY_LIMITS.driveTransfer.consumer) {
    return `${count(n / 1_000_000_000)} GB`;
  }
  return amount(kind, n);
}

function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "about 1 h 10 min", "4 min", "under a minute". */
function formatDuration(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}
