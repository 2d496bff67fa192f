/**
 * The emulated Drive: every user's My Drive tree, sharing and trash. Pure state with no gate:
 * DriveApp and the Drive REST emulation gate each script call and check access here; tests and the
 * playground use this class directly to seed and inspect Drive.
 */
import { createHash } from 'node:crypto';
import { ServiceContext } from '../core/context';
import { EmulatorUsageError } from '../core/errors';
import { newDriveId } from './ids';
import { CapacityRefusal, DriveCapacity } from './capacity';

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
export const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';
/** Drive's shortcut type (developers.google.com/drive/api/guides/shortcuts). */
export const SHORTCUT_MIME = 'application/vnd.google-apps.shortcut';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The owner of items in shared drives: none. "Files within a shared drive are owned by the shared
 * drive, not individual users" (developers.google.com/drive/api/guides/about-shareddrives), and
 * the File resource's `owners` "isn't populated for items in shared drives".
 */
export const NO_OWNER = '';

/** Shared drive roles the emulator models: organizers and writers edit, readers view. */
export type DriveMemberRole = 'organizer' | 'writer' | 'reader';

/** Name searches lag writes (DESIGN.md: listing by parent is consistent, name search is not). */
export const DEFAULT_SEARCH_LAG_MS = 10_000;

export interface DriveItem {
  id: string;
  name: string;
  mimeType: string;
  /** The one parent folder (Drive no longer allows several); null for a My Drive or shared drive root. */
  parentId: string | null;
  /** Its owner; NO_OWNER for items in a shared drive, which belong to the drive. */
  owner: string;
  /**
   * The shared drive the item is in (the drive's root itself included), absent in My Drive. The
   * drive's id is its root folder's, so its top folders' parent is the drive id ("driveId: ID of
   * the shared drive the file resides in. Only populated for items in shared drives.",
   * developers.google.com/drive/api/reference/rest/v3/files).
   */
  driveId?: string;
  editors: string[];
  viewers: string[];
  /** Trashed explicitly; `DriveStore.isTrashed` also counts a trashed ancestor. */
  trashed: boolean;
  size: number;
  description: string;
  createdAt: number;
  updatedAt: number;
  /**
   * Shared with "anyone with the link" as a viewer: whoever holds its link may open it, with its
   * resource key when it has one (see `canOpen`). Absent: shared with named people only.
   */
  linkShared?: boolean;
  /**
   * The key a person who reaches the item only through its link must present (files shared by
   * link before Drive's 2021 security update; developers.google.com/drive/api/guides/resource-keys).
   */
  resourceKey?: string;
  /**
   * Its owner turned off downloading, printing and copying for viewers and commenters (the File
   * resource's `copyRequiresWriterPermission`, developers.google.com/drive/api/reference/rest/v3/files).
   */
  copyRequiresWriterPermission?: boolean;
  /** A shortcut (SHORTCUT_MIME): what it points to. */
  shortcut?: ShortcutTarget;
  /**
   * Checksums of a binary file's content (see `hasContent`); none for folders and Google's own
   * types. The emulated Drive keeps no bytes: each file's are a fingerprint, its real content
   * when it was created with some, otherwise one of its own; a copy has its source's, and new
   * content (`updateContent`) new ones.
   */
  md5Checksum?: string;
  sha256Checksum?: string;
}

/** Content a file is created or updated with: text (as UTF-8) or bytes. */
export type FileContent = string | Uint8Array;

/**
 * Whether Drive keeps checksums of the item's content. Drive v3's File resource
 * (developers.google.com/drive/api/reference/rest/v3/files): `md5Checksum` is "only applicable to
 * files with binary content in Google Drive"; `sha1Checksum` and `sha256Checksum` are "only
 * populated for files with content stored in Google Drive; ... not populated for Docs Editors or
 * shortcut files". Folders, shortcuts and Docs, Sheets, Slides... all have an
 * `application/vnd.google-apps.` type. Their `size` differs: "Size in bytes of blobs and Google
 * Workspace editor files. Won't be populated for files that have no size, like shortcuts and
 * folders", so a Google Doc has one (which says nothing of a copy's).
 */
