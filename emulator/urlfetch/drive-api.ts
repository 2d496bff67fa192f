/**
 * The Drive v3 REST endpoints the project calls, answered from the emulated Drive as
 * `https://www.googleapis.com/drive/v3/...` would answer them: files.get, files.list, files.create
 * (metadata only, e.g. a folder) and files.copy. Requests are authorised by their bearer token and
 * act as the token's user; writes pass that user's write ceiling.
 */
import { ServiceContext } from '../core/context';
import { EmulatorUsageError } from '../core/errors';
import { DriveItem, DriveStore, FOLDER_MIME, ListedState, ResourceKeys } from '../drive/store';
import type { CapacityRefusal } from '../drive/capacity';
import { Mask, select } from './fields';
import { DriveQuery, InvalidQuery, isNameSearch, nameContains, parseQuery } from './query';
import {
  DEFAULT_FILE_FIELDS,
  DEFAULT_LIST_FIELDS,
  FILE_LIST_SCHEMA,
  FILE_SCHEMA,
  fileResource,
} from './resource';
import { pageSizeOf, pageToken, readPageToken } from './paging';
import type { Schema } from './fields';
import { FetchRequest, fieldMask, requestMetadata } from './request';
import { HttpAnswer, errors, htmlNotFound, jsonAnswer } from './response';

export type { FetchRequest } from './request';

export type DriveOp =
  | 'drive.files.get'
  | 'drive.files.list'
  | 'drive.files.create'
  | 'drive.files.copy'
  | 'drive.files.generateIds'
  | 'drive.drives.list';

/**
 * files.generateIds: "If count is not set, 10 are returned by default. The maximum number of IDs
 * you can request is 1,000" (developers.google.com/drive/api/guides/create-file, "Generate IDs to
 * use with your files"; reference: developers.google.com/drive/api/reference/rest/v3/files/generateIds).
 */
export const GENERATE_IDS_DEFAULT = 10;
export const GENERATE_IDS_MAX = 1000;
/** Spaces and item types files.generateIds accepts (its reference's query parameters). */
const ID_SPACES = ['drive', 'appDataFolder'];
const ID_TYPES = ['files', 'shortcuts'];
const GOOGLE_APPS_PREFIX = 'application/vnd.google-apps.';
/** The Google Workspace types that take a generated id (the create-file guide). */
const GENERATED_ID_NATIVE_TYPES = [FOLDER_MIME, 'application/vnd.google-apps.drive-sdk'];

/** One routed request: which gate it passes and how to answer it. */
export interface Route {
  op: DriveOp | 'fetch' | 'drive.batch';
  kind: 'read' | 'write';
  /** The path under the API root, e.g. `files/abc/copy` (what fault rules match on). */
  path: string;
  /** Answers the request; `at` is when it reached Drive (for the write ceiling). */
  run(at: number): HttpAnswer;
}

export interface DriveApiOptions {
  /**
   * Drive documents that "partial or empty result pages are possible even before the end of the
   * files list has been reached": the share of list pages cut short (drawn from the seed).
   */
  partialPageRate?: number;
  /** Share of refused writes answered 429 rateLimitExceeded rather than 403. */
  rateLimit429Share?: number;
}

const API_ROOT = '/drive/v3/';
const DRIVE_LIST_SCHEMA: Schema = {
  kind: true,
  nextPageToken: true,
  drives: { kind: true, id: true, name: true, capabilities: { canAddChildren: true } },
};
/** Drive resources the emulator does not serve at all: a call to them is an emulator gap. */
const UNEMULATED_RESOURCES = ['about', 'changes', 'drives', 'channels', 'teamdrives', 'apps'];
/**
 * drives.list: "If unspecified, at most 10 shared drives will be returned. The maximum value is
 * 100" (developers.google.com/drive/api/reference/rest/v3/drives/list).
 */
const DRIVES_PAGE_DEFAULT = 10;
const DRIVES_PAGE_MAX = 100;
/** files.list's `corpora` (developers.google.com/drive/api/guides/enable-shareddrives). */
const CORPORA = ['user', 'domain', 'drive', 'allDrives'];
/** Sub-resources and actions of a file that Drive has and the emulator does not serve. */
const UNEMULATED_FILE_PARTS = [
  'permissions',
  'revisions',
  'comments',
  'export',
  'watch',
  'download',
];

