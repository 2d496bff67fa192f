import { resultSaves } from '../jobs/result-saves';
import {
  Step,
  countCopied,
  drop,
  folderPlanOf,
  keepPlans,
  retryLater,
  settle,
} from '../jobs/outcomes';
import { pendingRows } from '../batches/pending-rows';
import { clearDescription } from '../drive/files';
import {
  CopyRequest,
  Copier,
  FolderCopy,
  FolderCopyResult,
  FolderEntry,
  PlanFromFolder,
  copyFolders,
  resumesAt,
} from '../drive/copier';
import { JobHandler } from '../jobs/runner';
import {
  JobState,
  PlannedCopy,
  changeIdOf,
  claimIdOf,
  clearCurrent,
  failures,
  markCommitted,
  noteSending,
  notWritten,
  settledCurrent,
} from '../jobs/job';
import { readTableExpecting } from '../sheet/table';
import { Task, text } from '../sheet/task';
import { shorten } from '../drive/links';
import type { JobSummary } from '../shared/rpc';
import { planTargets } from '../batches/copy-plan';
import { deliveryFolderLost, lostItem } from '../batches/lost-items';
import {
  StagedFile,
  deliveredDifferences,
  expectedOf,
  quotedNames,
  sameName,
  stagingChanges,
} from '../batches/manifest';
import { findTaskFolder } from '../batches/task-folders';
import { isNative } from '../drive/rest';
import { exportSheetName } from '../batches/batches';
import { readStagedFiles } from '../staging/manifest-sheet';
import { Transition, commitTransitions } from '../status/transitions';
import { plural, statusWords } from '../shared/format';

/**
 * How a person stages a task again once its staged files are wrong: reset it, stage it anew (a new
 * export batch, copied afresh from the task's own files), deliver that batch.
 */
export const STAGE_AGAIN =
  'Stage it again: press "Reset to stage again" by it in Production Tracker › Tools › Resume failed exports, then stage it with Production Tracker › Tools › Stage tasks for export and deliver the new export batch.';

/**
 * The delivery job (PLAN 3.1): each staged task folder of the batch is copied file by file into a
 * folder of the same name inside the batch's delivery folder in the client's folder, copying only
 * what is missing. What is copied, and checked there file by file, is the task's manifest: the
 * files staging recorded in the export sheet's Staged Files tab (batches/manifest.ts), each
 * checked in the staged folder before anything of the task is copied. A batch staged before
 * manifests were recorded is planned from its staged folder's listing, which then serves as its
 * manifest. Only task folders of tasks in the job are read; the export sheet and anything else in
 * the batch folder stay behind.
 */
export const deliveryJob: JobHandler = {
  claim: claimForDelivery,
  work,
  commit: commitOutcomes,
  finish,
};

/**
 * Hands the pending tasks, in order, to the copier, which fills their client task folders until
 * the deadline and lists each one once its copies are made; each task is counted from that listing
 * as its result comes, and saved. Returns when the work can go on, if it stopped to wait
 * (JobHandler.work).
 */
function work(
  job: JobState,
  deadline: number,
  checkpoint: () => void,
  copier: Copier,
): number | undefined {
  const staged = stagedTaskFolders(job, copier);
  const manifests = stagedFiles(job);
  const changed = new Set<string>();
  const tasks = new Map<string, Task>();
  const copies: FolderCopy[] = [];
  for (const task of pendingRows(job, 'delivered')) {
    const copy = folderCopyOf(job, task, staged, manifests, changed);
    if (typeof copy === 'string') {
      // Each reason folderCopyOf gives is about what was staged: staging again is the way.
      drop(job, task.taskId, settle(job, task.taskId, false, 0, copy, 'restage'));
    } else {
      tasks.set(task.taskId, task);
      copies.push(copy);
    }
  }
  const lost = copies.length > 0 ? lostItem(job.deliveryFolderId!) : null;
  for (const { key } of lost ? copies.splice(0) : []) {
    drop(job, key, settle(job, key, false, 0, deliveryFolderLost(key, job, lost!)));
  }
  clearCurrent(job);
  job.currentTask = job.pending[0] ?? null;
  const saves = resultSaves(checkpoint, copier);
  const results = copyFolders(
    copier,
    copies,
    deadline,
    (result) => {
      apply(job, tasks.get(result.key)!, result, changed);
      settledCurrent(job, result.key);
      saves.finished();
    },
    (planned, last) => {
      keepPlans(job, planned);
      if (!last) saves.save();
    },
    noteSending(job),
  );
  for (const result of results) {
    if (result.state === 'pending') apply(job, tasks.get(result.key)!, result, changed);
  }
  clearCurrent(job);
  return resumesAt(results);
}

