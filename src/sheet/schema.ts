/**
 * The tracking sheet's columns (PLAN 1.1). Columns are found by their header text, never by
 * position: ops reorder and insert columns. COLUMN_ORDER is the order of the internal export sheet
 * and of columns the add-on inserts.
 */
export const COLUMNS = {
  TASK_ID: 'Task ID',
  BATCH_ID: 'Batch ID',
  AGENT: 'Agent',
  STATUS: 'Status',
  FOLDER_NAME: 'Folder Name',
  BASE_IMAGE_1: 'Base Image 1',
  BASE_IMAGE_2: 'Base Image 2',
  BASE_IMAGE_3: 'Base Image 3',
  OBJ_FILE: 'OBJ File',
  PRODUCTION_IMAGES: 'Production Images',
  VIDEO: 'Video',
  ALIGNMENT_FILE: 'Alignment File',
  REVIEW_STATUS: 'Review Status',
  REVIEW_SCORE: 'Review Score',
  REVIEWER: 'Reviewer',
  REVIEW_DATE: 'Review Date',
  CREATED_DATE: 'Created Date',
  COMPLETED_DATE: 'Completed Date',
  EXPORT_TIME: 'Export Time',
  EXPORT_BATCH_ID: 'Export Batch ID',
  EXPORT_STATUS: 'Export Status',
  STAGED_COUNT: 'Staged Count',
} as const;

export type ColumnKey = keyof typeof COLUMNS;

export const COLUMN_ORDER: readonly ColumnKey[] = [
  'TASK_ID',
  'BATCH_ID',
  'AGENT',
  'STATUS',
  'FOLDER_NAME',
  'BASE_IMAGE_1',
  'BASE_IMAGE_2',
  'BASE_IMAGE_3',
  'OBJ_FILE',
  'PRODUCTION_IMAGES',
  'VIDEO',
  'ALIGNMENT_FILE',
  'REVIEW_STATUS',
  'REVIEW_SCORE',
  'REVIEWER',
  'REVIEW_DATE',
  'CREATED_DATE',
  'COMPLETED_DATE',
  'EXPORT_TIME',
  'EXPORT_BATCH_ID',
  'EXPORT_STATUS',
  'STAGED_COUNT',
];

/** Columns the add-on adds itself when missing (PLAN 7.1); every other column must be there. */
export const ADDED_COLUMNS: readonly ColumnKey[] = ['EXPORT_STATUS', 'STAGED_COUNT'];

export const REQUIRED_COLUMNS: readonly ColumnKey[] = COLUMN_ORDER.filter(
  (key) => !ADDED_COLUMNS.includes(key),
);

/** Columns holding links to the task's files; base images are told apart for validation. */
export const BASE_IMAGE_COLUMNS: readonly ColumnKey[] = [
  'BASE_IMAGE_1',
  'BASE_IMAGE_2',
  'BASE_IMAGE_3',
];
export const PRODUCTION_FILE_COLUMNS: readonly ColumnKey[] = [
  'OBJ_FILE',
  'PRODUCTION_IMAGES',
  'VIDEO',
  'ALIGNMENT_FILE',
];

/** Columns that stay internal: never written into anything a client receives. */
export const INTERNAL_COLUMNS: readonly ColumnKey[] = [
  'AGENT',
  'REVIEW_STATUS',
  'REVIEW_SCORE',
  'REVIEWER',
  'REVIEW_DATE',
  'EXPORT_BATCH_ID',
  'EXPORT_STATUS',
  'STAGED_COUNT',
];

export const TASKS_SHEET_NAME = 'Tasks';
export const EXPORT_LOG_SHEET_NAME = 'Export Log';
export const EXPORT_BATCHES_SHEET_NAME = 'Export Batches';
