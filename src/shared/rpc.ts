/**
 * The contract between the server (the Apps Script bundle) and the sidebar pages. Both sides compile
 * against these types. Only JSON-safe values cross `google.script.run`: no Date (send ISO strings),
 * no functions, no `undefined` inside arrays.
 */

export interface HelpInfo {
  addonName: string;
  version: string;
  phases: Array<{ title: string; summary: string }>;
  menuItems: Array<{ caption: string; what: string }>;
  stagingFolder: { configured: boolean; name?: string; url?: string };
}

/** Every server function a page may call, with its arguments and result. */
export interface ServerFunctions {
  getHelpInfo(): HelpInfo;
}

export type ServerFunctionName = keyof ServerFunctions;

export type OverrideFlag = 'includeUnreviewed' | 'includeFailed' | 'includeAlreadyExported';

/** PLAN 2.1 / 5.1: the staging wizard's filters. Dates are YYYY-MM-DD (Completed Date). */
export interface ExportFilters {
  batchIds?: string[];
  agents?: string[];
  dateFrom?: string;
  dateTo?: string;
  reviewStatuses?: string[];
  reviewScoreMin?: number;
  reviewScoreMax?: number;
  reviewerEmails?: string[];
  /** An explicit selection made in the preview. */
  taskIds?: string[];
  includeUnreviewed?: boolean;
  includeFailed?: boolean;
  includeAlreadyExported?: boolean;
}

export interface ExportFilterOptions {
  batches: string[];
  agents: string[];
  reviewStatuses: string[];
  reviewers: string[];
  reviewScoreRange: { min: number; max: number };
  exportStatuses: string[];
}

/** A task as the wizards show it. */
export interface TaskSummary {
  taskId: string;
  row: number;
  batchId: string;
  agent: string;
  folderName: string;
  reviewStatus: string;
  reviewScore: number | null;
  reviewer: string;
  completedDate: string | null;
  exportStatus: string | null;
  linkCount: number;
}

export interface TaskSelection {
  tasks: TaskSummary[];
  overrides: Array<{ flag: OverrideFlag; warning: string }>;
  /** Tasks left out whatever the filters, with the reason (e.g. a duplicate Task ID). */
  excluded: Array<{ taskId: string; reason: string }>;
}

export interface StagedBatch {
  batchId: string;
  taskCount: number;
  createdDate: string | null;
  stagingFolderUrl: string | null;
  stagingFolderPath: string | null;
}

export type JobKind = 'staging' | 'delivery';

/** A task that did not make it, with the reason in plain words. */
export interface TaskFailure {
  taskId: string;
  reason: string;
}

/** What a finished job reports (PLAN 2.2 step 9, 3.1 step 7). */
export interface JobSummary {
  kind: JobKind;
  batchId: string;
  succeeded: number;
  failed: TaskFailure[];
  /** The staging batch folder (staging) or the client delivery folder (delivery). */
  folderUrl: string | null;
  exportSheetUrl: string | null;
  filesCopied: number;
  finishedAt: string;
}

/** A job as the wizards poll it; readable while the job runs. */
export interface JobProgress {
  jobId: string;
  kind: JobKind;
  batchId: string;
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  filesCopied: number;
  currentTask: string | null;
  currentFile: string | null;
  finished: boolean;
  /** ISO time of the job's last sign of life. */
  heartbeat: string | null;
  /** Another execution held the job when this call came (the sidebar and a trigger raced). */
  busy?: boolean;
  summary?: JobSummary;
}

export interface StagingStart {
  jobId: string;
  batchId: string;
  taskCount: number;
}

export interface StagingPreview {
  selection: TaskSelection;
  destination: { name: string; url: string; batchFolderName: string } | null;
  destinationError: string | null;
  fileCount: number;
  totalBytes: number;
  perTask: Array<{ taskId: string; files: number; bytes: number; problems: string[] }>;
}

/** What the staging wizard asks to stage: the filters it used and the tasks it showed. */
export interface StagingSelection {
  filters: ExportFilters;
  taskIds: string[];
}

export interface StagingConfiguration {
  folder: { id: string; name: string; url: string } | null;
  error: string | null;
}