/** The staging batch folder's task folders, listed once per slice, and only if a task needs them. */
function stagedTaskFolders(job: JobState, copier: Copier): () => FolderEntry[] {
  let listed: FolderEntry[] | null = null;
  return () => (listed ??= copier.listFolders(job.batchFolderId));
}

/**
 * The batch's manifests, read from its export sheet once per slice, and only if a task needs them
 * (null: the sheet or its Staged Files tab is gone).
 */
function stagedFiles(job: JobState): () => Map<string, StagedFile[]> | null {
  let read: { manifests: Map<string, StagedFile[]> | null } | null = null;
  return () => (read ??= { manifests: readStagedFiles(job.exportSheetId) }).manifests;
}

/**
 * What the copier should make of a task: its folder in the delivery folder, named as its staged
 * folder, holding copies of the files of its manifest (planned the first time, once its staged
 * folder is checked against it). Returns the failure reason when the staged folder is gone, or
 * the record of what was staged.
 */
function folderCopyOf(
  job: JobState,
  task: Task,
  staged: () => FolderEntry[],
  manifests: () => Map<string, StagedFile[]> | null,
  changed: Set<string>,
): FolderCopy | string {
  const { taskId } = task;
  const base = {
    key: taskId,
    parentId: job.deliveryFolderId!,
    folderId: job.taskFolders[taskId],
    ...folderPlanOf(job, taskId),
    // A file removed from the client folder after it was copied is reported by the check, not hidden.
    remakeLost: false,
  };
  const saved = job.plans[taskId];
  const name = job.folderNames[taskId];
  if (saved && name) return { ...base, folderName: name, plan: forClient(saved) };
  const source = findTaskFolder(task, staged());
  if (!source) {
    return `Task ${taskId}: its folder "${task.folderName}" is no longer in the staging folder of export batch ${job.batchId} (deleted or renamed), so nothing of it was delivered. ${STAGE_AGAIN}`;
  }
  job.folderNames[taskId] = source.name;
  const manifest = manifests()?.get(taskId);
  const plan = manifest?.length
    ? planFromManifest(job, task, source, manifest, changed)
    : job.manifests
      ? null
      : planFromStaged(job, task, source);
  if (!plan) {
    return `Task ${taskId}: the record of what was staged for it (the Staged Files tab of the export sheet "${exportSheetName(job.batchId)}") is missing, so what reaches the client could not be checked. Nothing of it was delivered. ${STAGE_AGAIN}`;
  }
  return { ...base, folderName: source.name, plan };
}

/**
 * The plan of a task staged with a manifest: its files, checked in the staged folder first (by
 * id: each still there, the same size, type and content); a staged file gone or changed fails the
 * task with nothing copied. A file added to the staged folder since is not the task's: it stays.
 */
