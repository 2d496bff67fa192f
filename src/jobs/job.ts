import type { JobKind, JobSummary, TaskFailure } from '../shared/rpc';
import { deleteJson, readJson, writeJson } from './stored-json';
import { ensureWatchdog } from './watchdog-trigger';

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
  batchFolderId: string;
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

export function saveJob(job: JobState): void {
  writeJson(props(), jobKey(job.id), job);
}

export function activeJobIds(all?: Record<string, string>): string[] {
  const raw = all ? all[ACTIVE_KEY] : props().getProperty(ACTIVE_KEY);
  return raw ? (JSON.parse(raw) as string[]) : [];
}

/** Makes a job active; the watchdog is installed with it, for when no trigger or page drives it. */
export function registerJob(job: JobState): void {
  saveJob(job);
  const ids = activeJobIds();
  if (!ids.includes(job.id)) props().setProperty(ACTIVE_KEY, JSON.stringify([...ids, job.id]));
  ensureWatchdog();
}

/** Removes every property of a finished job. */
export function forgetJob(id: string): void {
  deleteJson(props(), jobKey(id));
  const ids = activeJobIds().filter((j) => j !== id);
  if (ids.length) props().setProperty(ACTIVE_KEY, JSON.stringify(ids));
  else props().deleteProperty(ACTIVE_KEY);
}

export function failures(job: JobState): TaskFailure[] {
  return Object.values(job.outcomes)
    .filter((o) => !o.ok)
    .map((o) => ({ taskId: o.taskId, reason: o.reason }));
}

const SUMMARY_TTL_SECONDS = 6 * 60 * 60;
const summaryKey = (id: string) => `exportJobSummary.${id}`;

/** Finished jobs leave no properties; their summary stays in the cache for the wizards. */
export function rememberSummary(id: string, summary: JobSummary): void {
  CacheService.getScriptCache().put(summaryKey(id), JSON.stringify(summary), SUMMARY_TTL_SECONDS);
}

export function recalledSummary(id: string): JobSummary | null {
  const raw = CacheService.getScriptCache().get(summaryKey(id));
  return raw ? (JSON.parse(raw) as JobSummary) : null;
}
