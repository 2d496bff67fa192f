/**
 * The data that crosses between the server (the Apps Script bundle) and the sidebar pages. The
 * functions themselves are typed once, by their definitions in src/rpc/ that src/main.ts
 * re-exports; the pages take their signatures from there (src/client/rpc.ts). Only JSON-safe
 * values cross `google.script.run`: no Date (send ISO strings), no functions, no `undefined`
 * inside arrays; `Wire` below makes a page that sends or expects one fail to compile.
 */

/** Values google.script.run can carry. */
type WirePrimitive = string | number | boolean | null | undefined;

/**
 * `T` as it crosses google.script.run, or `never` where it cannot: a Date, a function, a Map or a
 * class instance with methods. A parameter or result of type `never` makes the call site fail to
 * compile, which is the point.
 */
export type Wire<T> = T extends WirePrimitive
  ? T
  : T extends Date | ((...args: never[]) => unknown) | Map<unknown, unknown> | Set<unknown>
    ? never
    : T extends ReadonlyArray<infer U>
      ? Array<Wire<U>>
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : never;

export interface HelpInfo {
  addonName: string;
  version: string;
  phases: Array<{ title: string; summary: string }>;
  menuItems: Array<{ caption: string; what: string }>;
  /** Each export status as the pages show it, and what it means. */
  /** `inSheet`: what the Export Status cell holds (empty for a task not exported). */
  statuses: Array<{ words: string; inSheet: string; means: string }>;
  /** The file rules staging checks, those most failures come from. */
  fileRules: string[];
  /** Where to go when something fails. */
  whenFails: Array<{ what: string; todo: string }>;
  stagingFolder: { configured: boolean; name?: string; url?: string };
}

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
  /** Tasks the filters match that only overrides not chosen keep out, with those overrides. */
  needOverride: Array<{ taskId: string; flags: OverrideFlag[] }>;
}

/** The filter step's live count: one read of the sheet, no Drive lookups. */
export interface StagingCount {
  tasks: number;
  /** Tasks the filters match that each override (alone or with others) would add. */
  needOverride: Array<{ flag: OverrideFlag; tasks: number }>;
}

export interface StagedBatch {
  batchId: string;
  taskCount: number;
  createdDate: string | null;
  stagingFolderUrl: string | null;
  stagingFolderPath: string | null;
}

export type JobKind = 'staging' | 'delivery';

/**
 * Tasks of a batch staged with an override although their review had not passed, as the Review
 * Status column read when the batch's export sheet was written.
 */
export interface UnreviewedTasks {
  tasks: Array<{ taskId: string; review: 'failed' | 'notReviewed' }>;
  /** More such tasks than the batch record keeps by name. */
  more: number;
}

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
  /** Files copied so far, those of the task under way included. */
  filesCopied: number;
  /**
   * Files counted so far: those of the tasks done, and those planned for the tasks under way. The
   * files of `tasksNotCounted` tasks are not in it yet (their sources are looked up as they come).
   */
  filesTotal: number;
  /** Tasks still to do whose files are not counted yet; 0 when `filesTotal` is every file. */
  tasksNotCounted: number;
  /**
   * Tasks of `total` (and of `done`, `failed`) marked failed when the job started, their files
   * having failed the preview's check: nothing of them is copied, so they are not being staged.
   */
  failedAtStart: number;
  /** The task whose files are being copied now, and one of them (null between slices). */
  currentTask: string | null;
  currentFile: string | null;
  finished: boolean;
  /** ISO time of the job's last sign of life. */
  heartbeat: string | null;
  /** Another execution held the job when this call came (the sidebar and a trigger raced). */
  busy?: boolean;
  /** The job waits for one of Google's daily limits to reset; no task failed because of it. */
  paused?: JobPause;
  summary?: JobSummary;
}

/** Google's daily quotas an export can reach: URL Fetch calls, and spreadsheets created. */
export type DailyLimit = 'urlFetch' | 'spreadsheets' | 'driveTransfer' | 'triggerRuntime';

export interface JobPause {
  limit: DailyLimit;
  /** ISO time the limit was reached. */
  since: string;
  /** ISO time the job goes on by itself at the latest (when the quota resets). */
  resumesAt: string;
  /** ISO time of the next try, sooner when the limit may lift earlier. */
  nextTry: string;
  /** What happened and what comes next, in plain words, for the pages. */
  message: string;
}