function planFromManifest(
  job: JobState,
  task: Task,
  source: FolderEntry,
  manifest: readonly StagedFile[],
  changed: Set<string>,
): PlanFromFolder {
  return {
    sourceFolderId: source.id,
    expectedIds: manifest.map((f) => f.id),
    make: (files) => {
      const counted = task.stagedCount;
      if (counted !== null && counted !== manifest.length) {
        return {
          problem: `Task ${task.taskId}: its Staged Count is ${counted}, but the Staged Files tab of its export sheet lists ${plural(manifest.length, 'file')} for it, so what was staged cannot be told. Nothing of it was delivered. If ${manifest.length} is right, type it back into the Staged Count cell and retry the delivery. Otherwise: ${STAGE_AGAIN}`,
        };
      }
      const changes = stagingChanges(manifest, files);
      if (changes.removed.length > 0 || changes.changed.length > 0) {
        changed.add(task.taskId);
        return { problem: stagingChangedReason(task.taskId, source.name, changes) };
      }
      const plan: CopyRequest[] = manifest.map((f) => {
        // A name kept cut in the manifest is the staged file's own.
        const own = changes.found.get(f.id)!.name;
        const request: CopyRequest = {
          sourceId: f.id,
          targetName: sameName(f.name, own) ? own : f.name,
          expected: expectedOf(f),
        };
        if (isNative(f.mimeType)) request.native = true;
        return request;
      });
      job.plans[task.taskId] = plan;
      return forClient(plan);
    },
  };
}

function stagingChangedReason(
  taskId: string,
  folderName: string,
  changes: { removed: readonly StagedFile[]; changed: readonly StagedFile[] },
): string {
  const what: string[] = [];
  const { removed, changed } = changes;
  if (removed.length > 0) {
    const names = removed.map((f) => f.name);
    what.push(`${quotedNames(names)} ${names.length === 1 ? 'is' : 'are'} no longer there`);
  }
  if (changed.length > 0) what.push(`${quotedNames(changed.map((f) => f.name))} changed`);
  return `Task ${taskId}: its staging folder "${shorten(folderName)}" changed after staging: ${what.join('; ')}. Nothing of it was delivered. ${STAGE_AGAIN}`;
}

/**
 * The plan of a task of a batch staged before manifests were recorded: the staged folder's files
 * as listed (names were made unique then), which serve as its manifest, checked against the
 * task's Staged Count before anything is copied.
 */
function planFromStaged(job: JobState, task: Task, source: FolderEntry): PlanFromFolder {
  return {
    sourceFolderId: source.id,
    make: (files) => {
      const counted = task.stagedCount;
      const where = `its staging folder "${shorten(source.name)}"`;
      if (counted === null) {
        return {
          problem: `Task ${task.taskId}: its Staged Count cell ${stagedCountCell(task)}, so the ${plural(files.length, 'file')} in ${where} cannot be checked. Nothing of it was delivered. ${STAGE_AGAIN}`,
        };
      }
      if (files.length !== counted) {
        return {
          problem: `Task ${task.taskId}: ${where} holds ${plural(files.length, 'file')}, but its Staged Count is ${counted}, so what was staged cannot be told. Nothing of it was delivered. ${STAGE_AGAIN}`,
        };
      }
      const plan = planTargets(files).map((r, i) => ({ ...r, expected: expectedOf(files[i]) }));
      job.plans[task.taskId] = plan;
      return forClient(plan);
    },
  };
}

/**
 * The copies as they go to the client: without a description, which Drive would otherwise copy
 * from the staged file, and which may hold internal notes.
 */
function forClient(plan: readonly CopyRequest[]): CopyRequest[] {
  return plan.map((r) => ({ ...r, description: '' }));
}

/**
 * `changed`: the tasks whose staged files changed since staging, found when planning them in this
 * slice: only staging them again helps. A Staged Count that disagrees is a cell to correct, then
 * the delivery retried.
 */