interface Handler {
  op: DriveOp;
  kind: 'read' | 'write';
  handle: (user: string, at: number) => HttpAnswer;
}

export class DriveRestApi {
  private readonly partialPageRate: number;
  private readonly rateLimit429Share: number;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly store: DriveStore,
    private readonly userForToken: (token: string) => string | undefined,
    opts: DriveApiOptions = {},
  ) {
    this.partialPageRate = opts.partialPageRate ?? 0.1;
    this.rateLimit429Share = opts.rateLimit429Share ?? 0.25;
  }

  route(req: FetchRequest): Route {
    const pathname = req.url.pathname;
    if (pathname.startsWith('/upload/drive/')) unemulated(req);
    const parts = pathname.startsWith(API_ROOT) ? pathParts(pathname) : undefined;
    if (!parts) return notFoundRoute(pathname);
    const path = pathname.slice(API_ROOT.length);
    const handler = this.handlerFor(req, parts);
    if (handler) return this.authed(req, path, handler);
    if (isUnemulatedDriveCall(req.method, parts, req.url.searchParams)) unemulated(req);
    return notFoundRoute(pathname);
  }

  private handlerFor(req: FetchRequest, parts: string[]): Handler | undefined {
    const [resource, id, action] = parts;
    const m = req.method;
    const params = req.url.searchParams;
    if (resource === 'drives' && parts.length === 1 && m === 'GET') {
      return { op: 'drive.drives.list', kind: 'read', handle: (u) => this.drives(params, u) };
    }
    if (resource !== 'files') return undefined;
    if (parts.length === 2 && id === 'generateIds' && m === 'GET') {
      return {
        op: 'drive.files.generateIds',
        kind: 'read',
        handle: (u) => this.generateIds(params, u),
      };
    }
    if (parts.length === 1 && m === 'GET') {
      return { op: 'drive.files.list', kind: 'read', handle: (u) => this.list(params, u) };
    }
    if (parts.length === 1 && m === 'POST') {
      return {
        op: 'drive.files.create',
        kind: 'write',
        handle: (u, at) => this.create(req, u, at),
      };
    }
    if (parts.length === 2 && m === 'GET' && params.get('alt') !== 'media') {
      return {
        op: 'drive.files.get',
        kind: 'read',
        handle: (u) => this.get(id, params, u, resourceKeysOf(req)),
      };
    }
    if (parts.length === 3 && action === 'copy' && m === 'POST') {
      return {
        op: 'drive.files.copy',
        kind: 'write',
        handle: (u, at) => this.copy(id, req, u, at),
      };
    }
    return undefined;
  }

  /** A route whose answer starts with the bearer-token check (401 when it fails). */
  private authed(req: FetchRequest, path: string, handler: Handler): Route {
    return {
      op: handler.op,
      kind: handler.kind,
      path,
      run: (at) => {
        const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.headers['authorization'] ?? '');
        if (!auth) return errors.loginRequired();
        const user = this.userForToken(auth[1]);
        return user ? handler.handle(user, at) : errors.invalidCredentials();
      },
    };
  }

  /**
   * A file shared by link is answered to whoever presents its resource key (when it has one); to
   * anyone else, as for a missing file (DriveStore.canOpen).
   */
  private get(id: string, params: URLSearchParams, user: string, keys: ResourceKeys): HttpAnswer {
    const mask = fieldMask(params, DEFAULT_FILE_FIELDS, FILE_SCHEMA);
    if (mask instanceof HttpAnswer) return mask;
    const item = this.visible(id, user, allDrives(params), keys);
    if (!item) return errors.notFound(id);
    return this.fileAnswer(item, user, mask, keys);
  }

  private list(params: URLSearchParams, user: string): HttpAnswer {
    const mask = fieldMask(params, DEFAULT_LIST_FIELDS, FILE_LIST_SCHEMA);
    if (mask instanceof HttpAnswer) return mask;
    if (params.has('orderBy')) {
      throw new EmulatorUsageError('the emulated files.list does not support orderBy');
    }
    const pageSize = pageSizeOf(params.get('pageSize'));
    if (typeof pageSize !== 'number') return pageSize;
    const q = params.get('q') ?? '';
    let query: DriveQuery;
    try {
      query = parseQuery(q);
    } catch (e) {
      if (e instanceof InvalidQuery) return errors.invalidParameter('q');
      throw e;
    }
    const scope = listScope(params);
    if (scope instanceof HttpAnswer) return scope;
    const after = readPageToken(params.get('pageToken'), q);
    if (after === undefined) return errors.invalidParameter('pageToken');
    const matches = this.matches(query, user)
      .filter((i) => inScope(i, scope))
      .filter((i) => this.store.ordinal(i.id) > after);
    const page = matches.slice(0, this.pageLength(pageSize, matches.length));
    const last = page.length > 0 ? this.store.ordinal(page[page.length - 1].id) : after;
    const body = {
      kind: 'drive#fileList',
      incompleteSearch: false,
      nextPageToken: matches.length > page.length ? pageToken(q, last) : undefined,
      files: page.map((item) => fileResource(this.store, item, user)),
    };
    return jsonAnswer(200, select(body, mask.fields));
  }

  /** Ids reserved for the user, for a later create or copy to take through its body's `id`. */
  private generateIds(params: URLSearchParams, user: string): HttpAnswer {
    const raw = params.get('count');
    const count = raw === null ? GENERATE_IDS_DEFAULT : Number(raw);
    if (!Number.isInteger(count) || count < 1 || count > GENERATE_IDS_MAX) {
      return errors.invalidParameter('count', `Invalid value for count: ${raw}`);
    }
    const space = params.get('space') ?? 'drive';
    if (!ID_SPACES.includes(space)) return errors.invalidParameter('space');
    const type = params.get('type') ?? 'files';
    if (!ID_TYPES.includes(type)) return errors.invalidParameter('type');
    if (space !== 'drive' || type !== 'files') {
      throw new EmulatorUsageError(
        `the emulated files.generateIds serves space=drive&type=files only (asked ${space}, ${type})`,
      );
    }
    return jsonAnswer(200, {
      kind: 'drive#generatedIds',
      space,
      ids: this.store.reserveIds(user, count),
    });
  }

  /**
   * Whether a create or copy may take the body's generated `id` (undefined when it may):
   * 409 when a file already has it (a retry after a create that landed), 400 when it was not
   * generated for this user, or when the new file is a Google Workspace type other than a folder
   * (the create-file guide: "pre-generated IDs aren't supported for Google Workspace file
   * creation" except folders and drive-sdk files).
   */
  private idRefusal(
    id: string | undefined,
    mimeType: string,
    user: string,
  ): HttpAnswer | undefined {
    if (id === undefined) return undefined;
    if (this.store.get(id)) return errors.duplicateId();
    if (this.store.reservedFor(id) !== user) return errors.unusableId();
    if (mimeType.startsWith(GOOGLE_APPS_PREFIX) && !GENERATED_ID_NATIVE_TYPES.includes(mimeType)) {
      return errors.idNotSupported(mimeType);
    }
    return undefined;
  }

  private create(req: FetchRequest, user: string, at: number): HttpAnswer {
    const mask = fieldMask(req.url.searchParams, DEFAULT_FILE_FIELDS, FILE_SCHEMA);
    if (mask instanceof HttpAnswer) return mask;
    const meta = requestMetadata(req);
    if (meta instanceof HttpAnswer) return meta;
    const parent = this.destination(meta.parents?.[0] ?? 'root', user, req.url.searchParams);
    if (parent instanceof HttpAnswer) return parent;
    const mimeType = meta.mimeType ?? 'application/octet-stream';
    const idRefused = this.idRefusal(meta.id, mimeType, user);
    if (idRefused) return idRefused;
    if (!this.admit(user, at)) return this.refused();
    // Metadata only: no bytes, but an item in the folder.
    const full = this.store.refusal({ user, parentId: parent.id, bytes: 0, transfer: false });
    if (full) return capacityAnswer(full);
    const o = { name: meta.name ?? 'Untitled', parentId: parent.id, owner: user, id: meta.id };
    const item =
      mimeType === FOLDER_MIME
        ? this.store.createFolder({ ...o, description: meta.description })
        : this.store.createFile({ ...o, mimeType, description: meta.description });
    return this.fileAnswer(item, user, mask);
  }

  /**
   * Drive names an unnamed copy "Copy of <name>" and puts it beside the original if it may. The
   * source is reached as files.get reaches it (its resource key, for a file shared by link); a
   * viewer of a file whose copy is restricted is refused (`capabilities.canCopy` false).
   */
  private copy(id: string, req: FetchRequest, user: string, at: number): HttpAnswer {
    const mask = fieldMask(req.url.searchParams, DEFAULT_FILE_FIELDS, FILE_SCHEMA);
    if (mask instanceof HttpAnswer) return mask;
    const meta = requestMetadata(req);
    if (meta instanceof HttpAnswer) return meta;
    const keys = resourceKeysOf(req);
    const source = this.visible(id, user, allDrives(req.url.searchParams), keys);
    if (!source) return errors.notFound(id);
    if (source.mimeType === FOLDER_MIME) return errors.cannotCopy();
    if (!this.store.canCopy(source.id, user, keys)) return errors.copyRestricted();
    const beside =
      source.parentId && this.store.canEdit(source.parentId, user) ? source.parentId : 'root';
    const parent = this.destination(meta.parents?.[0] ?? beside, user, req.url.searchParams);
    if (parent instanceof HttpAnswer) return parent;
    const idRefused = this.idRefusal(meta.id, source.mimeType, user);
    if (idRefused) return idRefused;
    if (!this.admit(user, at)) return this.refused();
    const bytes = source.size;
    const full = this.store.refusal({ user, parentId: parent.id, bytes, transfer: true });
    if (full) return capacityAnswer(full);
    this.store.transferred(user, bytes);
    const copy = this.store.copy(source.id, {
      name: meta.name ?? `Copy of ${source.name}`,
      parentId: parent.id,
      owner: user,
      id: meta.id,
    });
    if (meta.description !== undefined)
      this.store.update(copy.id, { description: meta.description });
    return this.fileAnswer(copy, user, mask);
  }

  /**
   * Items the query selects, in creation order; Drive-wide name searches lag new items
   * (`searchLagMs`), and every listing sees items late by `listingLagMs` (`DriveStore.listed`).
   */
  private matches(query: DriveQuery, user: string): DriveItem[] {
    const now = this.ctx.clock.now();
    const parentClause = query.clauses.find((c) => c.field === 'parents');
    const pool = parentClause
      ? this.store.listedChildren(this.alias(parentClause.parentId, user), now, {
          includeTrashed: true,
        })
      : this.store.all();
    const lagging = isNameSearch(query);
    return pool.filter((item) => {
      const seen = this.store.listed(item, now);
      return (
        !!seen &&
        seen.parentId !== null &&
        this.store.canView(item.id, user) &&
        query.clauses.every((c) => this.clauseHolds(c, item, seen, user)) &&
        (!lagging || this.store.searchable(item, now))
      );
    });
  }

  private clauseHolds(
    c: DriveQuery['clauses'][number],
    item: DriveItem,
    seen: ListedState,
    user: string,
  ): boolean {
    switch (c.field) {
      case 'parents':
        return seen.parentId === this.alias(c.parentId, user);
      case 'trashed':
        return (seen.trashed === c.value) === (c.op === '=');
      case 'sharedWithMe':
        return this.store.sharedWith(item, user) === c.value;
      case 'name':
      case 'mimeType': {
        const value = item[c.field];
        if (c.op === '=') return value === c.value;
        if (c.op === '!=') return value !== c.value;
        return c.field === 'name' ? nameContains(value, c.value) : value.includes(c.value);
      }
    }
  }

  /** A folder the user may add to, or the answer Drive gives when they may not. */
  private destination(id: string, user: string, params: URLSearchParams): DriveItem | HttpAnswer {
    const parent = this.visible(id, user, allDrives(params));
    if (!parent) return errors.notFound(id, 'parents');
    if (parent.mimeType !== FOLDER_MIME) {
      return errors.badRequest(`The specified parent ${id} is not a folder.`);
    }
    if (!this.store.canEdit(parent.id, user)) return errors.insufficientPermissions(parent.id);
    return parent;
  }

  /**
   * The item if the user can open it: by access, or by its link with `keys` (files.get, copy).
   * An item in a shared drive only for a request that says it supports them (`allDrives`):
   * "include the supportsAllDrives=true query parameter in your requests" (Implement shared
   * drive support, developers.google.com/drive/api/guides/enable-shareddrives); Drive answers
   * the others as for a file it cannot find.
   */
  private visible(
    id: string,
    user: string,
    allDrives: boolean,
    keys?: ResourceKeys,
  ): DriveItem | undefined {
    const item = this.store.get(this.alias(id, user));
    if (!item || (item.driveId !== undefined && !allDrives)) return undefined;
    return this.store.canOpen(item.id, user, keys) ? item : undefined;
  }

  /**
   * drives.list: "Lists the user's shared drives" (developers.google.com/drive/api/reference/rest/
   * v3/drives/list), in creation order; `q` and `useDomainAdminAccess` are not emulated.
   */
  private drives(params: URLSearchParams, user: string): HttpAnswer {
    if (params.has('q') || params.has('useDomainAdminAccess')) {
      throw new EmulatorUsageError('the emulated drives.list supports pageSize and pageToken only');
    }
    const raw = params.get('pageSize');
    const size = raw === null ? DRIVES_PAGE_DEFAULT : Number(raw);
    if (!Number.isInteger(size) || size < 1 || size > DRIVES_PAGE_MAX) {
      return errors.invalidParameter('pageSize');
    }
    const after = readPageToken(params.get('pageToken'), 'drives');
    if (after === undefined) return errors.invalidParameter('pageToken');
    const all = this.store.sharedDrivesOf(user).filter((d) => this.store.ordinal(d.id) > after);
    const page = all.slice(0, size);
    const last = page.length > 0 ? this.store.ordinal(page[page.length - 1].id) : after;
    const body = {
      kind: 'drive#driveList',
      nextPageToken: all.length > page.length ? pageToken('drives', last) : undefined,
      drives: page.map((d) => ({
        kind: 'drive#drive',
        id: d.id,
        name: d.name,
        capabilities: { canAddChildren: this.store.canEdit(d.id, user) },
      })),
    };
    const mask = fieldMask(params, 'kind,nextPageToken,drives(kind,id,name)', DRIVE_LIST_SCHEMA);
    if (mask instanceof HttpAnswer) return mask;
    return jsonAnswer(200, select(body, mask.fields));
  }

  /** Drive accepts `root` for the user's My Drive folder. */
  private alias(id: string, user: string): string {
    return id === 'root' ? this.store.rootId(user) : id;
  }

  private admit(user: string, at: number): boolean {
    return this.ctx.ceiling.admit(user, at);
  }

  private refused(): HttpAnswer {
    return this.ctx.random.next() < this.rateLimit429Share
      ? errors.rateLimit()
      : errors.userRateLimit();
  }

  private pageLength(pageSize: number, available: number): number {
    const full = Math.min(pageSize, available);
    if (available <= 1 || this.partialPageRate <= 0) return full;
    if (this.ctx.random.next() >= this.partialPageRate) return full;
    return this.ctx.random.int(full);
  }

  private fileAnswer(
    item: DriveItem,
    user: string,
    mask: { fields: Mask },
    keys?: ResourceKeys,
  ): HttpAnswer {
    return jsonAnswer(200, select(fileResource(this.store, item, user, keys), mask.fields));
  }
}

