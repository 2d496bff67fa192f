import { planVolume } from '../selection/volume-plan';
import { accountTier, driveStorage } from '../drive/capacity';
import { spentToday, transferLimit } from '../drive/daily-usage';
import type {
  StagedExportItem,
  StagedExportPreview,
  StagingChange,
  TaskFailure,
  VolumePlan,
} from '../shared/rpc';
import {
  FolderListingError,
  ListedItem,
  isFolder,
  itemInFolder,
  listChildren,
} from '../drive/listing';
import { unansweredMessage } from '../drive/drive-reads';
import { StagedFile, quotedNames, stagingChanges } from '../batches/manifest';
import { readStagedFiles } from '../staging/manifest-sheet';
import { preparedTable } from '../status/migration';
import { COLUMNS, INTERNAL_COLUMNS } from '../sheet/schema';
import { Task, isDate } from '../sheet/task';
import { BatchRecord, exportSheetName, loadBatch } from '../batches/batches';
import {
  ExportRequestError,
  batchTasks,
  requireBatchId,
  requireRecord,
  requireStagingBatchFolder,
} from '../batches/batch-checks';
import { findTaskFolder } from '../batches/task-folders';
import { lostItem } from '../batches/lost-items';
import { plural } from '../shared/format';
import { unreviewedStill } from '../batches/unreviewed';

const PREVIEW_ROWS = 10;
/** Counting files per task folder stops after this long; the rest shows as not counted. */
const COUNT_BUDGET_MS = 20 * 1000;
const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';
const INTERNAL_NAMES = new Set(INTERNAL_COLUMNS.map((key) => COLUMNS[key].toLowerCase()));

/**
 * PLAN 3.3: a staged batch as the delivery wizard reviews it: each item of its staging folder,
 * marked as going to the client (task folders of staged tasks) or staying internal (the export
 * sheet and everything else), and the first rows of the internal export sheet.
 */
export function previewStagedExport(batchId: unknown): StagedExportPreview {
  const id = requireBatchId(batchId);
  const tasks = batchTasks(preparedTable(), id);
  const record = loadBatch(id);
  if (!record && tasks.length === 0) {
    // A wizard left open while the batch was cleaned up, or an id typed by hand.
    throw new ExportRequestError(
      `There is no export batch ${id}. Pick one from the list of staged exports.`,
    );
  }
  const batch = requireRecord(id, record);
  requireStagingBatchFolder(batch);
  const children = listOrExplain(batch);
  const { items, missing, complete, changes } = describeItems(batch, tasks, children);
  const staged = tasks.filter((t) => t.exportStatus === 'staged');
  return {
    batchId: id,
    createdDate: batch.createdAt,
    createdBy: batch.createdBy,
    taskCount: staged.length,
    stagingFolder: {
      id: batch.batchFolderId,
      name: batch.batchFolderName,
      url: batch.batchFolderUrl,
    },
    items,
    missingTaskFolders: missing,
    stagingChanges: changes,
    unreviewed: unreviewedStill(batch.unreviewed, staged),
    complete,
    exportSheet: sheetPreview(batch),
    plan: deliveryPlan(items, staged.length),
  };
}

/** The volume plan of delivering the staged task folders (those counted). */
function deliveryPlan(items: readonly StagedExportItem[], taskCount: number): VolumePlan | null {
  const folders = items.filter((i) => i.toClient && i.kind === 'taskFolder');
  if (taskCount === 0) return null;
  return planVolume({
    phase: 'delivery',
    files: folders.reduce((n, i) => n + (i.files ?? 0), 0),
    bytes: folders.reduce((n, i) => n + (i.bytes ?? 0), 0),
    tasks: taskCount,
    largestTask: Math.max(0, ...folders.map((i) => i.files ?? 0)),
    tier: accountTier(),
    storage: driveStorage(),
    destination: null,
    spentToday: spentToday(),
    transferLimit: transferLimit(),
  });
}