function apply(
  job: JobState,
  task: Task,
  result: FolderCopyResult,
  changed: ReadonlySet<string>,
): void {
  const taskId = result.key;
  if (result.folderId) job.taskFolders[taskId] = result.folderId;
  countCopied(job, result);
  switch (result.state) {
    case 'done':
    case 'short':
      // The copier listed the folder after the last copy: that listing is checked.
      return drop(job, taskId, check(job, task, result.present));
    case 'invalid':
      return drop(
        job,
        taskId,
        settle(job, taskId, false, 0, result.problem, changed.has(taskId) ? 'restage' : 'fix'),
      );
    case 'failed': {
      // Staging again cannot help a destination that cannot hold the copy: the cause says what
      // does, and Resume failed exports retries the delivery once it is done.
      const advice = result.destinationFull
        ? 'To retry the delivery: Production Tracker › Tools › Resume failed exports.'
        : STAGE_AGAIN;
      const reason = `Task ${taskId}: "${result.request.targetName}" could not be copied from the staging folder: ${result.message}. ${advice}`;
      const cause = result.destinationFull ? 'fix' : 'restage';
      return drop(job, taskId, settle(job, taskId, false, 0, reason, cause));
    }
    case 'refused':
      // A refused copy may have landed anyway: the next pass lists the folder before copying again.
      return drop(job, taskId, retryLater(job, taskId, givenUp(taskId)));
    case 'pending':
      return;
  }
}

/**
 * Checks the client task folder, from its listing made after the copies, file by file against the
 * plan (the task's manifest), and clears any description left on a file there (nothing but the
 * files may reach the client). A difference is reported, not corrected by copying again: the
 * task is delivered only if every staged file is there, as staged, and nothing else is.
 */
function check(job: JobState, task: Task, present: readonly FolderEntry[]): Step {
  for (const f of present) {
    if (f.description) clearDescription(f.id);
  }
  const name = job.folderNames[task.taskId];
  const plan: readonly PlannedCopy[] | undefined = job.plans[task.taskId];
  const actual = present.length;
  if (!plan) {
    // Never so: a task's plan is kept from the moment it is made until the task settles.
    return settle(
      job,
      task.taskId,
      false,
      actual,
      `Task ${task.taskId}: what reached the client folder "${shorten(name)}" could not be checked. Retry the delivery from Resume failed exports.`,
      'transient',
    );
  }
  const { missing, extra, changed, doubled } = deliveredDifferences(plan, present);
  if (missing.length + extra.length + changed.length + doubled.length === 0) {
    return settle(
      job,
      task.taskId,
      true,
      actual,
      `Delivered ${plural(actual, 'file')} to "${name}".`,
    );
  }
  const is = (names: readonly string[], one: string, many: string) =>
    `${quotedNames(names)} ${names.length === 1 ? one : many}`;
  const what: string[] = [];
  if (missing.length > 0) what.push(is(missing, 'is missing', 'are missing'));
  if (changed.length > 0) {
    what.push(is(changed, 'differs from the staged file', 'differ from the staged files'));
  }
  if (doubled.length > 0) {
    what.push(is(doubled, 'is there more than once', 'are there more than once'));
  }
  if (extra.length > 0) what.push(is(extra, 'was not staged', 'were not staged'));
  // Removed, a changed or doubled file is missing: the retry copies it.
  const remove = [...new Set([...changed, ...doubled, ...extra])];
  const advice =
    remove.length > 0
      ? `Remove ${quotedNames(remove)} from it, then retry the delivery from Resume failed exports: it copies only what is missing.`
      : 'Retry the delivery from Resume failed exports: it copies only what is missing.';
  return settle(
    job,
    task.taskId,
    false,
    actual,
    `Task ${task.taskId}: the client folder "${shorten(name)}" does not hold exactly what was staged: ${what.join('; ')}. ${advice}`,
    // Only missing files: the retry copies them. Anything to remove first is a person's fix.
    remove.length > 0 ? 'fix' : 'transient',
  );
}

/** What an unreadable Staged Count cell holds, in words: empty, or typed over by hand. */
function stagedCountCell(task: Task): string {
  const typed = text(task.cells.STAGED_COUNT);
  return typed ? `holds "${shorten(typed)}", which is not a number` : 'is empty';
}

