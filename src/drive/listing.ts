import { AnswerKind } from './rest';
import { driveWasBusy, readFileMeta, readListPage, readSession } from './drive-reads';

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

/**
 * Drive did not list a folder after the read's tries: missing or unshared (`notFound`), or busy
 * (`busy`: refused for rate, or a 5xx, every time), or any other refusal; what was asked is known.
 */
export class FolderListingError extends Error {
  readonly busy: boolean;

  constructor(
    readonly folderId: string,
    readonly status: number,
    readonly kind: AnswerKind,
  ) {
    super(`Google Drive did not list the folder ${folderId} (code ${status})`);
    this.name = 'FolderListingError';
    this.busy = driveWasBusy({ kind });
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
  const session = readSession();
  let pageToken: string | undefined;
  do {
    const query: Record<string, string | number | boolean> = {
      q,
      fields: 'nextPageToken,files(id,name,mimeType,size,md5Checksum,description)',
      pageSize: PAGE_SIZE,
      includeItemsFromAllDrives: true,
    };
    if (pageToken) query.pageToken = pageToken;
    const read = readListPage<ListPage>(query, session);
    if (read.kind !== 'ok' || !read.body) {
      throw new FolderListingError(folderId, read.status, read.kind);
    }
    for (const f of read.body.files ?? []) items.push(itemOf(f));
    pageToken = read.body.nextPageToken;
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
 * not say (still refused for rate, or failing, after the read's tries).
 */
export function itemInFolder(id: string, folderId: string): ListedItem | null | undefined {
  const read = readFileMeta(id, 'id,name,mimeType,size,md5Checksum,description,parents,trashed');
  if (read.kind === 'notFound') return null;
  const meta = read.body;
  if (read.kind !== 'ok' || !meta) return undefined;
  return meta.trashed || !meta.parents?.includes(folderId) ? null : itemOf(meta);
}

export function isFolder(item: { mimeType: string }): boolean {
  return item.mimeType === FOLDER_MIME;
}
