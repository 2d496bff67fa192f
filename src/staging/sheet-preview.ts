import type { ExportSheetPreview } from '../shared/rpc';
import { preparedTable } from '../status/migration';
import { COLUMNS, COLUMN_ORDER } from '../sheet/schema';
import { isDate } from '../sheet/task';
import { BATCH_ID_PATTERN, exportSheetName } from '../batches/batches';

const PREVIEW_ROWS = 5;

/**
 * The staging wizard's preview of the internal export sheet (PLAN 2.3 step 2): its name, its
 * columns and its first rows as they would be written for these tasks, every value as text.
 */
export function getExportSheetPreview(taskIds: unknown, batchId: unknown): ExportSheetPreview {
  const ids = taskIdList(taskIds);
  if (typeof batchId !== 'string' || !BATCH_ID_PATTERN.test(batchId)) {
    throw new Error(
      'The export batch could not be read. Go back to the filters and preview again.',
    );
  }
  const byId = new Map(preparedTable().tasks.map((t) => [t.taskId, t]));
  const tasks = ids.flatMap((id) => byId.get(id) ?? []);
  const timeZone = Session.getScriptTimeZone();
  return {
    sheetName: exportSheetName(batchId),
    columns: COLUMN_ORDER.map((key) => COLUMNS[key]),
    rows: tasks
      .slice(0, PREVIEW_ROWS)
      .map((task) => COLUMN_ORDER.map((key) => cellText(task.cells[key], timeZone))),
    totalRows: tasks.length,
  };
}

function taskIdList(taskIds: unknown): string[] {
  if (!Array.isArray(taskIds)) {
    throw new Error('The task list could not be read. Go back to the filters and preview again.');
  }
  return [...new Set(taskIds.map(String))];
}

/** Dates as the sheet shows them to a person: the day, and the time when there is one. */
function cellText(value: unknown, timeZone: string): string {
  if (value === null || value === undefined) return '';
  if (!isDate(value)) return String(value);
  const time = Utilities.formatDate(value, timeZone, 'HH:mm');
  const format = time === '00:00' ? 'yyyy-MM-dd' : 'yyyy-MM-dd HH:mm';
  return Utilities.formatDate(value, timeZone, format);
}