export function hasContent(mimeType: string): boolean {
  return !mimeType.startsWith('application/vnd.google-apps.');
}

function checksumsOf(content: FileContent): { md5Checksum: string; sha256Checksum: string } {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return {
    md5Checksum: createHash('md5').update(bytes).digest('hex'),
    sha256Checksum: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** The bytes of a file created without content, for its checksums: its own, whatever its name. */
function ownFingerprint(id: string): string {
  return `emulated content of ${id}`;
}

/**
 * What a shortcut points to: the target's id and the MIME type "copied to the targetMimeType field
 * when the shortcut is created" (developers.google.com/drive/api/guides/shortcuts).
 */
export interface ShortcutTarget {
  targetId: string;
  targetMimeType: string;
}

/** Resource keys a request presents: item id to key (the X-Goog-Drive-Resource-Keys header). */
export type ResourceKeys = ReadonlyMap<string, string>;

/** Where an item stood for listings from `at` on: its parent and its own trash flag. */
interface Placement {
  at: number;
  parentId: string | null;
  trashed: boolean;
}

/** How listings see an item: its parent, and whether it (or a folder above it) is trashed. */
export interface ListedState {
  parentId: string | null;
  trashed: boolean;
}

export interface DriveStoreOptions {
  /** How long a new item stays invisible to name searches; 0 makes them consistent. */
  searchLagMs?: number;
}

interface DriveStoreJSON {
  version: 1;
  searchLagMs: number;
  roots: Record<string, string>;
  items: DriveItem[];
  /** Ids handed out by files.generateIds and not used yet, with the user they belong to. */
  reserved?: Record<string, string>;
}

function byteLength(content: FileContent): number {
  return typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length;
}

/** Items are kept in creation order; callers treat returned items as read-only. */
export class DriveStore {
  private readonly items = new Map<string, DriveItem>();
  private readonly ordinals = new Map<string, number>();
  private readonly childIds = new Map<string, string[]>();
  private readonly roots = new Map<string, string>();
  /** Ids files.generateIds handed out and no item has taken yet: id to the user they belong to. */
  private readonly reserved = new Map<string, string>();
  /** Each item's placements while listings lag (listingLagMs > 0), oldest first. */
  private readonly placements = new Map<string, Placement[]>();
  searchLagMs: number;
  /**
   * How long a new, moved or trashed item takes to show up in (or leave) listings by parent and
   * name searches; 0 (the default) makes listings consistent. Google promises no consistency
   * for them: the files.list reference (developers.google.com/drive/api/reference/rest/v3/files/
   * list) says nothing of when a write is listed, and warns that "partial or empty result pages
   * are possible even before the end of the files list has been reached"; files.get
   * (developers.google.com/drive/api/reference/rest/v3/files/get) reads the item itself, so reads
   * by id stay immediate. The lag plays the bad case Google leaves open.
   */
  listingLagMs = 0;
  /** Storage quotas, items per folder and the day's transfer (capacity.ts); Google's figures. */
  capacity: DriveCapacity;
  /** Bytes each user's items take (trashed ones included), kept as items are added or changed. */
  private readonly usedBytes = new Map<string, number>();

  constructor(
    private readonly ctx: ServiceContext,
    opts: DriveStoreOptions = {},
  ) {
    this.searchLagMs = opts.searchLagMs ?? DEFAULT_SEARCH_LAG_MS;
    this.capacity = new DriveCapacity(ctx.quotas.tier);
  }

  /**
   * The bytes `user`'s items take in Drive: files they own, in the trash too ("files in trash
   * count", see capacity.ts); folders and shortcuts take none.
   */
  storageUsed(user: string): number {
    return this.usedBytes.get(user) ?? 0;
  }

  /**
   * Why Drive would refuse `user` a new item of `bytes` in `parentId` (undefined when it takes
   * it): their storage cannot hold it, the folder holds as many items as a folder may, or, for a
   * copy or upload (`transfer`), their day's bytes are used up. Nothing is counted here: a
   * caller that makes the item calls `transferred` for a copy or upload.
   */
  refusal(o: {
    user: string;
    parentId: string;
    bytes: number;
    transfer: boolean;
  }): CapacityRefusal | undefined {
    const cap = this.capacity;
    if (o.bytes > 0 && this.storageUsed(o.user) + o.bytes > cap.storageBytes) {
      return 'storageQuotaExceeded';
    }
    if (
      !this.isRoot(o.parentId) &&
      (this.childIds.get(o.parentId)?.length ?? 0) >= cap.folderItems
    ) {
      return 'numChildrenInNonRootLimitExceeded';
    }
    if (o.transfer && cap.transferSpent(o.user, this.ctx.clock.now())) return 'dailyTransfer';
    return undefined;
  }

  /** Counts a copy or upload of `bytes` by `user` against their day's transfer. */
  transferred(user: string, bytes: number): void {
    this.capacity.transfer(user, bytes, this.ctx.clock.now());
  }

  /** Each user's My Drive root, created on first use. */
  rootId(user: string): string {
    const known = this.roots.get(user);
    if (known) return known;
    const root = this.add({ name: 'My Drive', mimeType: FOLDER_MIME, parentId: null, owner: user });
    this.roots.set(user, root.id);
    return root.id;
  }

  /**
   * A shared drive and its members. Members' access reaches every item in it ("all members of a
   * shared drive have access to all content", developers.google.com/drive/api/guides/
   * about-shareddrives): they are kept as editors or viewers of the drive's root folder, whose
   * id is the drive's.
   */
  createSharedDrive(o: { name: string; members: Record<string, DriveMemberRole> }): DriveItem {
    const root = this.add({ name: o.name, mimeType: FOLDER_MIME, parentId: null, owner: NO_OWNER });
    root.driveId = root.id;
    for (const [user, role] of Object.entries(o.members)) {
      if (role === 'reader') root.viewers.push(user);
      else root.editors.push(user);
    }
    return root;
  }

  /** The shared drives `user` is a member of, in creation order. */
  sharedDrivesOf(user: string): DriveItem[] {
    return this.all().filter(
      (item) =>
        item.parentId === null &&
        item.driveId === item.id &&
        (item.editors.includes(user) || item.viewers.includes(user)),
    );
  }

  /**
   * Whether the item is in `user`'s "Shared with me": shared with them by name, owned by someone
   * else, and not in a shared drive (whose items reach members through the drive).
   */
  sharedWith(item: DriveItem, user: string): boolean {
    return (
      item.driveId === undefined &&
      item.owner !== user &&
      (item.editors.includes(user) || item.viewers.includes(user))
    );
  }

  isRoot(id: string): boolean {
    const item = this.items.get(id);
    return !!item && item.parentId === null;
  }

  /**
   * Drive v3 files.generateIds: fresh ids "generated for the requesting user", which a later
   * files.create or files.copy of that user may take (developers.google.com/drive/api/guides/
   * create-file, "Generate IDs to use with your files").
   */
  reserveIds(user: string, count: number): string[] {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = this.freshId();
      this.reserved.set(id, user);
      ids.push(id);
    }
    return ids;
  }

  /** The user an unused generated id belongs to, if it is one. */
  reservedFor(id: string): string | undefined {
    return this.reserved.get(id);
  }

  createFolder(o: {
    name: string;
    parentId: string;
    owner: string;
    description?: string;
    id?: string;
  }) {
    return this.add({ ...o, mimeType: FOLDER_MIME, parentId: this.folderId(o.parentId) });
  }

  /**
   * A file; with `content`, its checksums are that content's (and its size, unless given, the
   * content's length), otherwise its own.
   */
  createFile(o: {
    name: string;
    mimeType: string;
    parentId: string;
    owner: string;
    size?: number;
    description?: string;
    id?: string;
    content?: FileContent;
  }): DriveItem {
    const { content, ...rest } = o;
    const size = o.size ?? (content === undefined ? undefined : byteLength(content));
    const item = this.add({ ...rest, size, parentId: this.folderId(o.parentId) });
    if (hasContent(item.mimeType)) {
      Object.assign(item, checksumsOf(content ?? ownFingerprint(item.id)));
    }
    return item;
  }

  /**
   * New content for a binary file (someone uploaded a new version): `content` when given (its
   * size its length), otherwise different bytes of `size` (by default the same size). Its
   * checksums change; a copy made before keeps the old ones.
   */
  updateContent(id: string, o: { content?: FileContent; size?: number } = {}): DriveItem {
    const item = this.require(id);
    if (!hasContent(item.mimeType)) {
      throw new EmulatorUsageError(`${item.name} (${item.mimeType}) has no binary content`);
    }
    const content = o.content ?? `new content after ${item.md5Checksum ?? ownFingerprint(id)}`;
    this.usedBytes.set(item.owner, this.storageUsed(item.owner) - item.size);
    item.size = o.size ?? (o.content === undefined ? item.size : byteLength(o.content));
    Object.assign(item, checksumsOf(content));
    this.usedBytes.set(item.owner, this.storageUsed(item.owner) + item.size);
    this.touch(item);
    return item;
  }

  /**
   * A copy keeps the source's type, size, content and description; it belongs to `owner`. A copy of a
   * shortcut is a shortcut to the same target ("the shortcut file can be copied to the additional
   * locations", developers.google.com/drive/api/guides/shortcuts). The copy is a new file with
   * sharing of its own: the source's link sharing and resource key are not carried, nor is its
   * copy restriction, which Google documents nothing about for copies (a copy belongs to whoever
   * made it, who may copy it in any case).
   */
  copy(id: string, o: { name?: string; parentId: string; owner: string; id?: string }): DriveItem {
    const source = this.require(id);
    if (source.mimeType === FOLDER_MIME) {
      throw new EmulatorUsageError(`Drive cannot copy folders (${id})`);
    }
    const copy = this.add({
      name: o.name ?? source.name,
      mimeType: source.mimeType,
      parentId: this.folderId(o.parentId),
      owner: o.owner,
      size: source.size,
      description: source.description,
      id: o.id,
      md5Checksum: source.md5Checksum,
      sha256Checksum: source.sha256Checksum,
    });
    if (source.shortcut) copy.shortcut = { ...source.shortcut };
    return copy;
  }

  get(id: string): DriveItem | undefined {
    return this.items.get(id);
  }

  /** Every item in creation order (for searches across Drive). */
  all(): DriveItem[] {
    return [...this.items.values()];
  }

  /** Position in creation order: a stable cursor for iterators and page tokens. */
  ordinal(id: string): number {
    const n = this.ordinals.get(id);
    if (n === undefined) throw new EmulatorUsageError(`no Drive item with id ${id}`);
    return n;
  }

  children(parentId: string, o: { includeTrashed?: boolean } = {}): DriveItem[] {
    const ids = this.childIds.get(parentId) ?? [];
    const items = ids.map((id) => this.require(id));
    return o.includeTrashed ? items : items.filter((item) => !this.isTrashed(item.id));
  }

  /**
   * Owner, editor or viewer of the item or of any folder above it. Drive documents that only the
   * owner can trash an item and that others cannot see what is in the owner's trash, so a trashed
   * item (or one under a trashed folder) stays visible only to its owner and the trasher-owner.
   */
  canView(id: string, user: string): boolean {
    const item = this.items.get(id);
    if (!item) return false;
    const trashedAt = this.trashedAncestor(id);
    if (trashedAt && user !== item.owner && user !== trashedAt.owner) return false;
    return this.chain(id).some(
      (a) => a.owner === user || a.editors.includes(user) || a.viewers.includes(user),
    );
  }

  /** Owner or editor of the item or of any folder above it (and able to see it). */
  canEdit(id: string, user: string): boolean {
    if (!this.canView(id, user)) return false;
    return this.chain(id).some((a) => a.owner === user || a.editors.includes(user));
  }

  share(id: string, user: string, role: 'viewer' | 'editor'): void {
    const item = this.require(id);
    if (item.owner === user) return;
    if (role === 'editor') {
      if (!item.editors.includes(user)) item.editors.push(user);
      item.viewers = item.viewers.filter((v) => v !== user);
    } else if (!item.editors.includes(user) && !item.viewers.includes(user)) {
      item.viewers.push(user);
    }
    this.touch(item);
  }

  trash(id: string): void {
    const item = this.require(id);
    if (item.parentId === null) throw new EmulatorUsageError('a My Drive root cannot be trashed');
    this.placedBefore(item);
    item.trashed = true;
    this.touch(item);
    this.place(item);
  }

  untrash(id: string): void {
    const item = this.require(id);
    this.placedBefore(item);
    item.trashed = false;
    this.touch(item);
    this.place(item);
  }

  /** Trashed explicitly or under a trashed folder (Drive's `trashed` field counts both). */
  isTrashed(id: string): boolean {
    return this.trashedAncestor(id) !== undefined;
  }

  update(id: string, patch: { name?: string; description?: string }): DriveItem {
    const item = this.require(id);
    if (patch.name !== undefined) item.name = patch.name;
    if (patch.description !== undefined) item.description = patch.description;
    this.touch(item);
    return item;
  }

  /** Whether `id` is `folderId` itself or lies anywhere below it. */
  isWithin(id: string, folderId: string): boolean {
    return this.chain(id).some((a) => a.id === folderId);
  }

  move(id: string, parentId: string): void {
    const item = this.require(id);
    const target = this.folderId(parentId);
    if (item.parentId === null) throw new EmulatorUsageError('a My Drive root cannot be moved');
    if (this.isWithin(target, id)) {
      throw new EmulatorUsageError(`moving ${id} into ${target} would make a cycle`);
    }
    const driveId = this.items.get(target)?.driveId;
    if (item.driveId !== undefined && driveId !== item.driveId) {
      throw new EmulatorUsageError(`moving ${id} out of its shared drive is not emulated`);
    }
    this.placedBefore(item);
    this.unlink(item);
    item.parentId = target;
    this.link(item);
    if (driveId !== item.driveId) this.intoSharedDrive(item, driveId!);
    this.touch(item);
    this.place(item);
  }

  /**
   * An item moved from My Drive into a shared drive, with everything under it, belongs to the
   * drive from then on: "the shared drive becomes the owner" (Google Drive Help, "Move files and
   * folders into shared drives"), so it no longer takes its former owner's storage.
   */
  private intoSharedDrive(item: DriveItem, driveId: string): void {
    for (const moved of [item, ...this.below(item.id)]) {
      this.usedBytes.set(moved.owner, this.storageUsed(moved.owner) - (moved.size || 0));
      moved.owner = NO_OWNER;
      moved.driveId = driveId;
    }
  }

  private below(id: string): DriveItem[] {
    return (this.childIds.get(id) ?? []).flatMap((c) => [this.items.get(c)!, ...this.below(c)]);
  }

  /** "My Drive/Staging/Export_..." for messages and the playground. */
  pathOf(id: string): string {
    return this.chain(id)
      .reverse()
      .map((a) => a.name)
      .join('/');
  }

  /**
   * How a listing made at `now` sees the item: where it stood `listingLagMs` ago; undefined when
   * it did not exist yet. The trash of a folder above counts as it is now.
   */
  listed(item: DriveItem, now: number): ListedState | undefined {
    const history = this.listingLagMs > 0 ? this.placements.get(item.id) : undefined;
    let parentId = item.parentId;
    let trashed = item.trashed;
    if (history) {
      const seenAt = now - this.listingLagMs;
      let found: Placement | undefined;
      for (const p of history) if (p.at <= seenAt) found = p;
      if (!found) return undefined;
      ({ parentId, trashed } = found);
    }
    return { parentId, trashed: trashed || (parentId !== null && this.isTrashed(parentId)) };
  }

  /**
   * The children of `parentId` as a listing made at `now` sees them (listing by parent), in
   * creation order: the same as `children` while listings do not lag.
   */
  listedChildren(parentId: string, now: number, o: { includeTrashed?: boolean } = {}) {
    if (this.listingLagMs <= 0) return this.children(parentId, o);
    return this.all().filter((item) => {
      const seen = this.listed(item, now);
      return !!seen && seen.parentId === parentId && (o.includeTrashed || !seen.trashed);
    });
  }

  /** Whether a name search made at `now` sees the item yet. */
  searchable(item: DriveItem, now: number): boolean {
    return now - item.createdAt >= this.searchLagMs;
  }

  /**
   * A shortcut to `targetId` in `parentId`. "When a shortcut is created, the title of the target is
   * used as the title of the shortcut", and the target's MIME type is copied to `targetMimeType`;
   * the shortcut's own access is its parent's ("The ACL for a shortcut inherits the ACL of the
   * parent"; developers.google.com/drive/api/guides/shortcuts). Drive answers a shortcut to a
   * shortcut with an error it does not document; the emulator does not make one.
   */
  createShortcut(o: {
    targetId: string;
    parentId: string;
    owner: string;
    name?: string;
    id?: string;
  }): DriveItem {
    const target = this.require(o.targetId);
    if (target.shortcut) {
      throw new EmulatorUsageError(`a shortcut to a shortcut (${o.targetId}) is not emulated`);
    }
    const item = this.add({
      name: o.name ?? target.name,
      mimeType: SHORTCUT_MIME,
      parentId: this.folderId(o.parentId),
      owner: o.owner,
      id: o.id,
    });
    item.shortcut = { targetId: target.id, targetMimeType: target.mimeType };
    return item;
  }

  /**
   * The resource key of a shortcut's target, which Drive returns on the shortcut as
   * `shortcutDetails.targetResourceKey` (developers.google.com/drive/api/guides/resource-keys).
   */
  targetResourceKey(item: DriveItem): string | undefined {
    return item.shortcut ? this.items.get(item.shortcut.targetId)?.resourceKey : undefined;
  }

  /**
   * Shares a file with "anyone with the link" as a viewer; `withResourceKey` gives it a resource
   * key (as Drive gave every file shared by link before its 2021 security update), returned. Link
   * sharing of folders (which reaches what is inside them) and as editor are not emulated.
   */
  shareByLink(id: string, o: { withResourceKey?: boolean } = {}): string | undefined {
    const item = this.require(id);
    if (item.mimeType === FOLDER_MIME || item.shortcut) {
      throw new EmulatorUsageError(
        `link sharing of a folder or a shortcut is not emulated (${id})`,
      );
    }
    item.linkShared = true;
    if (o.withResourceKey && item.resourceKey === undefined) item.resourceKey = this.freshKey();
    this.touch(item);
    return item.resourceKey;
  }

  /**
   * Turns the owner's "viewers and commenters can't download, print or copy" on or off
   * (`copyRequiresWriterPermission`: "Whether the options to copy, print, or download this file,
   * should be disabled for readers and commenters", developers.google.com/drive/api/reference/
   * rest/v3/files).
   */
  restrictCopying(id: string, on = true): void {
    const item = this.require(id);
    if (item.mimeType === FOLDER_MIME) {
      throw new EmulatorUsageError(`the copy restriction of a folder is not emulated (${id})`);
    }
    if (on) item.copyRequiresWriterPermission = true;
    else delete item.copyRequiresWriterPermission;
    this.touch(item);
  }

  /**
   * Whether `user` can open the item by its id: they can see it (`canView`), or it is shared by
   * link, not in the trash, and the request presents its resource key when it has one. "Users who
   * haven't viewed the file before must provide the resource key to gain access. Those who have
   * recently viewed the file, or have direct access, don't need the resource key"
   * (developers.google.com/drive/api/guides/resource-keys). Having viewed it recently is not
   * emulated: a link-only visitor always needs the key. Listings never show what a user reaches
   * only by link: such a file "can only be discovered by users that can access the file as a
   * result of a type=user or type=group permissions resource" (the same guide).
   */
  canOpen(id: string, user: string, keys?: ResourceKeys): boolean {
    if (this.canView(id, user)) return true;
    const item = this.items.get(id);
    if (!item?.linkShared || this.isTrashed(id)) return false;
    return item.resourceKey === undefined || keys?.get(id) === item.resourceKey;
  }

  /** What `user` is to the item when they open it (by access or by its link), or undefined. */
  roleOf(id: string, user: string, keys?: ResourceKeys): 'owner' | 'editor' | 'viewer' | undefined {
    if (!this.canOpen(id, user, keys)) return undefined;
    if (this.items.get(id)!.owner === user) return 'owner';
    return this.canEdit(id, user) ? 'editor' : 'viewer';
  }

  /**
   * The File resource's `capabilities.canCopy` ("Whether the current user can copy this file"):
   * folders never; a file whose copy is restricted only by its owner and editors.
   */
  canCopy(id: string, user: string, keys?: ResourceKeys): boolean {
    const item = this.items.get(id);
    const role = this.roleOf(id, user, keys);
    if (!item || !role || item.mimeType === FOLDER_MIME) return false;
    return !item.copyRequiresWriterPermission || role !== 'viewer';
  }

  toJSON(): DriveStoreJSON {
    return {
      version: 1,
      searchLagMs: this.searchLagMs,
      roots: Object.fromEntries(this.roots),
      ...(this.reserved.size ? { reserved: Object.fromEntries(this.reserved) } : {}),
      items: this.all().map((item) => ({
        ...item,
        editors: [...item.editors],
        viewers: [...item.viewers],
        ...(item.shortcut ? { shortcut: { ...item.shortcut } } : {}),
      })),
    };
  }

  static fromJSON(ctx: ServiceContext, json: unknown): DriveStore {
    const data = json as Partial<DriveStoreJSON> | null;
    if (!data || data.version !== 1 || !Array.isArray(data.items)) {
      throw new EmulatorUsageError('not a saved Drive (expected { version: 1, items: [...] })');
    }
    const store = new DriveStore(ctx, { searchLagMs: data.searchLagMs });
    for (const item of data.items) {
      // Saved before files had checksums: they get their own.
      const sums =
        hasContent(item.mimeType) && !item.md5Checksum ? checksumsOf(ownFingerprint(item.id)) : {};
      store.insert({ ...item, ...sums });
    }
    for (const [user, id] of Object.entries(data.roots ?? {})) store.roots.set(user, id);
    for (const [id, user] of Object.entries(data.reserved ?? {})) store.reserved.set(id, user);
    return store;
  }

  private add(o: {
    name: string;
    mimeType: string;
    parentId: string | null;
    owner: string;
    size?: number;
    description?: string;
    /** A generated id (files.generateIds) the item takes; it must be unused. */
    id?: string;
    md5Checksum?: string;
    sha256Checksum?: string;
  }): DriveItem {
    const now = this.ctx.clock.now();
    if (o.id !== undefined && (this.items.has(o.id) || !this.reserved.has(o.id))) {
      throw new EmulatorUsageError(`${o.id} is not an unused generated id`);
    }
    if (o.id !== undefined) this.reserved.delete(o.id);
    const driveId = o.parentId === null ? undefined : this.items.get(o.parentId)?.driveId;
    const item = this.insert({
      id: o.id ?? this.freshId(),
      name: o.name,
      mimeType: o.mimeType,
      parentId: o.parentId,
      owner: driveId === undefined ? o.owner : NO_OWNER,
      ...(driveId === undefined ? {} : { driveId }),
      editors: [],
      viewers: [],
      trashed: false,
      size: o.mimeType === FOLDER_MIME ? 0 : (o.size ?? 0),
      description: o.description ?? '',
      createdAt: now,
      updatedAt: now,
      ...(o.md5Checksum === undefined
        ? {}
        : { md5Checksum: o.md5Checksum, sha256Checksum: o.sha256Checksum }),
    });
    this.place(item);
    return item;
  }

  private insert(item: DriveItem): DriveItem {
    this.items.set(item.id, item);
    this.usedBytes.set(item.owner, this.storageUsed(item.owner) + (item.size || 0));
    this.ordinals.set(item.id, this.ordinals.size);
    this.link(item);
    return item;
  }

  /** Before a change: an item with no recorded placement was listed where it stands. */
  private placedBefore(item: DriveItem): void {
    if (this.listingLagMs <= 0 || this.placements.has(item.id)) return;
    this.placements.set(item.id, [
      { at: -Infinity, parentId: item.parentId, trashed: item.trashed },
    ]);
  }

  /** Records where the item now stands, for lagging listings (nothing while they do not lag). */
  private place(item: DriveItem): void {
    if (this.listingLagMs <= 0) return;
    const now = this.ctx.clock.now();
    const history = this.placements.get(item.id) ?? [];
    history.push({ at: now, parentId: item.parentId, trashed: item.trashed });
    // Keep one placement older than the lag window: nothing earlier can be seen again.
    const seenAt = now - this.listingLagMs;
    while (history.length > 1 && history[1].at <= seenAt) history.shift();
    this.placements.set(item.id, history);
  }

  /** A resource key shaped as they appear in Drive links: "0-" then 22 letters, digits, "-", "_". */
  private freshKey(): string {
    let key = '0-';
    for (let i = 0; i < 22; i += 1) key += KEY_ALPHABET[this.ctx.random.int(KEY_ALPHABET.length)];
    return key;
  }

  private freshId(): string {
    for (;;) {
      const id = newDriveId(this.ctx.random);
      if (!this.items.has(id) && !this.reserved.has(id)) return id;
    }
  }

  private link(item: DriveItem): void {
    if (item.parentId === null) return;
    const siblings = this.childIds.get(item.parentId) ?? [];
    // Keep creation order whatever order items were moved in (a new item simply goes last).
    const ordinal = this.ordinal(item.id);
    let at = siblings.length;
    while (at > 0 && this.ordinal(siblings[at - 1]) > ordinal) at -= 1;
    siblings.splice(at, 0, item.id);
    this.childIds.set(item.parentId, siblings);
  }

  private unlink(item: DriveItem): void {
    if (item.parentId === null) return;
    const siblings = this.childIds.get(item.parentId) ?? [];
    this.childIds.set(
      item.parentId,
      siblings.filter((id) => id !== item.id),
    );
  }

  private touch(item: DriveItem): void {
    item.updatedAt = this.ctx.clock.now();
  }

  private require(id: string): DriveItem {
    const item = this.items.get(id);
    if (!item) throw new EmulatorUsageError(`no Drive item with id ${id}`);
    return item;
  }

  private folderId(id: string): string {
    const folder = this.require(id);
    if (folder.mimeType !== FOLDER_MIME) {
      throw new EmulatorUsageError(`${id} is not a folder`);
    }
    return id;
  }

  /** The item, then its parent, up to its root. */
  private chain(id: string): DriveItem[] {
    const out: DriveItem[] = [];
    let item = this.items.get(id);
    while (item && out.length <= this.items.size) {
      out.push(item);
      item = item.parentId === null ? undefined : this.items.get(item.parentId);
    }
    return out;
  }

  private trashedAncestor(id: string): DriveItem | undefined {
    return this.chain(id).find((a) => a.trashed);
  }
}
