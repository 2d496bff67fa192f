/**
 * Sheets never grow by themselves: a range past the last row is refused ("The coordinates of the
 * range are outside the dimensions of the sheet"), and a new sheet has 1,000 rows. Every write that
 * may pass the end makes room first, with some headroom so that a log appended a few rows at a time
 * does not insert rows on every append.
 *
 * Sheets also reads every text a script writes as if someone typed it (keepText): every row the
 * add-on writes goes through `rowsToWrite`.
 */

/** Rows added beyond what a write needs, at most. */
const HEADROOM_ROWS = 500;

/** Makes the sheet at least `lastRow` rows tall (and `lastColumn` columns wide, when given). */
export function makeRoom(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  lastRow: number,
  lastColumn = 0,
): void {
  const rows = sheet.getMaxRows();
  if (lastRow > rows) {
    const headroom = Math.min(HEADROOM_ROWS, Math.ceil(lastRow / 4));
    sheet.insertRowsAfter(rows, lastRow - rows + headroom);
  }
  const columns = sheet.getMaxColumns();
  if (lastColumn > columns) sheet.insertColumnsAfter(columns, lastColumn - columns);
}

/**
 * Rows as the add-on writes them: every text kept as text (keepText), numbers, Dates and booleans
 * as they are, so that each cell reads back what was written.
 */
export function rowsToWrite(rows: readonly (readonly unknown[])[]): unknown[][] {
  return rows.map((row) => row.map((cell) => (typeof cell === 'string' ? keepText(cell) : cell)));
}

/** Writes `rows` below the sheet's last row with content, making room first; texts as text. */
export function appendRows(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  rows: readonly unknown[][],
): void {
  if (rows.length === 0) return;
  const first = sheet.getLastRow() + 1;
  const width = rows[0].length;
  makeRoom(sheet, first + rows.length - 1, width);
  sheet.getRange(first, 1, rows.length, width).setValues(rowsToWrite(rows));
}

/**
 * The sheet of that name, made by `create` when there is none, its header row complete. The
 * header row, frozen, and the protection (a warning, not a lock: ops may still fix a row on
 * purpose, but not by accident) are set whenever the header is missing, so that an execution
 * stopped while creating the sheet never leaves it without them (`protect()` returns the sheet's
 * protection when it has one). Columns added since an earlier version made it get their header.
 */
export function sheetWithHeaders(
  name: string,
  headers: readonly string[],
  description: string,
  create: (
    spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  ) => GoogleAppsScript.Spreadsheet.Sheet,
): GoogleAppsScript.Spreadsheet.Sheet {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = spreadsheet.getSheetByName(name) ?? create(spreadsheet);
  if (sheet.getLastRow() === 0) {
    sheet.protect().setDescription(description).setWarningOnly(true);
    sheet.setFrozenRows(1);
    makeRoom(sheet, 1, headers.length);
    sheet.getRange(1, 1, 1, headers.length).setValues(rowsToWrite([headers]));
  } else {
    // A sheet an earlier version made may lack the columns added since.
    const width = sheet.getLastColumn();
    if (width < headers.length) {
      makeRoom(sheet, 1, headers.length);
      sheet
        .getRange(1, width + 1, 1, headers.length - width)
        .setValues(rowsToWrite([headers.slice(width)]));
    }
  }
  return sheet;
}

/**
 * A new sheet of the spreadsheet, added last and hidden from the tabs ops work in (a new sheet
 * would otherwise become the one the person sees), sized for `rows` x `columns`.
 */
export function insertSheetFor(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  name: string,
  rows: number,
  columns: number,
  hidden: boolean,
): GoogleAppsScript.Spreadsheet.Sheet {
  const active = spreadsheet.getActiveSheet();
  const sheet = spreadsheet.insertSheet(name, spreadsheet.getNumSheets());
  makeRoom(sheet, rows, columns);
  // Every cell counts toward the spreadsheet's 10 million, empty or not.
  const spare = sheet.getMaxColumns() - columns;
  if (spare > 0) sheet.deleteColumns(columns + 1, spare);
  if (active) spreadsheet.setActiveSheet(active);
  if (hidden) sheet.hideSheet();
  return sheet;
}

/**
 * A text as a cell must be given it to hold that text. Sheets reads what a script writes as if a
 * person typed it (Range.setValue: "If it begins with '=' it is interpreted as a formula"): a
 * batch id such as 00123 would come back as the number 123, a date-looking text as a date, and a
 * Task ID, Folder Name or reviewer text beginning with = would become a live formula in a sheet
 * that is passed around. A leading apostrophe makes Sheets keep the rest as text; reading the cell
 * gives the text without it.
 */
export function keepText(text: string): string {
  return text === '' ? '' : "'" + text;
}
