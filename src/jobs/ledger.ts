/**
 * A job's per-task progress (folder name, task folder, tries, result) lives in a hidden sheet of the
 * tracking spreadsheet, one row a task in the job's order; the script's properties keep only the
 * job's small head (job.ts). A save writes the rows that changed since the last one, so a job of
 * thousands of tasks costs what each slice did, never the whole job again, and its size is not
 * bound by the 500 KB property store.
 */
import type { FailureCause } from '../shared/rpc';
import type { TaskOutcome } from './job';
import { insertSheetFor, rowsToWrite } from '../storage/sheets';

/** What the ledger keeps of one task. */
export interface TaskEntry {
  taskId: string;
  folderName?: string;
  taskFolder?: string;
  attempts?: number;
  outcome?: TaskOutcome;
  /** The export status the job's claim moves the task from (null: never exported). */
  claimFrom?: string | null;
}

export const LEDGER_PREFIX = 'Export Job ';
/**
 * A cell holds at most 50,000 characters, and a task's entry quotes its folder name, which may
 * nearly fill one: an entry is spread over a few cells of its row.
 */
const PART_CHARS = 40_000;
const PARTS = 4;
const HEADERS = [
  'Task ID',
  'Progress (kept by the export add-on while the job runs)',
  ...Array.from({ length: PARTS - 1 }, () => ''),
];
/** Cells a task takes in its job's ledger. */
export const LEDGER_COLUMNS = HEADERS.length;
const FIRST_ROW = 2;
/** Changed rows closer than this are written in one range rather than two. */
const MERGE_GAP = 20;

export function ledgerName(jobId: string): string {
  return LEDGER_PREFIX + jobId;
}

/** The job whose ledger a sheet is, or null for any other sheet. */
export function jobOfLedger(sheetName: string): string | null {
  return sheetName.startsWith(LEDGER_PREFIX) ? sheetName.slice(LEDGER_PREFIX.length) : null;
}

function spreadsheet() {
  return SpreadsheetApp.getActiveSpreadsheet();
}

/** Each task's cell as it is stored; compared between saves to find what changed. */
export function entryCell(entry: TaskEntry): string {
  const o = entry.outcome;
  return JSON.stringify({
    t: entry.taskId,
    n: entry.folderName,
    f: entry.taskFolder,
    a: entry.attempts,
    o: o
      ? [
          o.ok ? 1 : 0,
          o.files,
          o.reason,
          // 2: a result the job's claim writes (a task failed at the start), not written yet; 3:
          // one it wrote (kept apart so that progress tells these tasks from those being staged).
          o.atClaim ? (o.committed ? 3 : 2) : o.committed ? 1 : 0,
          ...(o.manifest ? [o.manifest.map(manifestRow)] : []),
        ]
      : undefined,
    // A failure's cause, beside the outcome so that cells written before it read the same.
    c: o?.cause,
    s: entry.claimFrom,
  });
}

/** The Task ID is read from the cell: the first column is for people (Sheets may parse it). */
export function entryOfCell(cell: string): TaskEntry {
  const raw = JSON.parse(cell) as {
    t: string;
    n?: string;
    f?: string;
    a?: number;
    o?: [number, number, string, number, ManifestRow[]?];
    c?: FailureCause;
    s?: string | null;
  };
  const taskId = raw.t;
  return {
    taskId,
    folderName: raw.n,
    taskFolder: raw.f,
    attempts: raw.a,
    outcome: raw.o
      ? {
          taskId,
          ok: raw.o[0] === 1,
          files: raw.o[1],
          reason: raw.o[2],
          committed: raw.o[3] === 1 || raw.o[3] === 3,
          ...(raw.o[3] === 2 || raw.o[3] === 3 ? { atClaim: true } : {}),
          ...(raw.o[4] ? { manifest: raw.o[4].map(fileOfRow) } : {}),
          ...(raw.c ? { cause: raw.c } : {}),
        }
      : undefined,
    claimFrom: raw.s,
  };
}