/**
 * Claims the job's tasks: staged -> delivering (delivery_failed -> delivering for a retry). A task
 * already delivering for this batch was claimed by a try that died before saving that it had: that
 * claim is done, and its Export Log row is written if the try did not get that far. A task no
 * longer in the batch, or that changed meanwhile, is left out with the reason.
 */
export function claimForDelivery(job: JobState): void {
  const byId = new Map(readTableExpecting(job.taskIds).tasks.map((t) => [t.taskId, t]));
  const transitions: Transition[] = [];
  const leftOut: string[] = [];
  for (const taskId of job.taskIds) {
    const task = byId.get(taskId);
    if (task?.exportBatchId !== job.batchId) leftOut.push(taskId);
    else transitions.push(claimOf(job, taskId, task));
  }
  const result = commitTransitions(transitions, { user: job.createdBy });
  leftOut.push(...result.lost, ...result.rejected.map((r) => r.taskId));
  for (const taskId of leftOut) {
    const now = byId.get(taskId);
    job.outcomes[taskId] = {
      taskId,
      ok: false,
      files: 0,
      reason: `Task ${taskId}: it is no longer staged in export batch ${job.batchId} (now ${describe(now)}), so it was left out of this delivery.`,
      committed: true,
    };
    job.pending = job.pending.filter((id) => id !== taskId);
  }
  job.claimed = true;
}

function claimOf(job: JobState, taskId: string, now: Task): Transition {
  // A job made by an earlier version did not note where its tasks stood: the sheet says.
  const from = taskId in job.claimFrom ? job.claimFrom[taskId] : now.exportStatus;
  const retry = from === 'delivery_failed';
  return {
    taskId,
    to: 'delivering',
    cause: retry ? 'retry' : 'deliver',
    exportBatchId: job.batchId,
    reason: retry
      ? `Delivery of export batch ${job.batchId} retried.`
      : `Delivery of export batch ${job.batchId} started.`,
    changeId: claimIdOf(job, taskId),
    once: { from: retry ? 'delivery_failed' : 'staged' },
  };
}

function describe(task: Task | undefined): string {
  if (!task) return 'not in the sheet';
  const status = task.invalidExportStatus
    ? `"${task.invalidExportStatus}"`
    : `“${statusWords(task.exportStatus ?? 'not exported')}”`;
  return task.exportBatchId ? `${status} in export batch ${task.exportBatchId}` : status;
}

function commitOutcomes(job: JobState): void {
  const open = Object.values(job.outcomes).filter((o) => !o.committed);
  if (open.length === 0) return;
  const now = new Date();
  const result = commitTransitions(
    open.map((o) => ({
      taskId: o.taskId,
      to: o.ok ? 'delivered' : 'delivery_failed',
      cause: o.ok ? 'verify' : 'deliver',
      reason: o.reason,
      ...(o.ok ? {} : { failure: o.cause ?? 'fix' }),
      exportBatchId: job.batchId,
      ...(o.ok ? { set: { EXPORT_TIME: now } } : {}),
      changeId: changeIdOf(job, o),
      once: { from: 'delivering' as const },
    })),
    { user: job.createdBy },
  );
  markCommitted(job, open, notWritten(result, 'delivered'));
}

function finish(job: JobState): JobSummary {
  return {
    kind: 'delivery',
    batchId: job.batchId,
    succeeded: Object.values(job.outcomes).filter((o) => o.ok).length,
    failed: failures(job),
    folderUrl: job.deliveryFolderUrl ?? null,
    exportSheetUrl: null,
    filesCopied: job.filesCopied,
    finishedAt: new Date().toISOString(),
  };
}

/** Why a task fails when Drive refused its copies in every slice it was tried. */
function givenUp(taskId: string): (attempts: number) => string {
  return (attempts) =>
    `Task ${taskId}: Google Drive kept refusing to copy or list its files after ${attempts} tries. Retry the delivery later from Resume failed exports.`;
}
