import type { ExpectedFile } from '../drive/copier';
import type { FailureCause, JobKind, JobSummary, TaskFailure } from '../shared/rpc';
import { dropLease } from './lease';
import { recipientAtStart } from '../notify/preference';
import type { StoredPause } from './pause';
import { deleteJson, readJson, storedChunks, writeJson } from './stored-json';
import {
  LedgerLostError,
  deleteLedger,
  entryCell,
  entryOfCell,
  readLedger,
  updateLedger,
  writeLedger,
} from './ledger';

/** A task's result inside a job, kept until it is written to the sheet. */
export interface TaskOutcome {
  taskId: string;
  ok: boolean;
  files: number;
  reason: string;
  /** A failure's cause as far as retrying goes, for the Export Log (absent for a success). */
  cause?: FailureCause;
  /** Written to the sheet and the Export Log already. */
  committed: boolean;
  /**
   * Staging: a task whose files failed the check when the job started (PLAN 2.2); its claim marks
   * it staging_failed instead of staging, and nothing of it is copied.
   */
  atClaim?: boolean;
  /**
   * Staging: each file the task's folder held when the task was staged (its manifest), kept
   * until the job writes it to the batch's export sheet when it finishes.
   */
  manifest?: SettledFile[];
}

/** A file of a task folder as a job keeps it (batches/manifest.ts StagedFile). */
interface SettledFile {
  id: string;
  name: string;
  size: number;
  mimeType: string;
  md5Checksum?: string;
}

/**
 * Everything a job needs to go on in a later execution: its head in script properties, its tasks
 * in its ledger sheet (ledger.ts).
 */
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
  /** The task whose copies go now, one of its files, and how many of them have landed. */
  currentTask: string | null;
  currentFile: string | null;
  /** Kept in memory by the copier's note and saved with the job's regular saves. */
  currentCopied?: number;
  /** Staging: the configured staging folder and this batch's folder in it. */
  stagingFolderId: string;
  /** Empty until the folder is made (by the start, or by the first slice if the start died). */
  batchFolderId: string;
  /** The batch folder's name, fixed when the job starts. */
  batchFolderName?: string;
  /** How the batch folder is made once (its generated id, or when it was asked for). */
  batchFolderPlan?: { id?: string; sentAt?: number };
  batchFolderUrl: string;
  /** Task folder of each task in the batch folder (staging) or the delivery folder (delivery). */
  taskFolders: Record<string, string>;
  exportSheetId: string | null;
  exportSheetUrl: string | null;
  /** The batch records its staged files (BatchRecord.manifests in batches/batches.ts). */
  manifests?: boolean;
  /** Delivery: the client's folder and the folder made in it for this batch. */
  clientFolderId?: string;
  deliveryFolderId?: string;
  deliveryFolderUrl?: string;
  /** The tasks' export statuses were claimed for this job (null -> staging, staged -> delivering). */
  claimed: boolean;
  /** Folder name of each task in the batch, unique within the batch, fixed when the job starts. */
  folderNames: Record<string, string>;
  /**
   * The export status each task had when the job was made (null: never exported), which its claim
   * moves it from: the Export Log row of a claim cut short after the sheet was written says so.
   */
  claimFrom: Record<string, string | null>;
  /**
   * The address of the person who started the job, when they want emails about it (notify/);
   * unset for jobs they follow on their page only.
   */
  notifyTo?: string;
  /** Set while the job waits for one of Google's daily limits to reset. */
  pause?: StoredPause;
  /**
   * Copy plans of tasks in progress (dropped once a task is done), with the id each copy takes or
   * when it was sent: saved before a copy is first sent, so that no copy is ever made twice.
   */
  plans: Record<string, PlannedCopy[]>;
  /** Of tasks in progress, the id each task folder takes, or when it was asked to be made. */
  folderPlans?: Record<string, { id?: string; sentAt?: number }>;
}

