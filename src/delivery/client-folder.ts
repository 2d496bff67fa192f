/**
 * The client folder of a delivery: checked without writing anything into it (it exists, takes new
 * files, is not My Drive itself, lies outside the internal staging folder and holds none of the
 * tasks' source files), and remembered per user for the wizard.
 */
import type { CheckedFolder, FolderRef, RecentClientFolder } from '../shared/rpc';
import { FolderSettingError, checkWritableFolder, getStagingFolderId } from '../config/settings';
import { FolderListingError } from '../drive/listing';
import { FolderChain, folderChain, isMyDriveRoot, pathOf } from '../drive/folder-location';
import { folderAccess } from '../drive/folder-access';
import { extractFolderId } from '../drive/links';
import { DriveUnansweredError, unansweredMessage } from '../drive/drive-reads';
import { BatchRecord } from '../batches/batches';
import { ExportRequestError, batchTasks } from '../batches/batch-checks';
import { readTable } from '../sheet/table';
import type { Task } from '../sheet/task';
import { sourceFolders } from './source-folders';

export function requireClientFolder(
  linkOrId: unknown,
  batch: BatchRecord | null,
  tasks?: Task[],
): FolderRef {
  return checkedClientFolder(linkOrId, batch, tasks).folder;
}

/** The client folder, checked, with where it is and who can see it (for the wizard to show). */
export function describeClientFolder(linkOrId: unknown, batch: BatchRecord | null): CheckedFolder {
  const { folder, chain } = checkedClientFolder(linkOrId, batch);
  return { ...folder, path: pathOf(chain), access: folderAccess(chain) };
}

/** `tasks`: the batch's, when the caller has read them already. */
function checkedClientFolder(
  linkOrId: unknown,
  batch: BatchRecord | null,
  tasks?: Task[],
): { folder: FolderRef; chain: FolderChain } {
  const text = String(linkOrId ?? '').trim();
  if (!text) {
    throw new ExportRequestError(
      "Choose the client's folder to deliver to: paste its link or pick it.",
    );
  }
  const parsed = extractFolderId(text);
  if (!parsed.ok) throw new ExportRequestError(parsed.reason);
  let folder: FolderRef;
  try {
    folder = checkWritableFolder(parsed.id, 'client folder');
  } catch (e) {
    if (e instanceof FolderSettingError) throw new ExportRequestError(e.message);
    throw e;
  }
  const chain = chainOf(folder);
  if (isMyDriveRoot(chain)) {
    throw new ExportRequestError(
      `"${folder.name}" is the top of your Drive, where everything of yours is, not a client's folder. Choose the client's own folder, or make one in My Drive first.`,
    );
  }
  requireOutsideStaging(folder, batch, chain);
  if (batch) requireNoSources(folder, chain, tasks ?? batchTasks(readTable(), batch.batchId));
  return { folder, chain };
}

/** Where the folder is; Drive not saying is not a refusal of the folder. */
function chainOf(folder: FolderRef): FolderChain {
  try {
    return folderChain(folder.id);
  } catch (e) {
    if (!(e instanceof FolderListingError)) throw e;
    // Busy says nothing about the folder: not a refusal of it, which a resume would turn into
    // failed tasks.
    if (e.busy) {
      const about = `where the client folder "${folder.name}" is`;
      throw new DriveUnansweredError(unansweredMessage(e, about), e.kind, e.status);
    }
    throw new ExportRequestError(
      `Google Drive did not say where the client folder "${folder.name}" is (code ${e.status}). Please try again.`,
    );
  }
}

/**
 * The production folders stay internal: a client folder holding the tasks' source files would
 * hand the client the production work and mix the delivery into it.
 */
function requireNoSources(folder: FolderRef, chain: FolderChain, tasks: Task[]): void {
  const holders = sourceFolders(tasks);
  const taskId = holders.get(chain[0].id);
  if (taskId === undefined) return;
  throw new ExportRequestError(
    `"${folder.name}" holds the tasks' source files (those of task ${taskId}, for one), which stay internal. Choose the client's own folder, outside the production folders.`,
  );
}

/** Files delivered inside the staging folder would stay internal and mix with staged exports. */
function requireOutsideStaging(
  folder: FolderRef,
  batch: BatchRecord | null,
  folders: FolderChain,
): void {
  const internal = new Map<string, string>();
  const configured = getStagingFolderId();
  if (batch) internal.set(batch.stagingFolderId, 'the staging folder');
  if (configured) internal.set(configured, 'the staging folder');
  if (batch)
    internal.set(batch.batchFolderId, `the staging folder of export batch ${batch.batchId}`);
  const [self, ...above] = folders.map((f) => f.id);
  const itself = internal.get(self);
  if (itself) {
    throw new ExportRequestError(
      `"${folder.name}" is ${itself} itself, which stays internal. Choose the client's own folder.`,
    );
  }
  const inside = above.map((id) => internal.get(id)).find((what) => what !== undefined);
  if (inside) {
    throw new ExportRequestError(
      `The folder "${folder.name}" is inside ${inside}, which stays internal. Choose the client's own folder, outside the staging folder.`,
    );
  }
}

const RECENT_KEY = 'exportRecentClientFolders';
const RECENT_KEPT = 5;

/** The client folders this user delivered to lately, most recent first. */
export function getRecentClientFolders(): RecentClientFolder[] {
  const raw = PropertiesService.getUserProperties().getProperty(RECENT_KEY);
  if (!raw) return [];
  try {
    const list = JSON.parse(raw) as RecentClientFolder[];
    return Array.isArray(list) ? list.slice(0, RECENT_KEPT) : [];
  } catch {
    // A value edited by hand is forgotten rather than breaking the wizard.
    return [];
  }
}

export function rememberClientFolder(folder: FolderRef): void {
  const entry: RecentClientFolder = { ...folder, usedAt: new Date().toISOString() };
  const others = getRecentClientFolders().filter((f) => f.id !== folder.id);
  PropertiesService.getUserProperties().setProperty(
    RECENT_KEY,
    JSON.stringify([entry, ...others].slice(0, RECENT_KEPT)),
  );
}
