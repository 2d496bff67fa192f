import type { StagedExportItem, StagedExportPreview, TaskFailure } from '../shared/rpc';
import { FolderListingError, ListedItem, isFolder, listChildren } from '../drive/listing';
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
  const { items, missing, complete } = describeItems(batch, tasks, children);
  return {
    batchId: id,
    createdDate: batch.createdAt,
    createdBy: batch.createdBy,
    taskCount: tasks.filter((t) => t.exportStatus === 'staged').length,
    stagingFolder: {
      id: batch.batchFolderId,
      name: batch.batchFolderName,
      url: batch.batchFolderUrl,
    },
    items,
    missingTaskFolders: missing,
    complete,
    exportSheet: sheetPreview(batch),
  };
}

function listOrExplain(batch: BatchRecord): ListedItem[] {
  try {
    return listChildren(batch.batchFolderId);
  } catch (e) {
    if (!(e instanceof FolderListingError)) throw e;
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
  const items = children.map((child): StagedExportItem => {
    const task = owner.get(child.id);
    if (!task) return internalItem(batch, child);
    const toClient = task.exportStatus === 'staged';
    const counted = toClient && Date.now() < deadline ? countFiles(child.id) : null;
    if (toClient && !counted) complete = false;
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
  return { items, missing, complete };
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

function countFiles(folderId: string): { files: number; bytes: number } | null {
  try {
    const files = listChildren(folderId).filter((f) => !isFolder(f));
    return { files: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0) };
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
      error: `The export sheet of export batch ${batch.batchId} is in the trash. Restore it to review it here; the delivery does not need it.`,
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