export interface StagingStart {
  jobId: string;
  batchId: string;
  taskCount: number;
}

export interface StagingPreview {
  /** The id the batch will have if started from this preview (StagingSelection.batchId). */
  batchId: string;
  selection: TaskSelection;
  destination: { name: string; url: string; batchFolderName: string } | null;
  destinationError: string | null;
  fileCount: number;
  totalBytes: number;
  perTask: Array<{ taskId: string; files: number; bytes: number; problems: string[] }>;
  /** How long it should take, what it uses of the day's limits, and whether Drive can take it. */
  plan: VolumePlan | null;
}

export type AccountTier = 'consumer' | 'workspace';
/** Google's daily limits an export spends: URL Fetch calls, trigger runtime (ms), Drive bytes. */
export type DailyLimitKind = 'urlFetch' | 'triggerRuntime' | 'driveTransfer';

/** The volume planner's answer (selection/volume-plan.ts). */
export interface VolumePlan {
  files: number;
  bytes: number;
  /** The quotas planned with; a personal account's when the tier is not known. */
  tier: AccountTier;
  tierKnown: boolean;
  /** Expected copying time, sidebar open and sidebar closed (triggers only), without pauses. */
  sidebarSeconds: number;
  unattendedSeconds: number;
  /**
   * Each daily limit: what the export needs, what the add-on has spent of it in the last 24 hours
   * (its own count), what is left today, the day's quota.
   */
  usage: Array<{
    kind: DailyLimitKind;
    needed: number;
    spent: number;
    available: number;
    quota: number;
  }>;
  /** The first daily limit the export reaches, after about how many files (null: none). */
  sidebarPause: { kind: DailyLimitKind; afterFiles: number } | null;
  unattendedPause: { kind: DailyLimitKind; afterFiles: number } | null;
  /** Days the export spans, counting the pauses. */
  sidebarDays: number;
  unattendedDays: number;
  /** Why Drive cannot take it (storage full, too many items in a folder); the start is refused. */
  refusal: string | null;
  /** The plan in plain words, part by part, for the wizard. */
  text: {
    duration: string;
    /** Whose limits these are, and what "so far today" counts. */
    account: string;
    limits: Array<{
      kind: DailyLimitKind;
      /** "Requests to Google Drive (URL Fetch calls)". */
      name: string;
      /** "54 of the 20,000 calls a day". */
      needs: string;
      /** When it applies, if not always. */
      note: string | null;
      /** Spent in the last 24 hours by the add-on's count; null when not counted. */
      spent: string | null;
    }>;
    sidebarPause: string;
    unattendedPause: string;
  };
  /** All of it in plain words, one sentence each (the refusal last). */
  sentences: string[];
}

/** What the staging wizard asks to stage: the filters it used and the tasks it showed. */
export interface StagingSelection {
  filters: ExportFilters;
  taskIds: string[];
  /** The preview's estimate of the bytes staging copies; the start checks the storage with it. */
  bytes?: number;
  /**
   * Tasks the preview found will fail the file check: looked up again at the start, those still
   * failing are marked staging_failed with their reasons before anything is copied (PLAN 2.2).
   */
  failing?: string[];
  /**
   * The batch id the preview showed (in the batch folder's and the export sheet's names): the
   * batch gets it unless another batch took it meanwhile, when it gets a fresh one.
   */
  batchId?: string;
}

export interface StagingConfiguration {
  folder: { id: string; name: string; url: string } | null;
  error: string | null;
  /**
   * No staging folder was ever chosen (rather than one chosen that is gone or read-only): the
   * settings page says so in its own words, not by sending the person to itself.
   */
  unset: boolean;
}

// ---- The staging folder page and the staging wizard ----

/** The person's own choice of emails about the exports they start, on the settings page. */
export interface EmailSetting {
  wanted: boolean;
  /** Where they would go; empty when Google does not tell the add-on the person's address. */
  address: string;
}

/**
 * What the server tells a page when it opens it (read by the page before its first render).
 * `legacyExportWizard`: opened from the old Export Wizard, so the page explains the two phases.
 */