/** A manifest file in a ledger cell: [id, name, size, MIME type, MD5 or ''], compact. */
type ManifestRow = [string, string, number, string, string];
type ManifestFile = NonNullable<TaskOutcome['manifest']>[number];

function manifestRow(f: ManifestFile): ManifestRow {
  return [f.id, f.name, f.size, f.mimeType, f.md5Checksum ?? ''];
}

function fileOfRow([id, name, size, mimeType, md5]: ManifestRow): ManifestFile {
  return md5 ? { id, name, size, mimeType, md5Checksum: md5 } : { id, name, size, mimeType };
}

function rowOf(taskId: string, cell: string): string[] {
  const parts = Array.from({ length: PARTS }, (_, i) =>
    cell.slice(i * PART_CHARS, (i + 1) * PART_CHARS),
  );
  return [taskId, ...parts];
}

/** Writes a job's whole ledger, replacing any earlier one of the same job (a start tried again). */
export function writeLedger(jobId: string, taskIds: readonly string[], cells: string[]): void {
  const name = ledgerName(jobId);
  const old = spreadsheet().getSheetByName(name);
  if (old) spreadsheet().deleteSheet(old);
  const sheet = insertSheetFor(spreadsheet(), name, taskIds.length + 1, HEADERS.length, true);
  sheet
    .protect()
    .setDescription('Kept by the export add-on while an export job runs; removed when it ends.')
    .setWarningOnly(true);
  const rows = taskIds.map((id, i) => rowOf(id, cells[i]));
  sheet.getRange(1, 1, rows.length + 1, HEADERS.length).setValues(rowsToWrite([HEADERS, ...rows]));
}

/** Writes the rows at these 0-based task positions, in as few ranges as are near each other. */
export function updateLedger(
  jobId: string,
  taskIds: readonly string[],
  cells: readonly string[],
  changed: readonly number[],
): void {
  if (changed.length === 0) return;
  const sheet = spreadsheet().getSheetByName(ledgerName(jobId));
  if (!sheet) throw new LedgerLostError(jobId);
  const sorted = [...changed].sort((a, b) => a - b);
  let start = sorted[0];
  let end = start;
  const flush = () => {
    const rows = [];
    for (let i = start; i <= end; i++) rows.push(rowOf(taskIds[i], cells[i]));
    sheet.getRange(FIRST_ROW + start, 1, rows.length, HEADERS.length).setValues(rowsToWrite(rows));
  };
  for (const i of sorted.slice(1)) {
    if (i - end <= MERGE_GAP) end = i;
    else {
      flush();
      start = end = i;
    }
  }
  flush();
}

/** The ledger's tasks in order, with their cells as stored; null when the sheet is gone. */
export function readLedger(jobId: string): { entries: TaskEntry[]; cells: string[] } | null {
  const sheet = spreadsheet().getSheetByName(ledgerName(jobId));
  if (!sheet) return null;
  const last = sheet.getLastRow();
  const values =
    last >= FIRST_ROW ? sheet.getRange(FIRST_ROW, 1, last - 1, HEADERS.length).getValues() : [];
  const cells = values.map((r) => r.slice(1).map(String).join(''));
  return { entries: cells.map(entryOfCell), cells };
}

export function deleteLedger(jobId: string): void {
  const sheet = spreadsheet().getSheetByName(ledgerName(jobId));
  if (sheet) spreadsheet().deleteSheet(sheet);
}

/** Ledgers of jobs that are no longer active (their job ended, or its start died halfway). */
export function deleteLedgersExcept(activeIds: readonly string[]): void {
  for (const sheet of spreadsheet().getSheets()) {
    const id = jobOfLedger(sheet.getName());
    if (id !== null && !activeIds.includes(id)) spreadsheet().deleteSheet(sheet);
  }
}

/** The ledger sheet of a running job was deleted (by hand): its progress is gone. */
export class LedgerLostError extends Error {
  constructor(jobId: string) {
    super(
      `The progress sheet "${ledgerName(jobId)}" of a running export was deleted, so the export cannot go on. Its tasks are listed in Resume failed exports, where it can be started again.`,
    );
    this.name = 'LedgerLostError';
  }
}
