import { JobState } from '../jobs/job';
import { COLUMNS, COLUMN_ORDER } from '../sheet/schema';
import { Task } from '../sheet/task';
import { exportSheetName } from './batches';
import { lostItem } from './lost-items';

const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';

/**
 * The internal export sheet `Export_<batchId>_Data`, with every column of COLUMN_ORDER for the
 * staged tasks, in the batch folder. Created once: a resumed job finds it again by the id it saved,
 * by listing the batch folder, or (if a crash came between creating and moving it) in My Drive.
 */
export function writeExportSheet(
  job: JobState,
  staged: readonly Task[],
  checkpoint: () => void,
): { id: string; url: string } {
  const spreadsheet = findOrCreate(job, checkpoint);
  const sheet = spreadsheet.getSheets()[0];
  const header = COLUMN_ORDER.map((key) => COLUMNS[key]);
  const rows = staged.map((task) => COLUMN_ORDER.map((key) => task.cells[key] ?? ''));
  sheet.clearContents();
  sheet.getRange(1, 1, rows.length + 1, header.length).setValues([header, ...rows]);
  return { id: spreadsheet.getId(), url: spreadsheet.getUrl() };
}

function findOrCreate(
  job: JobState,
  checkpoint: () => void,
): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const name = exportSheetName(job.batchId);
  // Someone may have deleted the sheet by hand before this job finished: then a new one is written.
  const kept = job.exportSheetId && !lostItem(job.exportSheetId) ? job.exportSheetId : null;
  const known = kept ?? findIn(DriveApp.getFolderById(job.batchFolderId), name);
  if (known) {
    placeInBatchFolder(known, job.batchFolderId);
    return SpreadsheetApp.openById(known);
  }
  const orphan = findIn(DriveApp.getRootFolder(), name);
  const id = orphan ?? SpreadsheetApp.create(name).getId();
  job.exportSheetId = id;
  checkpoint();
  placeInBatchFolder(id, job.batchFolderId);
  return SpreadsheetApp.openById(id);
}

function findIn(folder: GoogleAppsScript.Drive.Folder, name: string): string | null {
  const files = folder.getFilesByName(name);
  while (files.hasNext()) {
    const file = files.next();
    if (file.getMimeType() === SHEET_MIME && !file.isTrashed()) return file.getId();
  }
  return null;
}

function placeInBatchFolder(id: string, folderId: string): void {
  const file = DriveApp.getFileById(id);
  const parents = file.getParents();
  const inFolder = parents.hasNext() && parents.next().getId() === folderId;
  if (!inFolder) file.moveTo(DriveApp.getFolderById(folderId));
}
