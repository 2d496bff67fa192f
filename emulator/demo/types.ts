/** What the demo generator hands back: enough for a test to know what each row is meant to be. */

/**
 * The columns of the tracking sheet, in order. The last two are the two-phase export's own; a
 * legacy sheet stops after 'Export Batch ID' and the add-on adds them.
 */
export const TRACKING_HEADERS: readonly string[] = Object.freeze([
  'Task ID',
  'Batch ID',
  'Agent',
  'Status',
  'Folder Name',
  'Base Image 1',
  'Base Image 2',
  'Base Image 3',
  'OBJ File',
  'Production Images',
  'Video',
  'Alignment File',
  'Review Status',
  'Review Score',
  'Reviewer',
  'Review Date',
  'Created Date',
  'Completed Date',
  'Export Time',
  'Export Batch ID',
  'Export Status',
  'Staged Count',
]);

/** The columns of TRACKING_HEADERS that hold links to a task's files. */
export const FILE_LINK_HEADERS: readonly string[] = Object.freeze(
  TRACKING_HEADERS.slice(
    TRACKING_HEADERS.indexOf('Base Image 1'),
    TRACKING_HEADERS.indexOf('Review Status'),
  ),
);

/** How many of TRACKING_HEADERS the export columns ('Export Status', 'Staged Count') take. */
export const EXPORT_COLUMN_COUNT = 2;

export type DemoKind =
  | 'valid'
  | 'missingObj'
  | 'missingMp4'
  | 'jpgWithoutFolderName'
  | 'tooFewFiles'
  | 'deadLink'
  | 'trashedFile'
  | 'noAccessFile'
  | 'malformedLink'
  | 'notComplete'
  | 'reviewFailed'
  | 'reviewPending'
  | 'alreadyExported'
  | 'duplicateId'
  | 'hostile';

/** The bad cases `invalid: true` adds, one task each (alreadyExported is counted separately). */
export const INVALID_KINDS: readonly DemoKind[] = [
  'missingObj',
  'missingMp4',
  'jpgWithoutFolderName',
  'tooFewFiles',
  'deadLink',
  'trashedFile',
  'noAccessFile',
  'malformedLink',
  'notComplete',
  'reviewFailed',
  'reviewPending',
];

export interface DemoTask {
  taskId: string;
  /** 1-based sheet row (row 1 holds the headers). */
  row: number;
  folderName: string;
  batchId: string;
  kind: DemoKind;
  /** Ids the row's links point to, in column order (a dead link's id included). */
  fileIds: string[];
  /**
   * Files a successful staging of this row copies: every linked file for a row whose files are
   * sound (including rows the default filters leave out, which overrides may select), 0 for a row
   * that must fail validation or be refused (bad link or file, duplicate Task ID).
   */
  expectedFiles: number;
  /** The one file or id that makes a deadLink / trashedFile / noAccessFile row bad. */
  badFileId?: string;
}

export interface DemoFolders {
  /** My Drive/Production */
  production: string;
  /** My Drive/Production/Base Images */
  baseImages: string;
  /** My Drive/Exports Staging */
  staging: string;
  /** My Drive/Clients */
  clients: string;
  /** My Drive/Clients/Acme Corp: a client folder the owner can write to. */
  clientAcme: string;
  /** Globex: owned by other@, shared with the owner as viewer. */
  clientViewOnly: string;
  /** Umbrella: owned by other@, shared with the owner as editor (in the owner's Shared with me). */
  clientSharedWithMe: string;
  /** The shared drive "Client deliveries" (its id is its root folder's): the owner is a writer. */
  sharedDrive: string;
  /** Shared drives/Client deliveries/Initech: a client folder in a shared drive. */
  clientInSharedDrive: string;
  /** My Drive/Exports Staging/Not a client folder: a delivery target inside staging. */
  insideStaging?: string;
}

export interface DemoUsers {
  owner: string;
  other: string;
  viewer: string;
}

export interface DemoWorkspace {
  spreadsheetId: string;
  sheetName: 'Tasks';
  headers: string[];
  folders: DemoFolders;
  tasks: DemoTask[];
  users: DemoUsers;
}
