/**
 * Browsing Drive folders from a sidebar (staging folder, client folder): a folder and one page of
 * its sub-folders, each with whether the user may add files to it, starting from My Drive, from
 * "Shared with me" or from the user's shared drives. Listed server-side over the Drive REST API,
 * which tells the capabilities without writing anything.
 */
import type { BrowsedFolder, DrivePlace, FolderListing } from '../shared/rpc';
import { DriveFileMeta } from './rest';
import {
  DriveRead,
  readDrivesPage,
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

const PLACE_NAMES: Record<DrivePlace, string> = {
  myDrive: 'My Drive',
  sharedWithMe: 'Shared with me',
  sharedDrives: 'Shared drives',
};

/**
 * A folder and a page of its sub-folders; without a folder, the top of `place` (My Drive unless
 * told): the folders shared with the user, or their shared drives.
 */
export function listDriveFolders(
  folderId: unknown,
  pageToken: unknown,
  place: unknown = 'myDrive',
): FolderListing {
  const token = typeof pageToken === 'string' && pageToken !== '' ? pageToken : null;
  const top = folderId === null || folderId === undefined || folderId === '';
  if (top && (place === 'sharedWithMe' || place === 'sharedDrives')) {
    return placeListing(place, token);
  }
  if (top && place !== 'myDrive') {
    throw new FolderBrowseError(`"${String(place)}" is not a place in Drive.`);
  }
  const id = top ? 'root' : folderId;
  if (typeof id !== 'string' || !FOLDER_ID.test(id)) {
    throw new FolderBrowseError(`"${String(id)}" is not a Drive folder id.`);
  }
  const session = readSession();
  const folder = folderMeta(id, session);
  const page = subFolders(folder, token, session);
  return { folder: browsed(folder), place: null, ...page };
}

/** "Shared with me" or "Shared drives": not folders, so nothing there can be chosen. */
function placeListing(place: 'sharedWithMe' | 'sharedDrives', token: string | null): FolderListing {
  const name = PLACE_NAMES[place];
  const folder = { id: '', name, canAddChildren: false };
  const page = place === 'sharedDrives' ? sharedDrives(token) : sharedWithMe(token);
  return { folder, place, ...page };
}

function sharedWithMe(pageToken: string | null): Pick<FolderListing, 'folders' | 'nextPageToken'> {
  return folderPage(
    `sharedWithMe = true and mimeType = '${FOLDER_MIME}' and trashed = false`,
    pageToken,
    PLACE_NAMES.sharedWithMe,
    readSession(),
  );
}

function sharedDrives(pageToken: string | null): Pick<FolderListing, 'folders' | 'nextPageToken'> {
  const read = readDrivesPage<{ nextPageToken?: string; drives?: DriveFileMeta[] }>(pageToken);
  if (read.status === 400 && pageToken) {
    throw changedWhileListing(PLACE_NAMES.sharedDrives, 'Open Shared drives again.');
  }
  if (read.kind !== 'ok' || !read.body) throw notAnswered(read, 'your shared drives');
  const folders = (read.body.drives ?? []).map(browsed);
  folders.sort((a, b) => a.name.localeCompare(b.name));
  return { folders, nextPageToken: read.body.nextPageToken ?? null };
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
  return folderPage(
    `'${folder.id}' in parents and mimeType = '${FOLDER_MIME}' and trashed = false`,
    pageToken,
    folder.name,
    session,
  );
}

/** Empty pages read on before one is shown (each is one Drive call). */
const EMPTY_PAGES_READ_ON = 10;

/** A page of the folders a search finds, sorted by name; `where` names them for messages. */
function folderPage(
  q: string,
  pageToken: string | null,
  where: string,
  session: RestSession,
): Pick<FolderListing, 'folders' | 'nextPageToken'> {
  // Drive documents that a page may come back partial or empty before the end of the list: an
  // empty page with more to come is read on, so that "No folders in here" is only ever true.
  let token = pageToken;
  for (let read = 0; ; read++) {
    const query = {
      q,
      fields: 'nextPageToken,files(id,name,capabilities(canAddChildren))',
      pageSize: PAGE_SIZE,
      includeItemsFromAllDrives: true,
      ...(token ? { pageToken: token } : {}),
    };
    const got = readListPage<{ nextPageToken?: string; files?: DriveFileMeta[] }>(query, session);
    if (got.status === 400 && token) throw changedWhileListing(where);
    if (got.kind !== 'ok' || !got.body) throw notAnswered(got, `the folders in "${where}"`);
    const folders = (got.body.files ?? []).map(browsed);
    const next = got.body.nextPageToken ?? null;
    if (folders.length === 0 && next && read < EMPTY_PAGES_READ_ON) {
      token = next;
      continue;
    }
    // Drive pages come in no useful order; each page is shown sorted by name.
    folders.sort((a, b) => a.name.localeCompare(b.name));
    return { folders, nextPageToken: next };
  }
}

function browsed(meta: DriveFileMeta): BrowsedFolder {
  return {
    id: meta.id,
    name: meta.name,
    canAddChildren: meta.capabilities?.canAddChildren === true,
  };
}

/** The only part of a listing the user's actions can make stale is the page token. */
function changedWhileListing(where: string, what = 'Open the folder again.'): FolderBrowseError {
  return new FolderBrowseError(`The list of folders in "${where}" changed. ${what}`);
}

/** Browsing changes nothing, so a read Drive did not answer is only a message to try again. */
function notAnswered(read: DriveRead<unknown>, about: string): FolderBrowseError {
  return new FolderBrowseError(unansweredMessage(read, about));
}