/** A copy as a job keeps it in its plan (CopyRequest in drive/copier.ts, less its description). */
export interface PlannedCopy {
  sourceId: string;
  targetName: string;
  id?: string;
  native?: boolean;
  sentAt?: number;
  /** The source's resource key (a file shared by link): every copy of it must send it. */
  resourceKey?: string;
  /** Sends answered with an error that did not land (the DriveApp copier gives up after a few). */
  failures?: number;
  /** Delivery: what the copy must match (its staged file's size, type and checksum). */
  expected?: ExpectedFile;
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
    Pick<
      JobState,
      | 'batchFolderName'
      | 'clientFolderId'
      | 'deliveryFolderId'
      | 'deliveryFolderUrl'
      | 'claimFrom'
      | 'manifests'
    >
  >;

/** What the copier says is going now: kept in memory; the job's next save stores it. */
export function noteSending(job: JobState): (key: string, file: string, copied: number) => void {
  return (key, file, copied) => {
    job.currentTask = key;
    job.currentFile = file;
    job.currentCopied = copied;
  };
}

/** A task settled: its files are counted with the job's, and what goes next is not known yet. */
export function settledCurrent(job: JobState, taskId: string): void {
  if (job.currentTask === taskId || job.currentTask === null) {
    job.currentTask = job.pending[0] ?? null;
    job.currentFile = null;
    delete job.currentCopied;
  }
}

/** The slice ended: nothing goes now. */
export function clearCurrent(job: JobState): void {
  job.currentTask = null;
  job.currentFile = null;
  delete job.currentCopied;
}

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
    claimFrom: {},
    ...setup,
    ...recipient(createdBy),
  };
}

/** Whom the job's emails go to: a choice read now, while its starter's own settings can be. */
function recipient(createdBy: string): Pick<JobState, 'notifyTo'> {
  const to = recipientAtStart(createdBy);
  return to ? { notifyTo: to } : {};
}

const ACTIVE_KEY = 'exportJobs.active';
const jobKey = (id: string) => `exportJob.${id}`;

export function jobIdFor(kind: JobKind, batchId: string): string {
  return `${kind === 'staging' ? 'stage' : 'deliver'}-${batchId}`;
}

function props(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getScriptProperties();
}

/**
 * What the script's properties keep of a job: everything but the per-task maps, which are in its
 * ledger sheet. A record that still has `taskIds` was saved whole by an earlier version.
 */
type JobHead = Omit<JobState, PerTask> & {
  ledger: true;
  total: number;
  /**
   * The ledger rows (their cells, by Task ID) changed since the ledger was last written: they
   * count over the ledger's when the job is read.
   */
  rows?: Record<string, string>;
};
type PerTask =
  'taskIds' | 'pending' | 'outcomes' | 'attempts' | 'taskFolders' | 'folderNames' | 'claimFrom';

/** Each loaded or saved job's ledger cells as last stored, to write only what changed. */
const stored = new WeakMap<JobState, string[]>();
/** How many property chunks each loaded or saved job's head takes, as last stored. */
const headChunks = new WeakMap<JobState, number>();

const PER_TASK: readonly PerTask[] = [
  'taskIds',
  'pending',
  'outcomes',
  'attempts',
  'taskFolders',
  'folderNames',
  'claimFrom',
];

/** When each loaded or saved job's ledger was last written (or read). */
const ledgerWrittenAt = new WeakMap<JobState, number>();
/**
 * How often, at most, a job's ledger is written while it copies (`saveJob(job, 'when due')`):
 * meanwhile the rows that changed ride in the head, which is written before every round of
 * copies whose plans changed, and the wizard's progress shows them once the ledger has them.
 */
export const LEDGER_EVERY_MS = 30_000;

/**
 * The head as stored, with the ledger rows changed since the ledger was last written: those of
 * tasks still to do (what their plans rely on, such as a delivery task's folder name), and, when
 * `settled` (the ledger is not written right after), those of tasks done meanwhile, the results of
 * the last half minute or so. It does not grow with the number of tasks.
 */
