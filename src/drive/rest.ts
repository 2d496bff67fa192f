import type { FolderEntry, SourceFile } from './copier';

/**
 * A small Drive v3 REST client over UrlFetchApp, for what DriveApp cannot tell (a folder's
 * capabilities, without writing into it) and for parallel copies (the REST copier).
 */
const DRIVE_API = 'https://www.googleapis.com/drive/v3';

export interface RestAnswer<T> {
  status: number;
  body: T;
}

export interface DriveCapabilities {
  canAddChildren?: boolean;
  canEdit?: boolean;
  canListChildren?: boolean;
  canCopy?: boolean;
}

export interface DriveFileMeta {
  id: string;
  name: string;
  mimeType: string;
  parents?: string[];
  /** The shared drive the item is in; absent in My Drive. */
  driveId?: string;
  /** Not given for items in shared drives, which nobody owns. */
  ownedByMe?: boolean;
  owners?: Array<{ emailAddress?: string }>;
  trashed?: boolean;
  size?: string;
  md5Checksum?: string;
  description?: string;
  webViewLink?: string;
  capabilities?: DriveCapabilities;
  resourceKey?: string;
  /** A shortcut's target (developers.google.com/drive/api/guides/shortcuts). */
  shortcutDetails?: { targetId?: string; targetMimeType?: string; targetResourceKey?: string };
}