export interface PageOptions {
  notice?: 'legacyExportWizard';
  /**
   * The delivery wizard opens on this staged export (from the staging wizard's last step or the
   * batches page); Resume failed exports shows this batch only.
   */
  batchId?: string;
  /** The status change page opens on this task (from the status report). */
  taskId?: string;
  /**
   * The staging folder page was opened from the staging wizard's "Set the staging folder": it
   * offers the way back ("Continue to staging"), since it replaced the wizard's sidebar.
   */
  from?: 'stagingWizard';
}

/** A Drive folder the add-on uses (staging folder, client folder), checked writable. */
export interface FolderRef {
  id: string;
  name: string;
  url: string;
}

/** A folder as the Drive browser lists it. */
export interface BrowsedFolder {
  id: string;
  name: string;
  /** The user may add files to it (Drive's capabilities.canAddChildren). */
  canAddChildren: boolean;
}

/** Where browsing starts: the user's My Drive, what others shared with them, their shared drives. */
export type DrivePlace = 'myDrive' | 'sharedWithMe' | 'sharedDrives';

/** One page of the sub-folders of a folder; `nextPageToken` asks for the next page. */
export interface FolderListing {
  folder: BrowsedFolder;
  /**
   * The listing is of "Shared with me" or "Shared drives" themselves, which are not folders:
   * `folder` only names them, and nothing can be chosen there.
   */
  place: DrivePlace | null;
  folders: BrowsedFolder[];
  nextPageToken: string | null;
}

/** A client folder found usable, with where it is and who can see it, for the person to check. */
export interface CheckedFolder extends FolderRef {
  /** From the top: "My Drive", "Clients", "Acme" or "Shared drives", "Client deliveries", "Acme". */
  path: string[];
  /** Who can see it, in words: "Only you", "Shared with 2 people", "Members of Client deliveries". */
  access: string;
}

/** An override of the default criteria, with what the wizard says before it is used. */
export interface OverrideChoice {
  flag: OverrideFlag;
  label: string;
  warning: string;
}

/** Everything the staging wizard needs when it opens, in one call. */
export interface StagingWizardSetup {
  filterOptions: ExportFilterOptions;
  overrides: OverrideChoice[];
  staging: StagingConfiguration;
  /** Staging jobs running now, oldest first: the wizard shows one instead of the filters. */
  runningJobs: JobProgress[];
}

/** The first rows the internal export sheet will hold, every value as text. */
export interface ExportSheetPreview {
  sheetName: string;
  columns: string[];
  rows: string[][];
  totalRows: number;
}

// ---- Delivery, recovery, status management and reporting ----

/** A staged export the delivery wizard offers (PLAN 3.3), with what the registry knows of it. */
export interface StagedExport extends StagedBatch {
  createdBy: string | null;
  exportSheetUrl: string | null;
  /** The last delivery started for this batch, if any (a batch may be delivered in parts). */
  lastDelivery: { clientFolderUrl: string; deliveryFolderUrl: string; at: string } | null;
  /** A job of this batch is running now; the wizard shows it instead of starting another. */
  running: JobKind | null;
}

/**
 * A staged task whose staging folder changed since staging, compared with the record of what was
 * staged (the export sheet's Staged Files tab).
 */
export interface StagingChange {
  taskId: string;
  /** What changed, in words, and what it means for the delivery. */
  message: string;
  /** The delivery of the task will fail (a staged file removed or changed, or the record lost). */
  failsDelivery: boolean;
}

/** One item of a staging batch folder, and whether a delivery takes it to the client. */
export interface StagedExportItem {
  name: string;
  kind: 'taskFolder' | 'exportSheet' | 'other';
  /** The staged task the folder belongs to (task folders of staged tasks only). */
  taskId: string | null;
  /** Files and bytes in a task folder; null when not counted (time ran out, or not a folder). */
  files: number | null;
  bytes: number | null;
  toClient: boolean;
}

