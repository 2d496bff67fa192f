import { authHeaders, driveUrl, getFileMeta, kindOf, parseAnswer } from './rest';
import { fetchOrLimit } from './daily-limit';

/**
 * Listing a folder's children over the Drive v3 REST API: one request per page brings every
 * child's size and description, which DriveApp would fetch with one call per file.
 */
export const FOLDER_MIME = 'application/vnd.google-apps.folder';

export interface ListedItem {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  /** Empty when the item has none. */
  description: string;
  /** A binary file's MD5 (none for folders and Google's own types). */
  md5Checksum?: string;
}

/** Drive did not list a folder (missing, unshared, or a transient error); what was asked is known. */
export class FolderListingError extends Error {
  constructor(
    readonly folderId: string,
    readonly status: number,
  ) {
    super(`Google Drive did not list the folder ${folderId} (code ${status})`);
    this.name = 'FolderListingError';
  }
}

interface ListPage {
  nextPageToken?: string;
  files?: Array<{
    id: string;
    name: string;
    mimeType: string;
    size?: string;
    md5Checksum?: string;
    description?: string;
  }>;
}

const PAGE_SIZE = 1000;

/**
 * The children of a folder that are not in the trash, listed by parent (consistent right after a
 * write, unlike a name search). Drive may answer a partial page before the end, so every page
 * token is followed.
 */
export function listChildren(folderId: string): ListedItem[] {
  const q = `'${folderId.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}' in parents and trashed = false`;
  const items: ListedItem[] = [];
  let pageToken: string | undefined;
  do {
    const query: Record<string, string | number | boolean> = {
      q,
      fields: 'nextPageToken,files(id,name,mimeType,size,md5Checksum,description)',
      pageSize: PAGE_SIZE,
      includeItemsFromAllDrives: true,
    };
    if (pageToken) query.pageToken = pageToken;
    const response = fetchOrLimit(() =>
      UrlFetchApp.fetch(driveUrl('files', query), {
        method: 'get',
        headers: authHeaders(),
        muteHttpExceptions: true,
      }),
    );
    const answer = parseAnswer<ListPage>(response);
    if (answer.status !== 200 || !answer.body)
      throw new FolderListingError(folderId, answer.status);
    for (const f of answer.body.files ?? []) items.push(itemOf(f));
    pageToken = answer.body.nextPageToken;
  } while (pageToken);
  return items;
}

type DriveItemFields = NonNullable<ListPage['files']>[number];

/** An item as Drive describes it (int64 sizes come as strings), as the add-on reads it. */
function itemOf(f: DriveItemFields): ListedItem {
  return {
    id: f.id,
    name: f.name,
    mimeType: f.mimeType,
    size: Number(f.size ?? 0),
    description: f.description ?? '',
    ...(f.md5Checksum ? { md5Checksum: f.md5Checksum } : {}),
  };
}

/**
 * The item `id` if it is in the folder and not trashed, asked for by id (unlike a listing by
 * parent, up to date); null when it is not there (or no longer exists); undefined when Drive did
 * not say this time (a rate limit or an error answer).
 */
export function itemInFolder(id: string, folderId: string): ListedItem | null | undefined {
  const answer = getFileMeta(id, 'id,name,mimeType,size,md5Checksum,description,parents,trashed');
  const kind = kindOf(answer);
  if (kind === 'notFound') return null;
  const meta = answer.body;
  if (kind !== 'ok' || !meta) return undefined;
  return meta.trashed || !meta.parents?.includes(folderId) ? null : itemOf(meta);
}

export function isFolder(item: { mimeType: string }): boolean {
  return item.mimeType === FOLDER_MIME;
}

/**
 * The folder and every folder above it that the user can see, nearest first. Drive leaves out a
 * parent the user cannot see, so the walk ends there (or at My Drive).
 */
export function ancestorsOf(folderId: string, maxDepth = 50): string[] {
  const chain: string[] = [];
  let current: string | undefined = folderId;
  while (current && chain.length < maxDepth && !chain.includes(current)) {
    chain.push(current);
    const answer = getFileMeta(current, 'id,parents');
    if (answer.status !== 200) throw new FolderListingError(current, answer.status);
    current = answer.body?.parents?.[0];
  }
  return chain;
}
