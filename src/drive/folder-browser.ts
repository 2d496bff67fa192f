/**
 * Browsing Drive folders from a sidebar (staging folder, client folder): a folder and one page of
 * its sub-folders, each with whether the user may add files to it. Listed server-side by parent
 * over the Drive REST API, which tells the capabilities without writing anything.
 */
import type { BrowsedFolder, FolderListing } from '../shared/rpc';
import { DriveFileMeta } from './rest';
import {
  DriveRead,
  readFileMeta,
  readListPage,
  readSession,
  unansweredMessage,
} from './drive-reads';
import { RestSession } from './rest-session';

const FOLDER_MIME = 'application/vnd.google-apps.folder';
const PAGE_SIZE = 100;
/** `root` is Drive's name for the user's My Drive. */
const FOLDER_ID = /^(root|[A-Za-z0-9_-]{10,})$/;

/** A folder that cannot be browsed; the message says why in plain words. */
export class FolderBrowseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderBrowseError';
  }
}

export function listDriveFolders(folderId: unknown, pageToken: unknown): FolderListing {
  const id = folderId === null || folderId === undefined || folderId === '' ? 'root' : folderId;
  if (typeof id !== 'string' || !FOLDER_ID.test(id)) {
    throw new FolderBrowseError(`"${String(id)}" is not a Drive folder id.`);
  }
  const token = typeof pageToken === 'string' && pageToken !== '' ? pageToken : null;
  const session = readSession();
  const folder = folderMeta(id, session);
  const page = subFolders(folder, token, session);
  return { folder: browsed(folder), ...page };
}

function folderMeta(id: string, session: RestSession): DriveFileMeta {
  const read = readFileMeta(id, 'id,name,mimeType,trashed,capabilities(canAddChildren)', session);
  if (read.kind === 'notFound') {
    throw new FolderBrowseError(
      `The folder ${id} does not exist or is not shared with you. Go back to My Drive and try another folder.`,
    );
  }
  if (read.kind !== 'ok' || !read.body) throw notAnswered(read, `the folder ${id}`);
  const meta = read.body;
  if (meta.mimeType !== FOLDER_MIME) {
    throw new FolderBrowseError(`"${meta.name}" is a file, not a folder.`);
  }
  if (meta.trashed) {
    throw new FolderBrowseError(`The folder "${meta.name}" is in the trash.`);
  }
  return meta;
}

function subFolders(
  folder: DriveFileMeta,
  pageToken: string | null,
  session: RestSession,
): Pick<FolderListing, 'folders' | 'nextPageToken'> {
  const query = {
    q: `'${folder.id}' in parents and mimeType = '${FOLDER_MIME}' and trashed = false`,
    fields: 'nextPageToken,files(id,name,capabilities(canAddChildren))',
    pageSize: PAGE_SIZE,
    includeItemsFromAllDrives: true,
    ...(pageToken ? { pageToken } : {}),
  };
  const read = readListPage<{ nextPageToken?: string; files?: DriveFileMeta[] }>(query, session);
  if (read.status === 400 && pageToken) {
    // The only part of this request the user's actions can make stale is the page token.
    throw new FolderBrowseError(
      `The list of folders in "${folder.name}" changed. Open the folder again.`,
    );
  }
  if (read.kind !== 'ok' || !read.body) {
    throw notAnswered(read, `the folders in "${folder.name}"`);
  }
  const folders = (read.body.files ?? []).map(browsed);
  // Drive pages come in no useful order; each page is shown sorted by name.
  folders.sort((a, b) => a.name.localeCompare(b.name));
  return { folders, nextPageToken: read.body.nextPageToken ?? null };
}

function browsed(meta: DriveFileMeta): BrowsedFolder {
  return {
    id: meta.id,
    name: meta.name,
    canAddChildren: meta.capabilities?.canAddChildren === true,
  };
}

/** Browsing changes nothing, so a read Drive did not answer is only a message to try again. */
function notAnswered(read: DriveRead<unknown>, about: string): FolderBrowseError {
  return new FolderBrowseError(unansweredMessage(read, about));
}