function listOrExplain(batch: BatchRecord): ListedItem[] {
  try {
    return listChildren(batch.batchFolderId);
  } catch (e) {
    if (!(e instanceof FolderListingError)) throw e;
    if (e.busy) {
      throw new ExportRequestError(
        unansweredMessage(e, `the files in the staging folder "${batch.batchFolderName}"`),
      );
    }
    throw new ExportRequestError(
      `Google Drive did not list the staging folder "${batch.batchFolderName}" this time (code ${e.status}). Please try again.`,
    );
  }
}

function describeItems(batch: BatchRecord, tasks: readonly Task[], children: ListedItem[]) {
  const folders = children.filter(isFolder);
  const owner = new Map<string, Task>();
  const missing: TaskFailure[] = [];
  for (const task of tasks) {
    const folder = findTaskFolder(task, folders);
    if (folder) owner.set(folder.id, task);
    else if (task.exportStatus === 'staged') {
      missing.push({
        taskId: task.taskId,
        reason: `Task ${task.taskId}: its folder "${task.folderName}" is not in the staging folder; its delivery would fail.`,
      });
    }
  }
  const deadline = Date.now() + COUNT_BUDGET_MS;
  let complete = true;
  const changes: StagingChange[] = [];
  let read: { manifests: Map<string, StagedFile[]> | null } | null = null;
  const manifests = () => (read ??= { manifests: readStagedFiles(batch.exportSheetId) }).manifests;
  const items = children.map((child): StagedExportItem => {
    const task = owner.get(child.id);
    if (!task) return internalItem(batch, child);
    const toClient = task.exportStatus === 'staged';
    const counted = toClient && Date.now() < deadline ? countFiles(child.id) : null;
    if (toClient && !counted) complete = false;
    if (counted) {
      const change = changeOf(batch, task, child.id, counted.listed, manifests);
      if (change) changes.push(change);
    }
    return {
      name: child.name,
      kind: 'taskFolder',
      taskId: task.taskId,
      files: counted?.files ?? null,
      bytes: counted?.bytes ?? null,
      toClient,
    };
  });
  items.sort((a, b) => Number(b.toClient) - Number(a.toClient) || a.name.localeCompare(b.name));
  changes.sort((a, b) => a.taskId.localeCompare(b.taskId));
  return { items, missing, complete, changes };
}

const STAGE_FIRST = 'this task will fail delivery. Stage it again first.';

/**
 * How a staged task's folder stands against what was staged (its manifest, or for a batch
 * staged before manifests its Staged Count), or null when it holds just that.
 */
function changeOf(
  batch: BatchRecord,
  task: Task,
  folderId: string,
  listed: readonly ListedItem[],
  manifests: () => Map<string, StagedFile[]> | null,
): StagingChange | null {
  const { taskId } = task;
  const manifest = manifests()?.get(taskId);
  if (!manifest?.length) {
    if (batch.manifests) {
      return {
        taskId,
        message: `Task ${taskId}: the record of what was staged for it (the Staged Files tab of the export sheet) is missing; ${STAGE_FIRST}`,
        failsDelivery: true,
      };
    }
    if (task.stagedCount === null || task.stagedCount === listed.length) return null;
    return {
      taskId,
      message: `Task ${taskId}: its staging folder holds ${plural(listed.length, 'file')}, but its Staged Count is ${task.stagedCount}; ${STAGE_FIRST}`,
      failsDelivery: true,
    };
  }
  const files = [...listed, ...unlistedOf(manifest, listed, folderId)];
  const { removed, changed, added } = stagingChanges(manifest, files);
  const were = (names: string[]) => (names.length === 1 ? 'was' : 'were');
  const removedNames = removed.map((f) => f.name);
  const changedNames = quotedNames(changed.map((f) => f.name));
  const what =
    removed.length === 0
      ? changed.length === 0
        ? null
        : `${changedNames} changed in its staging folder since staging`
      : `${quotedNames(removedNames)} ${were(removedNames)} removed from its staging folder since staging${changed.length > 0 ? `, and ${changedNames} changed there` : ''}`;
  if (what)
    return { taskId, message: `Task ${taskId}: ${what}; ${STAGE_FIRST}`, failsDelivery: true };
  if (added.length === 0) return null;
  const names = added.map((f) => f.name);
  return {
    taskId,
    message: `Task ${taskId}: ${quotedNames(names)} ${were(names)} added to its staging folder after staging; ${names.length === 1 ? 'it is' : 'they are'} not part of the task and will not be delivered.`,
    failsDelivery: false,
  };
}

