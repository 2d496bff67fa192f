/**
 * The client folder of a delivery: checked without writing anything into it (it exists, takes new
 * files, lies outside the internal staging folder), and remembered per user for the wizard.
 */
import type { FolderRef, RecentClientFolder } from '../shared/rpc';
import { FolderSettingError, checkWritableFolder, getStagingFolderId } from '../config/settings';
import { FolderListingError, ancestorsOf } from '../drive/listing';
import { extractFolderId } from '../drive/links';
import { DriveUnansweredError, unansweredMessage } from '../drive/drive-reads';
import { BatchRecord } from '../batches/batches';
import { ExportRequestError } from '../batches/batch-checks';

export function requireClientFolder(linkOrId: unknown, batch: BatchRecord | null): FolderRef {
  const text = String(linkOrId ?? '').trim();
  if (!text) {
    throw new ExportRequestError(
      "Choose the client's folder to deliver to: paste its link or pick it.",
    );
  }
  const parsed = extractFolderId(text);
  if (!parsed.ok) {
    throw new ExportRequestError(`That is not a client folder link: ${parsed.reason}.`);
  }
  let folder: FolderRef;
  try {
    folder = checkWritableFolder(parsed.id, 'client folder');
  } catch (e) {
    if (e instanceof FolderSettingError) throw new ExportRequestError(e.message);
    throw e;
  }
  requireOutsideStaging(folder, batch);
  return folder;
}

/** Files delivered inside the staging folder would stay internal and mix with staged exports. */
function requireOutsideStaging(folder: FolderRef, batch: BatchRecord | null): void {
  const internal = new Map<string, string>();
  const configured = getStagingFolderId();
  if (batch) internal.set(batch.stagingFolderId, 'the staging folder');
  if (configured) internal.set(configured, 'the staging folder');
  if (batch)
    internal.set(batch.batchFolderId, `the staging folder of export batch ${batch.batchId}`);
  let chain: string[];
  try {
    chain = ancestorsOf(folder.id);
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
  const [self, ...above] = chain;
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
