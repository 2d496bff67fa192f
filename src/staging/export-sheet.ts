import { findSpreadsheetIn, placeFileIn } from '../drive/files';
import { JobState } from '../jobs/job';
import { COLUMNS, COLUMN_ORDER } from '../sheet/schema';
import { Task } from '../sheet/task';
import { exportSheetName } from '../batches/batches';
import { lostItem } from '../batches/lost-items';
import { makeRoom, rowsToWrite } from '../storage/sheets';
import { DailyLimitError } from '../drive/daily-limit';
import { writeStagedFiles } from './manifest-sheet';

/**
 * The internal export sheet `Export_<batchId>_Data`, with every column of COLUMN_ORDER for the
 * staged tasks, and the staged files of the job's tasks in its "Staged Files" tab
 * (manifest-sheet.ts), in the batch folder. Created once: a resumed job finds it again by the id it saved,
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
  makeRoom(sheet, rows.length + 1, header.length);
  // Cells as they were read from the tracking sheet: texts stay text (a reviewer's note beginning
  // with = is no formula here), numbers, dates and booleans stay what they were.
  sheet.getRange(1, 1, rows.length + 1, header.length).setValues(rowsToWrite([header, ...rows]));
  writeStagedFiles(spreadsheet, job);
  return { id: spreadsheet.getId(), url: spreadsheet.getUrl() };
}

/**
 * A new spreadsheet, or the daily limit on new spreadsheets: a create refused is taken for it (the
 * finish is tried again when the job resumes, and finds a spreadsheet that was made after all).
 */
function createSpreadsheet(name: string): string {
  try {
    return SpreadsheetApp.create(name).getId();
  } catch (e) {
    throw new DailyLimitError('spreadsheets', e);
  }
}

function findOrCreate(
  job: JobState,
  checkpoint: () => void,
): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const name = exportSheetName(job.batchId);
  // Someone may have deleted the sheet by hand before this job finished: then a new one is written.
  const kept = job.exportSheetId && !lostItem(job.exportSheetId) ? job.exportSheetId : null;
  const known = kept ?? findSpreadsheetIn(job.batchFolderId, name);
  if (known) {
    placeFileIn(known, job.batchFolderId);
    return SpreadsheetApp.openById(known);
  }
  const orphan = findSpreadsheetIn('root', name);
  const id = orphan ?? createSpreadsheet(name);
  job.exportSheetId = id;
  checkpoint();
  placeFileIn(id, job.batchFolderId);
  return SpreadsheetApp.openById(id);
}