/** PLAN 3.2 step 2: what a delivery of this batch takes to the client and what stays internal. */
export interface StagedExportPreview {
  batchId: string;
  createdDate: string | null;
  createdBy: string | null;
  /** Staged tasks: those a delivery takes. */
  taskCount: number;
  stagingFolder: FolderRef | null;
  items: StagedExportItem[];
  /** Staged tasks whose folder is not in the staging batch folder any more. */
  missingTaskFolders: TaskFailure[];
  /** Staged tasks whose staging folder no longer holds what was staged (counted folders only). */
  stagingChanges: StagingChange[];
  /** Staged tasks this delivery takes that were staged without passing review. */
  unreviewed: UnreviewedTasks;
  /** Every task folder was counted (counting stops after a while on very large batches). */
  complete: boolean;
  /** The volume plan of delivering the staged files (the destination is chosen next). */
  plan: VolumePlan | null;
  /** The internal export sheet: its first rows as text; it never goes to the client. */
  exportSheet: {
    url: string | null;
    columns: Array<{ name: string; internal: boolean }>;
    rows: string[][];
    totalRows: number;
    error: string | null;
  };
}

/** The answer of a client folder check: the folder, or why it cannot be used. */
export interface ClientFolderCheck {
  ok: boolean;
  folder: CheckedFolder | null;
  error: string | null;
  /** With a batch: the volume plan of delivering it to this folder (its refusal is the error). */
  plan?: VolumePlan | null;
}

/** A client folder this user delivered to recently (remembered per user, last 5). */
export interface RecentClientFolder extends FolderRef {
  usedAt: string;
}

export interface DeliveryStart {
  jobId: string;
  batchId: string;
  taskCount: number;
  clientFolder: FolderRef;
  /** The folder made for the batch inside the client folder. */
  deliveryFolderUrl: string;
  /** Tasks of the batch that could not be taken (changed since the wizard listed them). */
  leftOut: TaskFailure[];
}

export type RecoveryAction =
  | 'resumeFailedStaging'
  | 'retryFailedStagingTasks'
  | 'resumeFailedDelivery'
  | 'retryFailedDelivery';

/** Something "Resume failed exports" can do for a batch. */
export interface RecoverableExport {
  batchId: string;
  action: RecoveryAction;
  kind: JobKind;
  /** What the action does, in plain words. */
  what: string;
  taskIds: string[];
  /** Each task's latest reason from the Export Log. */
  reasons: TaskFailure[];
  /** For delivery actions: the client folder of the batch's last delivery. */
  clientFolderUrl: string | null;
}

export interface RecoverableExports {
  items: RecoverableExport[];
  /** Jobs running now: nothing to resume there, they go on by themselves. */
  running: JobProgress[];
}

/** What a recovery action did: a job started, or tasks marked failed because it could not be. */
export interface RecoveryResult {
  action: RecoveryAction;
  batchId: string;
  jobId: string | null;
  taskCount: number;
  failed: TaskFailure[];
  message: string;
}

/**
 * What a failed task needs before it can get through, as far as retrying goes (kept in the Export
 * Log's Cause column): `transient`, nothing but time (Drive busy or refusing, an export cut
 * short): retrying helps; `fix`, something a person must put right first (files, links,
 * sharing, a folder gone, a row changed); `restage`, what was staged changed: only staging the
 * task again helps.
 */
export type FailureCause = 'transient' | 'fix' | 'restage';

/**
 * What the report offers for a task needing attention: `retry`, retrying is the way; `fixFirst`,
 * retrying comes after the fix the reason names; `stageAgain`, no retry: stage it again; `running`,
 * its batch's job works on it now; `fixCell`, only an edit of the sheet helps.
 */
export type AttentionAdvice = 'retry' | 'fixFirst' | 'stageAgain' | 'running' | 'fixCell';

/** A task that needs someone to look at it, with the latest reason from the Export Log. */
export interface AttentionItem {
  taskId: string;
  batchId: string;
  status: string;
  reason: string;
  /** ISO time of that Export Log entry. */
  since: string | null;
  action: RecoveryAction | null;
  advice: AttentionAdvice;
  /** The job running on its batch now (advice `running`), which is not this task's own state. */
  running: JobKind | null;
}

/** A task not exported yet that the staging wizard's default filters leave out, and why. */
export interface WaitingGroup {
  /** Why, in words ("Review pending"). */
  why: string;
  tasks: number;
}

/** Tasks staged and delivered (moves into those statuses in the Export Log) in one week. */
export interface WeekActivity {
  /** ISO date (UTC) of the week's Monday. */
  weekStart: string;
  staged: number;
  delivered: number;
}