export function headOf(
  job: JobState,
  cells: readonly string[] = cellsOf(job),
  settled = false,
): JobHead {
  const head: Partial<JobState> = { ...job };
  for (const key of PER_TASK) delete head[key];
  const before = stored.get(job);
  const rows: Record<string, string> = {};
  cells.forEach((c, i) => {
    const taskId = job.taskIds[i];
    if (before && c !== before[i] && (settled || !job.outcomes[taskId])) rows[taskId] = c;
  });
  return {
    ...(head as Omit<JobState, PerTask>),
    ledger: true,
    total: job.taskIds.length,
    ...(Object.keys(rows).length > 0 ? { rows } : {}),
  };
}

function cellsOf(job: JobState): string[] {
  return job.taskIds.map((taskId) =>
    entryCell({
      taskId,
      folderName: job.folderNames[taskId],
      taskFolder: job.taskFolders[taskId],
      attempts: job.attempts[taskId],
      outcome: job.outcomes[taskId],
      claimFrom: job.claimFrom[taskId],
    }),
  );
}

/**
 * A job as its slices see it: the head from the properties, the tasks from its ledger. The tasks
 * still to do are those without a result, the ones tried again last. Null when the job is not
 * active, or its ledger was deleted by hand (its tasks are then listed for recovery).
 */
export function loadJob(
  id: string,
  all: Record<string, string> = props().getProperties(),
): JobState | null {
  const record = readJson<JobHead | JobState>(props(), jobKey(id), all);
  if (!record) return null;
  if (!('ledger' in record)) {
    record.claimFrom ??= {};
    return record;
  }
  const ledger = readLedger(id);
  if (!ledger) return null;
  const head: Partial<JobHead> = { ...record };
  delete head.ledger;
  delete head.total;
  delete head.rows;
  const job: JobState = {
    ...(head as Omit<JobState, PerTask>),
    taskIds: [],
    pending: [],
    outcomes: {},
    attempts: {},
    taskFolders: {},
    folderNames: {},
    claimFrom: {},
  };
  // Rows the head holds were written after the ledger was: they count over it.
  const entries = record.rows
    ? ledger.entries.map((e) => {
        const row = record.rows![e.taskId];
        return row === undefined ? e : entryOfCell(row);
      })
    : ledger.entries;
  for (const e of entries) {
    job.taskIds.push(e.taskId);
    if (e.folderName !== undefined) job.folderNames[e.taskId] = e.folderName;
    if (e.taskFolder !== undefined) job.taskFolders[e.taskId] = e.taskFolder;
    if (e.attempts !== undefined) job.attempts[e.taskId] = e.attempts;
    if (e.outcome) job.outcomes[e.taskId] = e.outcome;
    if (e.claimFrom !== undefined) job.claimFrom[e.taskId] = e.claimFrom;
  }
  job.pending = job.taskIds
    .filter((t) => !job.outcomes[t])
    .sort((a, b) => (job.attempts[a] ?? 0) - (job.attempts[b] ?? 0));
  // A copy plan outlives its task when a kill came between the head and the ledger.
  for (const t of Object.keys(job.plans)) if (job.outcomes[t]) delete job.plans[t];
  for (const t of Object.keys(job.folderPlans ?? {}))
    if (job.outcomes[t]) delete job.folderPlans![t];
  stored.set(job, ledger.cells);
  ledgerWrittenAt.set(job, Date.now());
  headChunks.set(job, storedChunks(all, jobKey(id)));
  return job;
}

/** The kind of an active job, from its head alone (its tasks are not read); null when not active. */
export function activeJobKind(id: string): JobKind | null {
  return readJson<Pick<JobState, 'kind'>>(props(), jobKey(id))?.kind ?? null;
}

