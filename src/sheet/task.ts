import { ExportState, parseExportState } from './export-status';
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
  readonly cells: Partial<Record<ColumnKey, unknown>>;
}

export type HeaderMap = Partial<Record<ColumnKey, number>>;

const COLUMN_KEYS = Object.keys(COLUMNS) as ColumnKey[];

export function isDate(value: unknown): value is Date {
  if (typeof value !== 'object' || value === null) return false;
  if (value instanceof Date) return !isNaN(+value);
  // A Date of another realm (a value handed over by another script context).
  return Object.prototype.toString.call(value) === '[object Date]' && !isNaN(+(value as Date));
}

export function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
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
  let cells: Partial<Record<ColumnKey, unknown>> | undefined;
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
    productionLinks: productionLinksOf(cell),
    // Made when first read: only the staged tasks' rows go into the export sheet.
    get cells() {
      return (cells ??= cellsOf(values, headers));
    },
  };
}

function cellsOf(
  values: readonly unknown[],
  headers: HeaderMap,
): Partial<Record<ColumnKey, unknown>> {
  const cells: Partial<Record<ColumnKey, unknown>> = {};
  for (const key of COLUMN_KEYS) {
    const col = headers[key];
    if (col !== undefined) cells[key] = values[col];
  }
  return cells;
}

function productionLinksOf(cell: (key: ColumnKey) => unknown): Task['productionLinks'] {
  const links: Task['productionLinks'] = [];
  for (const column of PRODUCTION_FILE_COLUMNS) {
    for (const link of splitLinks(cell(column))) links.push({ column, link });
  }
  return links;
}