export interface StagingUsage {
  configured: boolean;
  folder: FolderRef | null;
  folders: number;
  files: number;
  bytes: number;
  /** Everything was counted before the time allowed for it ran out. */
  complete: boolean;
  error: string | null;
}

/** PLAN 6.1: the export status report's figures, all from one read of the sheet and the log. */
export interface ExportStatusFigures {
  generatedAt: string;
  totalTasks: number;
  /** Tasks per export status; "not exported" for an empty cell, "invalid" for anything else. */
  counts: Record<string, number>;
  activeBatches: JobProgress[];
  attention: AttentionItem[];
  /** How many tasks need attention (the list holds the first ones). */
  attentionTotal: number;
  /** Not exported tasks the staging wizard's default filters would take. */
  readyToStage: number;
  /** The other not exported tasks, by why they wait, most first. */
  waiting: WaitingGroup[];
  /** The last 12 weeks, oldest first. */
  weeks: WeekActivity[];
}

/** PLAN 6.1: the export status report: its figures and how much the staging folder holds. */
export interface ExportStatusReport extends ExportStatusFigures {
  stagingUsage: StagingUsage;
}

/** PLAN 6.1: one export batch with its status summary and links. */
export interface ExportBatchInfo {
  batchId: string;
  createdAt: string | null;
  createdBy: string | null;
  taskCount: number;
  counts: Record<string, number>;
  stagingFolderUrl: string | null;
  exportSheetUrl: string | null;
  stagingFolderName: string | null;
  deliveries: Array<{
    clientFolderUrl: string;
    /** null: delivered by a version that did not record it. */
    clientFolderName: string | null;
    deliveryFolderUrl: string;
    at: string;
    by: string | null;
  }>;
  running: JobKind | null;
  /** Tasks of the batch staged without passing review. */
  unreviewed: UnreviewedTasks;
}

/** One task as the status change page shows it, and where a person may move it. */
export interface TaskStatusChoices {
  taskId: string;
  batchId: string;
  /** The status as the sheet holds it ("not exported" for an empty cell). */
  status: string;
  /** false: the cell holds something that is not a status. */
  known: boolean;
  /** A job is working on the task's batch now: no change by hand until it ends. */
  running: JobKind | null;
  /** The statuses it may be changed to by hand; none for a delivered task. */
  choices: string[];
}

export interface CleanupSummary {
  olderThanDays: number;
  cutoff: string;
  reset: Array<{ taskId: string; batchId: string; from: string; to: string }>;
  /** Failures newer than the cutoff (or with no Export Log entry), left as they are. */
  keptRecent: number;
  /** Batch records removed: no task refers to them any more. */
  clearedBatches: string[];
}

// ---- The delivery wizard, the status report and Resume failed exports pages ----

/** Everything the delivery wizard needs when it opens, in one call. */
export interface DeliveryWizardSetup {
  exports: StagedExport[];
  recentClientFolders: RecentClientFolder[];
  /** Delivery jobs running now, oldest first: the wizard shows one instead of the list. */
  runningJobs: JobProgress[];
}

/** A delivered task's files: its Staged Count, and what its client folder holds now. */
export interface DeliveredCount {
  taskId: string;
  /** null: the Staged Count cell is empty, or the task's row is gone. */
  expected: number | null;
  /** null: Drive did not list the folder this time. */
  found: number | null;
}

// ---- Check setup ----

/** ok: as the add-on needs; warning: it copes, but look; failed: fix this before exporting. */
export type SetupCheckStatus = 'ok' | 'warning' | 'failed';

/** One line of the setup check, in words for ops staff. */
export interface SetupCheckLine {
  /** A stable name for the check, for tests and support; never shown. */
  id: string;
  /** What was checked ("Permissions", "Staging folder"...). */
  title: string;
  status: SetupCheckStatus;
  /** What was found. */
  found: string;
  /** What to do about it; null when nothing is needed. */
  todo: string | null;
}

/** What Check setup found on this account, in the order it checked. */
export interface SetupReport {
  checkedAt: string;
  /** How long the check took, in ms. */
  tookMs: number;
  lines: SetupCheckLine[];
}