/**
 * The resource keys a request presents: "The resource keys for any files referenced in a request
 * to the Drive API are set on the X-Goog-Drive-Resource-Keys HTTP header", file id and key joined
 * by "/", pairs by "," (developers.google.com/drive/api/guides/resource-keys, "Set the resource
 * key in a request"). Google documents no answer to a malformed header: the emulator refuses it
 * loudly rather than guess one.
 */
function resourceKeysOf(req: FetchRequest): ResourceKeys {
  const header = req.headers['x-goog-drive-resource-keys'];
  const keys = new Map<string, string>();
  if (header === undefined) return keys;
  for (const pair of header.split(',')) {
    const match = /^\s*([^/\s]+)\/([^/\s]+)\s*$/.exec(pair);
    if (!match) {
      throw new EmulatorUsageError(
        `X-Goog-Drive-Resource-Keys "${header}" is not a list of fileId/resourceKey pairs`,
      );
    }
    keys.set(match[1], match[2]);
  }
  return keys;
}

/**
 * Drive's answer to a new item it will not take (drive/capacity.ts): 403 storageQuotaExceeded or
 * numChildrenInNonRootLimitExceeded; the day's 750 GB used up is answered as users report it, the
 * same 403 userRateLimitExceeded as a rate limit (Google documents no reason of its own for it).
 */
