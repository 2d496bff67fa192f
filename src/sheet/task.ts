import { ExportState, parseExportState } from '../export/status';
import { BASE_IMAGE_COLUMNS, COLUMNS, ColumnKey, PRODUCTION_FILE_COLUMNS } from './schema';
import { splitLinks } from '../drive/links';

/** One task as read from a row of the tracking sheet. */
export interface Task {
  taskId: string;
  /** 1-based sheet row when it was read; for messages only, never for writing. */
  row: number;
  batchId: string;
  agent: string;
  status: string;
  folderName: string;
  reviewStatus: string;
  reviewScore: number | null;
  reviewer: string;
  reviewDate: Date | null;
  createdDate: Date | null;
  completedDate: Date | null;
  exportTime: Date | null;
  exportBatchId: string;
  exportStatus: ExportState;
  /** The status cell held something that is not a status. */
  invalidExportStatus?: string;
  stagedCount: number | null;
  baseImageLinks: string[];
  productionLinks: Array<{ column: ColumnKey; link: string }>;
  /** The whole row by column key, for the internal export sheet. */
  cells: Partial<Record<ColumnKey, unknown>>;
}

export type HeaderMap = Partial<Record<ColumnKey, number>>;

export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]' && !isNaN(+(value as Date));
}

export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (isDate(value)) return value.toISOString();
  return String(value).trim();
}

function dateOf(value: unknown): Date | null {
  if (isDate(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = new Date(value.trim());
    return isNaN(+parsed) ? null : parsed;
  }
  return null;
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number' && isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && isFinite(Number(value))) {
    return Number(value);
  }
  return null;
}

export function parseTask(values: readonly unknown[], row: number, headers: HeaderMap): Task {
  const cell = (key: ColumnKey): unknown => {
    const col = headers[key];
    return col === undefined ? '' : values[col];
  };
  const cells: Partial<Record<ColumnKey, unknown>> = {};
  for (const key of Object.keys(COLUMNS) as ColumnKey[]) {
    if (headers[key] !== undefined) cells[key] = cell(key);
  }
  const state = parseExportState(cell('EXPORT_STATUS'));
  return {
    taskId: text(cell('TASK_ID')),
    row,
    batchId: text(cell('BATCH_ID')),
    agent: text(cell('AGENT')),
    status: text(cell('STATUS')).toLowerCase(),
    folderName: text(cell('FOLDER_NAME')),
    reviewStatus: text(cell('REVIEW_STATUS')).toLowerCase(),
    reviewScore: numberOf(cell('REVIEW_SCORE')),
    reviewer: text(cell('REVIEWER')),
    reviewDate: dateOf(cell('REVIEW_DATE')),
    createdDate: dateOf(cell('CREATED_DATE')),
    completedDate: dateOf(cell('COMPLETED_DATE')),
    exportTime: dateOf(cell('EXPORT_TIME')),
    exportBatchId: text(cell('EXPORT_BATCH_ID')),
    exportStatus: state !== null && typeof state === 'object' ? null : state,
    invalidExportStatus: state !== null && typeof state === 'object' ? state.invalid : undefined,
    stagedCount: numberOf(cell('STAGED_COUNT')),
    baseImageLinks: BASE_IMAGE_COLUMNS.flatMap((key) => splitLinks(cell(key))),
    productionLinks: PRODUCTION_FILE_COLUMNS.flatMap((key) =>
      splitLinks(cell(key)).map((link) => ({ column: key, link })),
    ),
    cells,
  };
}
