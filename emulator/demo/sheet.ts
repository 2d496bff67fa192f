/** The tracking spreadsheet: one 'Tasks' sheet, headers in row 1, one row per task. */
import { DriveStore } from '../drive/store';
import { SpreadsheetStore } from '../spreadsheet/store';
import { TaskCells } from './files';
import { RowPlan } from './plan';
import { backdate } from './tree';
import { DemoUsers } from './types';

export const SHEET_NAME = 'Tasks';
export const SPREADSHEET_NAME = 'Production Tracker';

/** The row of the sheet for a task, in TRACKING_HEADERS order, cut to `width` columns. */
export function trackingRow(plan: RowPlan, cells: TaskCells, width: number): unknown[] {
  const row: unknown[] = [
    plan.taskId,
    plan.batchId,
    plan.agent,
    plan.status,
    plan.folderName,
    ...cells.base,
    cells.obj,
    cells.renders,
    cells.video,
    cells.alignment,
    plan.reviewStatus,
    plan.reviewScore,
    plan.reviewer,
    plan.reviewDate,
    plan.created,
    plan.completed,
    plan.exportTime,
    plan.exportBatchId,
    // Export Status and Staged Count start empty: only the two-phase export writes them.
    '',
    '',
  ];
  return row.slice(0, width);
}

/**
 * Creates the spreadsheet in the owner's My Drive, shares it with the viewer, writes the grid
 * directly (no gate: seeding is not a script call) and makes it the one the bound script sees.
 */
export function writeTrackingSheet(
  sheets: SpreadsheetStore,
  drive: DriveStore,
  users: DemoUsers,
  grid: unknown[][],
  since: number,
): string {
  const id = sheets.create(SPREADSHEET_NAME, users.owner);
  const sheet = sheets.sheet(id, 'Sheet1');
  // The store seeds a new spreadsheet with "Sheet1" and has no rename helper outside the gate.
  sheet.name = SHEET_NAME;
  sheet.frozenRows = 1;
  sheets.setValues(id, SHEET_NAME, grid);
  drive.share(id, users.viewer, 'viewer');
  backdate(drive.get(id)!, since);
  sheets.setActive(id);
  return id;
}