/** Whether a job is active, without reading its tasks. */
export function hasJob(id: string): boolean {
  return props().getProperty(jobKey(id)) !== null;
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

/**
 * Saves the head, then the ledger rows that changed (`'when due'`: only once LEDGER_EVERY_MS have
 * passed since the ledger was last written). The head holds the changed rows of tasks still to
 * do, and, when the ledger is not written now, those of tasks done meanwhile: wherever a kill
 * comes, a task still to do keeps what its saved plan relies on, and one done is either recorded
 * (head or ledger) or, at worst (a kill between the head and the ledger), done again from a new
 * plan, its copies found in Drive and not counted twice. Rows in the head always date from just
 * before the ledger's last write or later, so they count over it. A job with no ledger yet (saved
 * whole by an earlier version) gets its ledger first, so that no head ever points to a ledger that
 * is not there.
 */
export function saveJob(job: JobState, ledger: 'now' | 'when due' = 'now'): void {
  try {
    if (!stored.has(job)) saveLedger(job);
    const store = props();
    const key = jobKey(job.id);
    const previous = headChunks.get(job) ?? Number(store.getProperty(key) ?? 0);
    const cells = cellsOf(job);
    const now = ledger === 'now' || Date.now() - (ledgerWrittenAt.get(job) ?? 0) >= LEDGER_EVERY_MS;
    headChunks.set(job, writeJson(store, key, headOf(job, cells, !now), {}, previous));
    if (now) saveLedger(job, cells);
  } catch (e) {
    if (e instanceof LedgerLostError) throw e;
    throw new JobSaveError(job, e);
  }
}

function saveLedger(job: JobState, cells: string[] = cellsOf(job)): void {
  const before = stored.get(job);
  if (!before || before.length !== cells.length) writeLedger(job.id, job.taskIds, cells);
  else {
    const changed: number[] = [];
    cells.forEach((c, i) => {
      if (c !== before[i]) changed.push(i);
    });
    updateLedger(job.id, job.taskIds, cells, changed);
  }
  stored.set(job, cells);
  ledgerWrittenAt.set(job, Date.now());
}

export function activeJobIds(all?: Record<string, string>): string[] {
  const raw = all ? all[ACTIVE_KEY] : props().getProperty(ACTIVE_KEY);
  return raw ? (JSON.parse(raw) as string[]) : [];
}

/**
 * Makes a job active: its ledger first, then its head and its place in the active list in one
 * write, so that a kill leaves the job active with all of its state, or not active (a ledger left
 * behind is removed when the jobs next fall idle). Its triggers must be armed before (start.ts).
 */
export function registerJob(job: JobState): void {
  const cells = cellsOf(job);
  writeLedger(job.id, job.taskIds, cells);
  stored.set(job, cells);
  ledgerWrittenAt.set(job, Date.now());
  const ids = activeJobIds();
  const active: Record<string, string> = {};
  if (!ids.includes(job.id)) active[ACTIVE_KEY] = JSON.stringify([...ids, job.id]);
  try {
    headChunks.set(job, writeJson(props(), jobKey(job.id), headOf(job), active));
  } catch (e) {
    // Refused (the store is full): the start changes nothing, so its ledger goes too.
    deleteLedger(job.id);
    throw e;
  }
}

/**
 * Removes every trace of a finished job. Its lease goes first: a kill after that leaves the job
 * active with its lease free, never a lease left behind for a job that is gone; its ledger last,
 * once nothing points to it.
 */
export function forgetJob(id: string): void {
  dropLease(id);
  deleteJson(props(), jobKey(id));
  const ids = activeJobIds().filter((j) => j !== id);
  if (ids.length) props().setProperty(ACTIVE_KEY, JSON.stringify(ids));
  else props().deleteProperty(ACTIVE_KEY);
  deleteLedger(id);
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

/**
 * The identity of a job's result for a task, as its Export Log row carries it: the job (started at
 * that time: a retry of the batch is another job), the task, and where it ended.
 */
export function changeIdOf(job: JobState, outcome: TaskOutcome): string {
  return `${job.id}@${job.createdAt}:${outcome.taskId}:${outcome.ok ? 'ok' : 'failed'}`;
}

/** The identity of a job's claim of a task (to staging, or to delivering), as its log row has it. */
export function claimIdOf(job: JobState, taskId: string): string {
  return `${job.id}@${job.createdAt}:${taskId}:claim`;
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