export function driveUrl(path: string, query: Record<string, string | number | boolean>): string {
  const params = Object.entries({ supportsAllDrives: true, ...query })
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${DRIVE_API}/${path}?${params}`;
}

/**
 * drives.list: one page of the user's shared drives. Unlike the files calls it takes no
 * supportsAllDrives (its reference, developers.google.com/drive/api/reference/rest/v3/drives/list,
 * has no such parameter).
 */
export function drivesListRequest(token: string, pageToken: string | null): FetchRequest {
  const page = pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : '';
  const fields = encodeURIComponent('nextPageToken,drives(id,name,capabilities(canAddChildren))');
  return {
    url: `${DRIVE_API}/drives?pageSize=100&fields=${fields}${page}`,
    method: 'get',
    headers: { Authorization: `Bearer ${token}` },
    muteHttpExceptions: true,
  };
}

/** Items of a listing page with the fields the copier asks for. */
export interface ListPage {
  nextPageToken?: string;
  files?: Array<{
    id: string;
    name: string;
    mimeType?: string;
    size?: string;
    md5Checksum?: string;
    description?: string;
  }>;
}

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
export const SHORTCUT_MIME = 'application/vnd.google-apps.shortcut';

/**
 * What an answer means for the request that got it. Told by the HTTP status and, for a 403, by
 * Drive's error reason code (a fixed identifier, unlike the message, which is localised):
 * - `ok`: done;
 * - `refusedForRate`: Drive refused it for going too fast (403 userRateLimitExceeded /
 *   rateLimitExceeded, 429); nothing happened, try again after backing off;
 * - `unknown`: 5xx, or no answer at all; a write may have happened anyway, so look before retrying;
 * - `notFound`: 404, the file or folder is missing or not shared with the user (Drive says both
 *   the same way);
 * - `denied`: any other 4xx except 401: Drive will keep refusing this request;
 * - `unauthorised`: 401, the script's token was not accepted;
 * - `exists`: 409, a create or copy carrying a generated id that a file already took: an earlier
 *   send of the same request landed ("subsequent retries return a 409 Conflict ... and they don't
 *   create duplicate files", Drive's create-file guide);
 * - `idRefused`: 400 about the body's `id` (its error's location is `file.id`): the id was not
 *   generated for this user, or the file's type takes none; nothing was made with it;
 * - `full`: 403 with a reason saying the destination cannot hold more (`driveFullCause`): the
 *   user's storage is used up, or the folder or shared drive holds as many items as Drive allows.
 *   Nothing was made, and waiting will not change it: final for the task, never retried.
 */
export type AnswerKind =
  | 'ok'
  | 'refusedForRate'
  | 'unknown'
  | 'notFound'
  | 'denied'
  | 'unauthorised'
  | 'exists'
  | 'idRefused'
  | 'full';

const RATE_REASONS = new Set(['userRateLimitExceeded', 'rateLimitExceeded']);

export function kindOf(answer: RestAnswer<unknown> | null): AnswerKind {
  if (!answer) return 'unknown';
  const { status } = answer;
  if (status >= 200 && status < 300) return 'ok';
  if (status === 429) return 'refusedForRate';
  if (status >= 500) return 'unknown';
  if (status === 401) return 'unauthorised';
  if (status === 404) return 'notFound';
  if (status === 409) return 'exists';
  if (status === 400 && errorOf(answer.body)?.location === 'file.id') return 'idRefused';
  if (status === 403 && RATE_REASONS.has(errorReason(answer.body))) return 'refusedForRate';
  if (driveFullCause(answer)) return 'full';
  return 'denied';
}

/**
 * Items directly in one folder (files, folders, shortcuts): "There's a 500,000 item limit for
 * folders, files, and shortcuts directly in a folder"; past it Drive answers 403
 * `numChildrenInNonRootLimitExceeded` (Drive API guide "Resolve errors", developers.google.com/
 * workspace/drive/api/guides/handle-errors).
 */
export const FOLDER_ITEM_LIMIT = 500_000;

/**
 * Drive's reason codes for a destination that cannot take a new item, with the cause in words
 * for ops staff. From the Drive API guide "Resolve errors" (developers.google.com/workspace/
 * drive/api/guides/handle-errors): `storageQuotaExceeded` (the user's storage quota is used up),
 * `numChildrenInNonRootLimitExceeded` (FOLDER_ITEM_LIMIT items directly in a folder),
 * `teamDriveFileLimitExceeded` (the shared drive's item limit). Google's 750 GB a day of uploads
 * and copies has no reason of its own (it is answered as `userRateLimitExceeded`): it is planned
 * for up front (selection/volume-plan.ts), not told from an answer.
 */
const FULL_CAUSES: Record<string, string> = {
  storageQuotaExceeded:
    'the Google Drive storage of the person running the export is full (copies count against their storage). Free some space or get more storage, then retry',
  numChildrenInNonRootLimitExceeded: `the folder it goes into already holds as many items as Google Drive allows directly in one folder (${FOLDER_ITEM_LIMIT.toLocaleString('en-US')} files, folders and shortcuts; items in its sub-folders do not count). Choose another folder, or move some of its items into sub-folders, then retry`,
  teamDriveFileLimitExceeded:
    'the shared drive of the destination holds as many items as Google Drive allows. Choose a folder in another drive, then retry',
};

/** The cause, in plain words, of a copy refused because the user's storage is full. */
export const STORAGE_FULL_CAUSE = FULL_CAUSES.storageQuotaExceeded;

/** The cause, in plain words, of a refusal because the destination is full; undefined otherwise. */
export function driveFullCause(answer: RestAnswer<unknown> | null): string | undefined {
  if (answer?.status !== 403) return undefined;
  const reason = errorReason(answer.body);
  return Object.prototype.hasOwnProperty.call(FULL_CAUSES, reason)
    ? FULL_CAUSES[reason]
    : undefined;
}

/** The first error of Google's error body, whose reason and location are fixed identifiers. */
function errorOf(body: unknown): { reason?: unknown; location?: unknown } | undefined {
  const errors = (body as { error?: { errors?: unknown } } | null)?.error?.errors;
  return Array.isArray(errors)
    ? (errors[0] as { reason?: unknown; location?: unknown })
    : undefined;
}

function errorReason(body: unknown): string {
  const reason = errorOf(body)?.reason;
  return typeof reason === 'string' ? reason : '';
}

type FetchRequest = GoogleAppsScript.URL_Fetch.URLFetchRequest;

/** Drive quotes ids and names in queries with single quotes; backslash escapes both. */
function quoted(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * files.get of a source file, with the fields the copier needs (whether the user may copy it, and
 * a shortcut's target), and its resource key when its link carries one.
 */
export function getRequest(token: string, id: string, resourceKey?: string): FetchRequest {
  return filesGet(
    token,
    id,
    'id,name,mimeType,size,trashed,capabilities(canCopy),shortcutDetails',
    resourceKey,
  );
}

/** files.get of one item with the fields asked for, as a request for fetchAll. */
export function filesGet(
  token: string,
  id: string,
  fields: string,
  resourceKey?: string,
): FetchRequest {
  return {
    url: driveUrl(`files/${encodeURIComponent(id)}`, { fields }),
    method: 'get',
    headers: { Authorization: `Bearer ${token}`, ...resourceKeyHeader(id, resourceKey) },
    muteHttpExceptions: true,
  };
}

/**
 * The header that carries a file's resource key: "The resource keys for any files referenced in a
 * request to the Drive API are set on the X-Goog-Drive-Resource-Keys HTTP header", as `id/key`
 * (developers.google.com/drive/api/guides/resource-keys). Nothing without a key.
 */
function resourceKeyHeader(id: string, resourceKey: string | undefined): Record<string, string> {
  return resourceKey ? { 'X-Goog-Drive-Resource-Keys': `${id}/${resourceKey}` } : {};
}

const FILE_FIELDS = 'nextPageToken,files(id,name,mimeType,size,md5Checksum,description)';

/** One page of a folder's files or sub-folders (not trashed), listed by parent. */
export function listRequest(
  token: string,
  folderId: string,
  what: 'files' | 'folders',
  pageToken?: string,
): FetchRequest {
  const type = what === 'folders' ? `mimeType = '${FOLDER_MIME}'` : `mimeType != '${FOLDER_MIME}'`;
  const query: Record<string, string | number | boolean> = {
    q: `${quoted(folderId)} in parents and trashed = false and ${type}`,
    // A file's description tells whoever counts a client folder that one needs clearing.
    fields: what === 'folders' ? 'nextPageToken,files(id,name)' : FILE_FIELDS,
    pageSize: 1000,
    includeItemsFromAllDrives: true,
  };
  if (pageToken) query.pageToken = pageToken;
  return {
    url: driveUrl('files', query),
    method: 'get',
    headers: { Authorization: `Bearer ${token}` },
    muteHttpExceptions: true,
  };
}

/**
 * files.copy of a source into a folder under a planned name; with a description, the copy gets it
 * instead of its source's.
 */
export function copyRequest(
  token: string,
  sourceId: string,
  name: string,
  folderId: string,
  description?: string,
  id?: string,
  resourceKey?: string,
): FetchRequest {
  const metadata = {
    ...(description === undefined ? {} : { description }),
    ...(id === undefined ? {} : { id }),
  };
  return {
    // The size, for the add-on's count of the day's bytes copied (drive/daily-usage.ts).
    url: driveUrl(`files/${encodeURIComponent(sourceId)}/copy`, { fields: 'id,name,size' }),
    method: 'post',
    contentType: 'application/json',
    payload: JSON.stringify({ name, parents: [folderId], ...metadata }),
    headers: { Authorization: `Bearer ${token}`, ...resourceKeyHeader(sourceId, resourceKey) },
    muteHttpExceptions: true,
  };
}

/**
 * Whether a copy's refusal is Drive's "this file cannot be copied by the user" (403, reason
 * `cannotCopyFile`): its owner turned off copying for viewers and commenters. Told by the status
 * and the reason code, never by the message, which is localised.
 */
export function copyForbiddenByOwner(answer: RestAnswer<unknown> | null): boolean {
  return answer?.status === 403 && errorReason(answer.body) === 'cannotCopyFile';
}

/** files.create of a folder (metadata only), taking the generated `id` when given one. */
export function createFolderRequest(
  token: string,
  parentId: string,
  name: string,
  id?: string,
): FetchRequest {
  const metadata = { name, mimeType: FOLDER_MIME, parents: [parentId] };
  return {
    url: driveUrl('files', { fields: 'id,name' }),
    method: 'post',
    contentType: 'application/json',
    payload: JSON.stringify(id === undefined ? metadata : { id, ...metadata }),
    headers: { Authorization: `Bearer ${token}` },
    muteHttpExceptions: true,
  };
}

/**
 * files.generateIds: ids a later files.create or files.copy of this user may take (at most 1,000
 * a call), so that sending it again can never make a second file.
 */
export function generateIdsRequest(token: string, count: number): FetchRequest {
  return {
    url: driveUrl('files/generateIds', { count, space: 'drive', type: 'files' }),
    method: 'get',
    headers: { Authorization: `Bearer ${token}` },
    muteHttpExceptions: true,
  };
}

/** files.get of a copy by its id, to tell whether it is in its folder (not by listing). */
export function placedRequest(token: string, id: string): FetchRequest {
  return filesGet(token, id, 'id,name,mimeType,size,md5Checksum,description,parents,trashed');
}

/** Google's own file types (Docs, Sheets...): Drive takes no generated id for their copies. */
export function isNative(mimeType: string): boolean {
  return mimeType.startsWith('application/vnd.google-apps.') && mimeType !== FOLDER_MIME;
}

/** A source file as the copier describes it, from files.get's answer. */
export function sourceFileOf(meta: DriveFileMeta, resourceKey?: string): SourceFile {
  const file: SourceFile = {
    id: meta.id,
    name: meta.name,
    mimeType: meta.mimeType,
    size: Number(meta.size ?? 0),
    trashed: meta.trashed === true,
  };
  if (resourceKey) file.resourceKey = resourceKey;
  if (meta.capabilities?.canCopy === false) file.canCopy = false;
  return file;
}

/** A shortcut's target, to look up in its turn (with its resource key, when it has one). */
export interface ShortcutLookup {
  shortcutName: string;
  targetId: string;
  targetResourceKey?: string;
}

/**
 * What files.get of a linked file says about the file to copy: the file itself; or, for a shortcut
 * (copied as its target), the target to look up next; or a shortcut to a folder, as that folder
 * (never copied); or a shortcut in the trash, as a file in the trash.
 */
export function linkedSource(
  meta: DriveFileMeta,
  resourceKey?: string,
): SourceFile | ShortcutLookup {
  const target = meta.shortcutDetails;
  if (meta.mimeType !== SHORTCUT_MIME || !target?.targetId) return sourceFileOf(meta, resourceKey);
  const shortcutName = meta.name;
  if (meta.trashed) return { ...sourceFileOf(meta), shortcutName };
  if (target.targetMimeType === FOLDER_MIME) {
    return {
      id: target.targetId,
      name: shortcutName,
      mimeType: FOLDER_MIME,
      size: 0,
      trashed: false,
      shortcutName,
    };
  }
  const lookup: ShortcutLookup = { shortcutName, targetId: target.targetId };
  if (target.targetResourceKey) lookup.targetResourceKey = target.targetResourceKey;
  return lookup;
}

/**
 * The source a shortcut leads to, from files.get of its target (null when the target cannot be
 * opened: the shortcut is broken, and says so with the shortcut type).
 */
export function shortcutTargetOf(lookup: ShortcutLookup, meta: DriveFileMeta | null): SourceFile {
  const { shortcutName } = lookup;
  if (!meta || meta.mimeType === SHORTCUT_MIME) {
    return {
      id: lookup.targetId,
      name: shortcutName,
      mimeType: SHORTCUT_MIME,
      size: 0,
      trashed: false,
      shortcutName,
    };
  }
  return { ...sourceFileOf(meta, lookup.targetResourceKey), shortcutName };
}

/** A listed item as the copier describes it. */
export function entryOf(f: NonNullable<ListPage['files']>[number]): FolderEntry {
  const entry: FolderEntry = { id: f.id, name: f.name, size: Number(f.size ?? 0) };
  if (f.description) entry.description = f.description;
  if (f.mimeType) entry.mimeType = f.mimeType;
  if (f.md5Checksum) entry.md5Checksum = f.md5Checksum;
  return entry;
}