function capacityAnswer(refusal: CapacityRefusal): HttpAnswer {
  if (refusal === 'storageQuotaExceeded') return errors.storageQuotaExceeded();
  if (refusal === 'numChildrenInNonRootLimitExceeded') return errors.folderItemLimit();
  return errors.userRateLimit();
}

/** The decoded path segments under the API root, or undefined when they cannot be decoded. */
function pathParts(pathname: string): string[] | undefined {
  try {
    return pathname
      .slice(API_ROOT.length)
      .split('/')
      .map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

function notFoundRoute(pathname: string): Route {
  return { op: 'fetch', kind: 'read', path: pathname, run: () => htmlNotFound(pathname) };
}

/**
 * Real Drive v3 calls the emulator does not answer (so a script relying on one fails loudly
 * instead of getting a 404 Drive would not give); anything else is a path Drive does not have.
 */
function isUnemulatedDriveCall(method: string, parts: string[], params: URLSearchParams): boolean {
  if (UNEMULATED_RESOURCES.includes(parts[0])) return true;
  if (parts[0] !== 'files' || parts.length < 2) return false;
  if (parts.length === 2) {
    if (parts[1] === 'generateIds' || parts[1] === 'trash') return true;
    return (
      method === 'PATCH' ||
      method === 'DELETE' ||
      (method === 'GET' && params.get('alt') === 'media')
    );
  }
  return UNEMULATED_FILE_PARTS.includes(parts[2]) || parts[2].endsWith('Labels');
}

function unemulated(req: FetchRequest): never {
  throw new EmulatorUsageError(
    `${req.method} ${req.url.pathname} is a Drive API call the emulator does not serve`,
  );
}

/** Whether the request says it handles shared drives (Implement shared drive support). */
function allDrives(params: URLSearchParams): boolean {
  return params.get('supportsAllDrives') === 'true';
}

/** Which items a files.list may return: none from shared drives, all, or one shared drive's. */
type ListScope = { drives: 'none' } | { drives: 'all' } | { drives: 'one'; driveId: string };

/**
 * files.list's shared drive parameters (Implement shared drive support, developers.google.com/
 * drive/api/guides/enable-shareddrives): `includeItemsFromAllDrives` "Whether shared drive items
 * should be included in results. If not present or set to false, then shared drive items are
 * not returned", with `supportsAllDrives`; `corpora` "user" (the default), "drive" (with
 * `driveId`, the one drive) or "allDrives"; "domain" is not emulated. A `driveId` without
 * `corpora=drive`, or `corpora=drive` without `driveId` or without shared drive items, is a 400.
 */
function listScope(params: URLSearchParams): ListScope | HttpAnswer {
  const corpora = params.get('corpora') ?? 'user';
  if (!CORPORA.includes(corpora)) return errors.invalidParameter('corpora');
  if (corpora === 'domain') {
    throw new EmulatorUsageError('the emulated files.list does not support corpora=domain');
  }
  const driveId = params.get('driveId');
  const include = params.get('includeItemsFromAllDrives') === 'true' && allDrives(params);
  if ((driveId !== null) !== (corpora === 'drive')) return errors.invalidParameter('driveId');
  if (corpora !== 'user' && !include) return errors.invalidParameter('includeItemsFromAllDrives');
  if (driveId !== null) return { drives: 'one', driveId };
  return { drives: include ? 'all' : 'none' };
}

function inScope(item: DriveItem, scope: ListScope): boolean {
  if (scope.drives === 'one') return item.driveId === scope.driveId;
  return scope.drives === 'all' || item.driveId === undefined;
}