/**
 * Staged files the folder's listing lacks, asked for by id (a listing may lag behind writes):
 * those still in the folder.
 */
function unlistedOf(
  manifest: readonly StagedFile[],
  listed: readonly ListedItem[],
  folderId: string,
): ListedItem[] {
  const ids = new Set(listed.map((f) => f.id));
  const found: ListedItem[] = [];
  for (const file of manifest) {
    if (ids.has(file.id)) continue;
    const item = itemInFolder(file.id, folderId);
    // Drive did not say this time: the delivery checks it again; the review warns of nothing.
    if (item === undefined) found.push({ ...file, description: '' });
    else if (item) found.push(item);
  }
  return found;
}

function internalItem(batch: BatchRecord, child: ListedItem): StagedExportItem {
  const isSheet =
    child.id === batch.exportSheetId ||
    (child.mimeType === SHEET_MIME && child.name === exportSheetName(batch.batchId));
  return {
    name: child.name,
    kind: isSheet ? 'exportSheet' : 'other',
    taskId: null,
    files: null,
    bytes: isFolder(child) ? null : child.size,
    toClient: false,
  };
}

function countFiles(
  folderId: string,
): { files: number; bytes: number; listed: ListedItem[] } | null {
  try {
    const files = listChildren(folderId).filter((f) => !isFolder(f));
    return {
      files: files.length,
      bytes: files.reduce((sum, f) => sum + f.size, 0),
      listed: files,
    };
  } catch (e) {
    if (!(e instanceof FolderListingError)) throw e;
    return null;
  }
}

function sheetPreview(batch: BatchRecord): StagedExportPreview['exportSheet'] {
  const empty = { url: batch.exportSheetUrl, columns: [], rows: [], totalRows: 0 };
  if (!batch.exportSheetId) {
    return {
      ...empty,
      error: `No export sheet was written for export batch ${batch.batchId} yet: staging may not have finished.`,
    };
  }
  if (lostItem(batch.exportSheetId) === 'trashed') {
    return {
      ...empty,
      error: `The export sheet of export batch ${batch.batchId} is in the trash. Restore it to review it here; the delivery still reads from it what was staged.`,
    };
  }
  let sheet: GoogleAppsScript.Spreadsheet.Sheet;
  try {
    sheet = SpreadsheetApp.openById(batch.exportSheetId).getSheets()[0];
  } catch {
    // What failed is known: opening this one spreadsheet (deleted, or not shared with the user).
    return {
      ...empty,
      error: `The export sheet of export batch ${batch.batchId} could not be opened: it was deleted or is not shared with you.`,
    };
  }
  const lastRow = sheet.getLastRow();
  const lastColumn = sheet.getLastColumn();
  if (lastRow === 0 || lastColumn === 0) return { ...empty, error: null };
  const values = sheet.getRange(1, 1, Math.min(lastRow, PREVIEW_ROWS + 1), lastColumn).getValues();
  const [header, ...rows] = values.map((row) => row.map(cellText));
  return {
    url: batch.exportSheetUrl,
    columns: header.map((name) => ({ name, internal: INTERNAL_NAMES.has(name.toLowerCase()) })),
    rows,
    totalRows: lastRow - 1,
    error: null,
  };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (isDate(value)) return value.toISOString().slice(0, 10);
  return String(value);
}
