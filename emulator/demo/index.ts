/**
 * The demo data generator: a realistic tracking spreadsheet and the Drive tree its links point to,
 * for tests, the playground and the benchmark. State is built directly in the stores (no gate, no
 * simulated time spent), so 20,000 rows take seconds; every draw comes from the workspace's
 * seeded random stream, so a seed always gives the same sheet and tree.
 */
import { ServiceContext } from '../core/context';
import { EmulatorUsageError } from '../core/errors';
import { DriveStore } from '../drive/store';
import { SpreadsheetStore } from '../spreadsheet/store';
import { DAY_MS, drawBatches, drawPeople } from './catalog';
import { seedTaskFiles } from './files';
import { DemoOptions, ResolvedOptions, resolveOptions } from './options';
import { RowPlan, layoutKinds, planRows, specialKinds } from './plan';
import { SHEET_NAME, trackingRow, writeTrackingSheet } from './sheet';
import { DemoTree, buildTree } from './tree';
import {
  DemoFolders,
  DemoKind,
  DemoTask,
  DemoUsers,
  DemoWorkspace,
  EXPORT_COLUMN_COUNT,
  INVALID_KINDS,
  TRACKING_HEADERS,
} from './types';

export { TRACKING_HEADERS, FILE_LINK_HEADERS, INVALID_KINDS } from './types';
export { HOSTILE_MARKUP } from './plan';
export type { DemoOptions } from './options';
export type { DemoKind, DemoTask, DemoWorkspace, DemoFolders, DemoUsers } from './types';

/** What the generator needs of a Workspace. */
export interface DemoHost {
  readonly ctx: ServiceContext;
  readonly drive: DriveStore;
  readonly sheets: SpreadsheetStore;
  readonly owner: string;
  readonly users: readonly string[];
  addUser(email: string): void;
}

/**
 * The demo seeds every task's source files in the ops account's own Drive, where in real life they
 * are the agents' files and count against the agents' storage: 400 tasks already pass a personal
 * account's 15 GB. A workspace that seeds the demo gives the ops account room for what it seeds
 * and copies, as a Google Workspace plan's pooled storage does (Workspace plans pool storage across
 * the organisation: 30 GB to 5 TB a user, workspace.google.com/pricing); a test about storage sets
 * its own limit.
 */
export const DEMO_DRIVE_LIMITS = { storageBytes: 10 * 1000 ** 4 };

export const OTHER_USER = 'other@example.com';
export const VIEWER_USER = 'viewer@example.com';

export function seedDemo(ws: DemoHost, options?: DemoOptions): DemoWorkspace {
  const o = resolveOptions(options);
  const special = specialKinds(o);
  checkFits(o, special);
  const users = ensureUsers(ws);

  const random = ws.ctx.random;
  const batches = drawBatches(random, ws.ctx.clock.now());
  const kinds = layoutKinds(random, o.tasks, special);
  const plans = planRows(random, kinds, batches, drawPeople(random));
  const since = batches[0].start - 7 * DAY_MS;
  const tree = buildTree(ws.drive, users, batches, since);
  const headers = headersFor(o);
  const { grid, tasks } = seedTasks(
    { ctx: ws.ctx, drive: ws.drive, tree, users, o, headers },
    plans,
  );
  const spreadsheetId = writeTrackingSheet(ws.sheets, ws.drive, users, grid, since);
  return {
    spreadsheetId,
    sheetName: SHEET_NAME,
    headers,
    folders: publicFolders(tree),
    tasks,
    users,
  };
}

function headersFor(o: ResolvedOptions): string[] {
  const dropped = o.withExportColumns ? 0 : EXPORT_COLUMN_COUNT;
  return TRACKING_HEADERS.slice(0, TRACKING_HEADERS.length - dropped);
}

interface SeedContext {
  ctx: ServiceContext;
  drive: DriveStore;
  tree: DemoTree;
  users: DemoUsers;
  o: ResolvedOptions;
  headers: string[];
}

/** Each task's files, then its row: the grid to write (headers first) and what each row is. */
function seedTasks(sc: SeedContext, plans: RowPlan[]) {
  const grid: unknown[][] = [sc.headers];
  const tasks: DemoTask[] = [];
  const fc = { ...sc, filesPerTask: sc.o.filesPerTask };
  for (const plan of plans) {
    const files = seedTaskFiles(fc, plan);
    grid.push(trackingRow(plan, files.cells, sc.headers.length));
    tasks.push({
      taskId: plan.taskId,
      row: plan.index + 2,
      folderName: plan.folderName,
      batchId: plan.batchId,
      kind: plan.kind,
      fileIds: files.fileIds,
      expectedFiles: files.expectedFiles,
      ...(files.badFileId ? { badFileId: files.badFileId } : {}),
    });
  }
  return { grid, tasks };
}

function publicFolders(tree: DemoTree): DemoFolders {
  return {
    production: tree.production,
    baseImages: tree.baseImages,
    staging: tree.staging,
    clients: tree.clients,
    clientAcme: tree.clientAcme,
    clientViewOnly: tree.clientViewOnly,
    clientSharedWithMe: tree.clientSharedWithMe,
    sharedDrive: tree.sharedDrive,
    clientInSharedDrive: tree.clientInSharedDrive,
    insideStaging: tree.insideStaging,
  };
}

/** Every special row needs a row of its own; refusing beats silently dropping a case. */
function checkFits(o: ResolvedOptions, special: DemoKind[]): void {
  if (special.length > o.tasks) {
    throw new EmulatorUsageError(
      `seedDemo option "tasks" is ${o.tasks}, too few for the ${special.length} special rows ` +
        `asked for (${describeSpecial(o)}); raise tasks or drop some of them`,
    );
  }
}

function describeSpecial(o: ResolvedOptions): string {
  const parts: string[] = [];
  if (o.invalid) parts.push(`${INVALID_KINDS.length} bad cases of invalid: true`);
  if (o.alreadyExported) parts.push(`alreadyExported: ${o.alreadyExported}`);
  if (o.hostile) parts.push('hostile: 1');
  if (o.duplicateTaskId) parts.push('duplicateTaskId: 2');
  return parts.join(', ');
}

function ensureUsers(ws: DemoHost): DemoUsers {
  const users = { owner: ws.owner, other: OTHER_USER, viewer: VIEWER_USER };
  if (users.owner === users.other || users.owner === users.viewer) {
    throw new EmulatorUsageError(
      `seedDemo needs the workspace owner to be someone other than ${OTHER_USER} and ${VIEWER_USER}`,
    );
  }
  for (const user of [users.other, users.viewer]) {
    if (!ws.users.includes(user)) ws.addUser(user);
  }
  return users;
}
