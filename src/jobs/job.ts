import type { JobKind, JobSummary, TaskFailure } from '../shared/rpc';
import { dropLease } from './lease';
import { deleteJson, readJson, writeJson } from './stored-json';

/** A task's result inside a job, kept until it is written to the sheet. */
export interface TaskOutcome {
  taskId: string;
  ok: boolean;
  files: number;
  reason: string;
  /** Written to the sheet and the Export Log already. */
  committed: boolean;
}

/** Everything a job needs to go on in a later execution. Kept in script properties. */
export interface JobState {
  id: string;
  kind: JobKind;
  batchId: string;
  createdBy: string;
  createdAt: string;
  heartbeat: number;
  slices: number;
  taskIds: string[];
  pending: string[];
  outcomes: Record<string, TaskOutcome>;
  attempts: Record<string, number>;
  filesCopied: number;
  currentTask: string | null;
  currentFile: string | null;
  /** Staging: the configured staging folder and this batch's folder in it. */
  stagingFolderId: string;
  /** Empty until the folder is made (by the start, or by the first slice if the start died). */
  batchFolderId: string;
  /** The batch folder's name, fixed when the job starts. */
  batchFolderName?: string;
  batchFolderUrl: string;
  /** Task folder of each task in the batch folder (staging) or the delivery folder (delivery). */
  taskFolders: Record<string, string>;
  exportSheetId: string | null;
  exportSheetUrl: string | null;
  /** Delivery: the client's folder and the folder made in it for this batch. */
  clientFolderId?: string;
  deliveryFolderId?: string;
  deliveryFolderUrl?: string;
  /** The tasks' export statuses were claimed for this job (null -> staging, staged -> delivering). */
  claimed: boolean;
  /** Folder name of each task in the batch, unique within the batch, fixed when the job starts. */
  folderNames: Record<string, string>;
  /** Copy plans of tasks in progress (dropped once a task is done). */
  plans: Record<string, Array<{ sourceId: string; targetName: string }>>;
}

/** What a kind of job decides of its record; the rest starts the same for every job. */
export type JobSetup = Pick<
  JobState,
  | 'stagingFolderId'
  | 'batchFolderId'
  | 'batchFolderUrl'
  | 'exportSheetId'
  | 'exportSheetUrl'
  | 'claimed'
  | 'folderNames'
> &
  Partial<
    Pick<JobState, 'batchFolderName' | 'clientFolderId' | 'deliveryFolderId' | 'deliveryFolderUrl'>
  >;

/** A new job's record: nothing done yet, every task pending. The one place a job is made. */
export function newJob(
  kind: JobKind,
  batchId: string,
  taskIds: readonly string[],
  createdBy: string,
  setup: JobSetup,
): JobState {
  return {
    id: jobIdFor(kind, batchId),
    kind,
    batchId,
    createdBy,
    createdAt: new Date().toISOString(),
    heartbeat: Date.now(),
    slices: 0,
    taskIds: [...taskIds],
    pending: [...taskIds],
    outcomes: {},
    attempts: {},
    filesCopied: 0,
    currentTask: null,
    currentFile: null,
    taskFolders: {},
    plans: {},
    ...setup,
  };
}

const ACTIVE_KEY = 'exportJobs.active';
const jobKey = (id: string) => `exportJob.${id}`;

export function jobIdFor(kind: JobKind, batchId: string): string {
  return `${kind === 'staging' ? 'stage' : 'deliver'}-${batchId}`;
}

function props(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getScriptProperties();
}

export function loadJob(id: string, all?: Record<string, string>): JobState | null {
  return readJson<JobState>(props(), jobKey(id), all);
}

/** A job's progress could not be saved; it goes on from its last saved state once it can be. */
export class JobSaveError extends Error {
  constructor(job: JobState, cause: unknown) {
    super(
      `Export batch ${job.batchId}: its progress could not be saved (Google said: ${(cause as Error)?.message}). The script's properties hold at most 500 KB and may be full: ask the script owner to remove properties no longer needed (Extensions > Apps Script > Project Settings). Nothing is lost: the export goes on from where it stands once there is room.`,
    );
    this.name = 'JobSaveError';
  }
}

export function saveJob(job: JobState): void {
  try {
    writeJson(props(), jobKey(job.id), job);
  } catch (e) {
    throw new JobSaveError(job, e);
  }
}

