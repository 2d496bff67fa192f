/**
 * The volume planner: before a start, how long an export should take, how much of the day's
 * quotas it will use, whether it will pause for a daily limit (and which first), and whether the
 * destination can take it at all. Policy only: no Drive or Apps Script call here; the services
 * pass in what they read (the preview's files and bytes, the account's storage, the number of
 * items already in the destination folder).
 */
import type { AccountTier, DailyLimitKind, VolumePlan } from '../shared/rpc';

/**
 * What one file costs the export, measured by `npm run bench` (2,400 files each way on the
 * emulator with its realistic latency model and Drive's write ceiling). Provisional: the copy
 * engine is changing; run the benchmark again and update these figures when it does.
 */
export const PER_FILE_COST = {
  /** Files copied per second while the sidebar stays open (it drives slice after slice). */
  filesPerSecondSidebar: 2.4,
  /** Files copied per second with the sidebar closed (time-driven triggers only). */
  filesPerSecondTriggers: 2.1,
  /** URL Fetch calls per file staged (lookups, copies, listings; batched where Drive allows). */
  urlFetchPerFileStaged: 0.45,
  /** URL Fetch calls per file delivered. */
  urlFetchPerFileDelivered: 0.35,
  /** Seconds of Apps Script runtime per file (what a trigger-driven slice spends of the day). */
  runtimeSecondsPerFile: 0.42,
};

const GB = 1_000_000_000;

/**
 * Google's daily figures per user (consumer / Google Workspace). URL Fetch calls and trigger
 * runtime: the Apps Script quotas page (developers.google.com/apps-script/guides/services/
 * quotas). 750 GB a day of uploads and copies: Google Drive Help, "Files you can store in Google
 * Drive" (support.google.com/drive/answer/37603), the same for both.
 */
export const DAILY_LIMITS: Record<DailyLimitKind, Record<AccountTier, number>> = {
  urlFetch: { consumer: 20_000, workspace: 100_000 },
  triggerRuntime: { consumer: 90 * 60 * 1000, workspace: 6 * 60 * 60 * 1000 },
  driveTransfer: { consumer: 750 * GB, workspace: 750 * GB },
};

/**
 * Items directly in one folder (files, folders, shortcuts): Drive API guide "Resolve errors",
 * `numChildrenInNonRootLimitExceeded` (developers.google.com/workspace/drive/api/guides/
 * handle-errors).
 */
export const FOLDER_ITEM_LIMIT = 500_000;

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
  /** What this person has used today of each daily limit, when the add-on knows. */
  spentToday?: Partial<Record<DailyLimitKind, number>>;
  /** `DriveApp.getStorageLimit()` / `getStorageUsed()` in bytes; a limit of 0 or less: unknown. */
  storage?: { limit: number; used: number } | null;
  /**
   * The folder the export adds its folder to, and how many items it holds now (null: unknown),
   * when the caller knows; the services do not count (see drive/capacity.ts).
   */
  destination?: { name: string; items: number | null } | null;
}

/** The plan, with its sentences for the wizard. */
export function planVolume(input: VolumeInput): VolumePlan {
  const tier: AccountTier = input.tier ?? 'consumer';
  const files = Math.max(0, Math.round(input.files));
  const bytes = Math.max(0, Math.round(input.bytes));
  const cost = PER_FILE_COST;
  const perFileCalls =
    input.phase === 'staging' ? cost.urlFetchPerFileStaged : cost.urlFetchPerFileDelivered;
  const needs: Record<DailyLimitKind, number> = {
    urlFetch: Math.ceil(files * perFileCalls),
    triggerRuntime: Math.round(files * cost.runtimeSecondsPerFile * 1000),
    driveTransfer: bytes,
  };
  const usage = (Object.keys(DAILY_LIMITS) as DailyLimitKind[]).map((kind) => {
    const quota = DAILY_LIMITS[kind][tier];
    const spent = Math.max(0, input.spentToday?.[kind] ?? 0);
    return { kind, needed: needs[kind], quota, available: Math.max(0, quota - spent) };
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
    sentences: [],
  };
  plan.sentences = sentencesOf(plan, input);
  return plan;
}

/** Why Drive cannot take the export at all (then the wizard does not start it), or null. */
function refusalOf(input: VolumeInput, bytes: number): string | null {
  const s = input.storage;
  if (s && s.limit > 0 && s.used + bytes > s.limit) {
    const left = Math.max(0, s.limit - s.used);
    return `Google Drive cannot take this export: it needs ${formatBytes(bytes)} of storage, but only ${formatBytes(left)} of ${formatBytes(s.limit)} is left in your Google Drive (the copies count against the storage of the person who runs the export). Free some space or get more storage, then try again.`;
  }
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

function sentencesOf(plan: VolumePlan, input: VolumeInput): string[] {
  const verb = input.phase === 'staging' ? 'Staging' : 'Delivering';
  const out: string[] = [];
  out.push(
    `${verb} ${count(plan.files)} file(s) (${formatBytes(plan.bytes)}) should take about ${formatDuration(plan.sidebarSeconds)} with this sidebar open, or about ${formatDuration(plan.unattendedSeconds)} if you close it (it then goes on by itself).`,
  );
  const account = plan.tierKnown
    ? plan.tier === 'workspace'
      ? 'a Google Workspace account'
      : 'a personal Google account'
    : 'a personal Google account (the smaller limits; a Google Workspace account has more)';
  const spent = input.spentToday
    ? ''
    : ' Use earlier today by you or other scripts is not counted.';
  out.push(`Google's daily limits for ${account}:${spent}`);
  for (const u of plan.usage) {
    out.push(
      `${capitalise(LIMIT_WORDS[u.kind])}: this export needs ${amount(u.kind, u.needed)} of the ${amount(u.kind, u.quota)} a day${u.available < u.quota ? ` (${amount(u.kind, u.available)} left today)` : ''}${u.kind === 'triggerRuntime' ? ', only when the sidebar is closed' : ''}.`,
    );
  }
  out.push(pauseSentence('With the sidebar open', plan.sidebarPause, plan.sidebarDays));
  out.push(pauseSentence('With the sidebar closed', plan.unattendedPause, plan.unattendedDays));
  if (plan.refusal) out.push(plan.refusal);
  return out;
}

function pauseSentence(mode: string, pause: VolumePlan['sidebarPause'], days: number): string {
  if (!pause) return `${mode}, it should finish without pausing for a daily limit.`;
  return `${mode}, it will pause after about ${count(pause.afterFiles)} file(s), when it reaches Google's daily limit on ${LIMIT_WORDS[pause.kind]}, and go on by itself when the limit resets, 24 hours after the day's first use: about ${days} day(s) in all.`;
}

function amount(kind: DailyLimitKind, n: number): string {
  if (kind === 'triggerRuntime') return formatDuration(Math.round(n / 1000));
  if (kind === 'driveTransfer') return formatBytes(n);
  return `${count(n)} calls`;
}

function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Bytes in decimal units, as Google counts storage (1 GB = 1,000,000,000 bytes). */
function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const shown = unit === 0 ? String(Math.round(value)) : value.toFixed(value < 10 ? 1 : 0);
  return `${shown} ${units[unit]}`;
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
