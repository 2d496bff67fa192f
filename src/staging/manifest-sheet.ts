/**
 * The "Staged Files" tab of a batch's internal export sheet: one row per staged file (its task,
 * name, size, type, MD5 and id in the staging folder), the manifests delivery checks against
 * (batches/manifest.ts). Written when a staging job finishes, from the manifests its tasks kept
 * in the job; a later job of the batch (a retry) rewrites the rows of its own tasks only. It
 * stays in staging with the export sheet: nothing of it goes to the client.
 */
import { StagedFile, cutName } from '../batches/manifest';
import { lostItem } from '../batches/lost-items';
import type { JobState } from '../jobs/job';
import { insertSheetFor, keepText, makeRoom } from '../storage/sheets';

export const STAGED_FILES_TAB = 'Staged Files';

const HEADERS = [
  'Task ID',
  'Task Folder',
  'File Name',
  'Size (bytes)',
  'MIME Type',
  'MD5 Checksum',
  'Staged File ID',
] as const;
const ID_COLUMN = HEADERS.length - 1;

interface Row {
  taskId: string;
  taskFolder: string;
  file: StagedFile;
}

/** Writes the manifests of the job's staged tasks, keeping the rows of the batch's other tasks. */
export function writeStagedFiles(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  job: JobState,
): void {
  const sheet = spreadsheet.getSheetByName(STAGED_FILES_TAB) ?? newTab(spreadsheet);
  const mine = new Set(job.taskIds);
  const kept = readRows(sheet).filter((r) => !mine.has(r.taskId));
  const fresh = job.taskIds.flatMap((taskId): Row[] => {
    const outcome = job.outcomes[taskId];
    if (!outcome?.ok || !outcome.manifest) return [];
    const taskFolder = cutName(job.folderNames[taskId] ?? '');
    return outcome.manifest.map((file) => ({ taskId, taskFolder, file }));
  });
  const rows = [...kept, ...fresh].map(cellsOf);
  sheet.clearContents();
  makeRoom(sheet, rows.length + 1, HEADERS.length);
  sheet.getRange(1, 1, rows.length + 1, HEADERS.length).setValues([[...HEADERS], ...rows]);
}

function newTab(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = insertSheetFor(spreadsheet, STAGED_FILES_TAB, 1, HEADERS.length, false);
  sheet
    .protect()
    .setDescription(
      'Written by the export add-on: what was staged, file by file. Delivery checks against it.',
    )
    .setWarningOnly(true);
  sheet.setFrozenRows(1);
  return sheet;
}

function cellsOf({ taskId, taskFolder, file }: Row): unknown[] {
  return [
    keepText(taskId),
    keepText(taskFolder),
    keepText(file.name),
    file.size,
    keepText(file.mimeType),
    keepText(file.md5Checksum ?? ''),
    keepText(file.id),
  ];
}

function readRows(sheet: GoogleAppsScript.Spreadsheet.Sheet): Row[] {
  const last = sheet.getLastRow();
  if (last < 2) return [];
  const values = sheet.getRange(2, 1, last - 1, HEADERS.length).getValues();
  const rows: Row[] = [];
  for (const cells of values) {
    // Written through keepText: Sheets gives the text back without the apostrophe.
    const text = (i: number) => String(cells[i] ?? '');
    const size = Number(cells[3]);
    const file: StagedFile = { id: text(ID_COLUMN), name: text(2), size, mimeType: text(4) };
    const md5 = text(5);
    if (md5) file.md5Checksum = md5;
    // A row typed over by hand (no id, no size) is no record of a file.
    if (!text(0) || !file.id || cells[3] === '' || !isFinite(size)) continue;
    rows.push({ taskId: text(0), taskFolder: text(1), file });
  }
  return rows;
}

/**
 * The batch's manifests, by Task ID, read from its export sheet; null when the export sheet is
 * gone (deleted for good, or no longer shared) or has no Staged Files tab. A sheet in the trash is
 * still read: it still says what was staged.
 */
export function readStagedFiles(exportSheetId: string | null): Map<string, StagedFile[]> | null {
  if (!exportSheetId || lostItem(exportSheetId) === 'gone') return null;
  const sheet = SpreadsheetApp.openById(exportSheetId).getSheetByName(STAGED_FILES_TAB);
  if (!sheet) return null;
  const manifests = new Map<string, StagedFile[]>();
  for (const row of readRows(sheet)) {
    manifests.set(row.taskId, [...(manifests.get(row.taskId) ?? []), row.file]);
  }
  return manifests;
}