export function activeJobIds(all?: Record<string, string>): string[] {
  const raw = all ? all[ACTIVE_KEY] : props().getProperty(ACTIVE_KEY);
  return raw ? (JSON.parse(raw) as string[]) : [];
}

/**
 * Makes a job active: its state and its place in the active list in one write, so that a kill
 * leaves both or neither. Its triggers must be armed before (see start.ts).
 */
export function registerJob(job: JobState): void {
  const ids = activeJobIds();
  const active: Record<string, string> = {};
  if (!ids.includes(job.id)) active[ACTIVE_KEY] = JSON.stringify([...ids, job.id]);
  writeJson(props(), jobKey(job.id), job, active);
}

/**
 * Removes every property of a finished job. Its lease goes first: a kill after that leaves the job
 * active with its lease free, never a lease left behind for a job that is gone.
 */
export function forgetJob(id: string): void {
  dropLease(id);
  deleteJson(props(), jobKey(id));
  const ids = activeJobIds().filter((j) => j !== id);
  if (ids.length) props().setProperty(ACTIVE_KEY, JSON.stringify(ids));
  else props().deleteProperty(ACTIVE_KEY);
}

/**
 * Marks the outcomes just written to the sheet as committed; successes the sheet could not take
 * (the task's row was deleted, or its status changed by hand, meanwhile) become failures that say
 * so, since the summary must not report as done what the sheet does not show.
 */
export function markCommitted(
  job: JobState,
  open: readonly TaskOutcome[],
  notWritten: ReadonlyMap<string, string>,
): void {
  for (const o of open) {
    o.committed = true;
    const why = notWritten.get(o.taskId);
    // A failure stays listed with its own reason.
    if (why !== undefined && o.ok) job.outcomes[o.taskId] = { ...o, ok: false, reason: why };
  }
}

/** Why outcomes were not written to the sheet, by Task ID, from what the write reported. */
export function notWritten(
  result: { lost: readonly string[]; rejected: ReadonlyArray<{ taskId: string; message: string }> },
  doing: 'staged' | 'delivered',
  note: (taskId: string) => string = () => '',
): Map<string, string> {
  const why = new Map<string, string>();
  for (const id of result.lost) {
    why.set(
      id,
      `Task ${id}: its row was deleted from the sheet (or its Task ID now appears on more than one row) while it was being ${doing}, so its result could not be written there.${note(id)}`,
    );
  }
  for (const r of result.rejected) {
    why.set(
      r.taskId,
      `${r.message} It was changed in the sheet while it was being ${doing}, so the result was not written.`,
    );
  }
  return why;
}

export function failures(job: JobState): TaskFailure[] {
  return Object.values(job.outcomes)
    .filter((o) => !o.ok)
    .map((o) => ({ taskId: o.taskId, reason: o.reason }));
}

const SUMMARY_TTL_SECONDS = 6 * 60 * 60;
const summaryKey = (id: string) => `exportJobSummary.${id}`;

/**
 * A cache value holds at most 100 KB, and a summary of many failed tasks (a batch whose links all
 * broke) is larger: it is kept in parts small enough even for text of 4-byte characters.
 */
const SUMMARY_PART_CHARS = 24 * 1024;

/** Finished jobs leave no properties; their summary stays in the cache for the wizards. */
export function rememberSummary(id: string, summary: JobSummary): void {
  const text = JSON.stringify(summary);
  const values: Record<string, string> = {};
  let parts = 0;
  for (let i = 0; i < text.length; i += SUMMARY_PART_CHARS) {
    values[`${summaryKey(id)}#${parts++}`] = text.slice(i, i + SUMMARY_PART_CHARS);
  }
  values[summaryKey(id)] = String(parts);
  CacheService.getScriptCache().putAll(values, SUMMARY_TTL_SECONDS);
}

export function recalledSummary(id: string): JobSummary | null {
  const cache = CacheService.getScriptCache();
  const head = cache.get(summaryKey(id));
  // A summary remembered whole by an earlier version.
  if (head?.startsWith('{')) return JSON.parse(head) as JobSummary;
  const parts = Number(head ?? 0);
  if (!(parts > 0)) return null;
  const keys = Array.from({ length: parts }, (_, i) => `${summaryKey(id)}#${i}`);
  const found = cache.getAll(keys);
  // A part evicted early: the summary is gone, as it would be after 6 hours.
  if (keys.some((k) => found[k] === undefined)) return null;
  return JSON.parse(keys.map((k) => found[k]).join('')) as JobSummary;
}
