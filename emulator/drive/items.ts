/**
 * DriveApp's File, Folder and User. A File or Folder holds only its id and reads the store at
 * each call, as Apps Script's objects reflect Drive's current state; every member is a gated call.
 */
import { asReal } from '../core/context';
import { ScriptException } from '../core/errors';
import { DRIVE_MESSAGES, DriveEnv, requireString } from './env';
import { FakeFileIterator, FakeFolderIterator } from './iterators';
import { viewLink } from './links';
import { DriveItem, FileContent, NO_OWNER } from './store';

type File = GoogleAppsScript.Drive.File;
type Folder = GoogleAppsScript.Drive.Folder;
type User = GoogleAppsScript.Drive.User;
type UserArg = string | GoogleAppsScript.Base.User;

/** Apps Script caps `createFile(name, content)` at 50 MB and the MIME-typed form at 10 MB. */
const TEXT_FILE_LIMIT = 50 * 1024 * 1024;
const TYPED_FILE_LIMIT = 10 * 1024 * 1024;

export class FakeUser implements Pick<User, 'getEmail' | 'getName' | 'getDomain'> {
  constructor(
    private readonly env: DriveEnv,
    readonly email: string,
  ) {}

  getEmail(): string {
    return this.env.read('User.getEmail', () => this.email);
  }

  getName(): string {
    return this.env.read('User.getName', () => this.email.split('@')[0]);
  }

  getDomain(): string {
    return this.env.read('User.getDomain', () => this.email.split('@')[1] ?? '');
  }
}

/** What File and Folder share; `Self` is the real type a setter returns. */
abstract class FakeDriveItem<Self> {
  protected abstract readonly className: 'File' | 'Folder';

  constructor(
    protected readonly env: DriveEnv,
    readonly id: string,
    /** The resource key the item was opened with (getFileByIdAndResourceKey): its calls present it. */
    readonly resourceKey?: string,
  ) {}

  getId(): string {
    return this.get('getId', (item) => item.id);
  }

  getName(): string {
    return this.get('getName', (item) => item.name);
  }

  getSize(): number {
    return this.get('getSize', (item) => item.size);
  }

  getUrl(): string {
    return this.get('getUrl', (item) => viewLink(item));
  }

  getDescription(): string | null {
    return this.get('getDescription', (item) => item.description || null);
  }

  getDateCreated(): Date {
    return this.get('getDateCreated', (item) => new Date(item.createdAt));
  }

  getLastUpdated(): Date {
    return this.get('getLastUpdated', (item) => new Date(item.updatedAt));
  }

  /** Trashed itself or under a trashed folder. */
  isTrashed(): boolean {
    return this.get('isTrashed', (item) => this.env.store.isTrashed(item.id));
  }

  /**
   * Null for an item in a shared drive, which has no owner (the File resource's `owners` "isn't
   * populated for items in shared drives", developers.google.com/drive/api/reference/rest/v3/files).
   */
  getOwner(): User {
    return this.get('getOwner', (item) =>
      item.driveId === undefined
        ? asReal<User>(new FakeUser(this.env, item.owner))
        : asReal<User>(null),
    );
  }

  /** Everyone who can edit, directly or through a folder above, except the owner. */
  getEditors(): User[] {
    return this.get('getEditors', (item) =>
      this.roleHolders(item, 'editor').map((e) => asReal<User>(new FakeUser(this.env, e))),
    );
  }

  getViewers(): User[] {
    return this.get('getViewers', (item) =>
      this.roleHolders(item, 'viewer').map((e) => asReal<User>(new FakeUser(this.env, e))),
    );
  }

  getParents(): GoogleAppsScript.Drive.FolderIterator {
    return this.get('getParents', (item) =>
      asReal<GoogleAppsScript.Drive.FolderIterator>(
        new FakeFolderIterator(this.env, { by: 'parentOf', id: item.id }),
      ),
    );
  }

  setName(name: string): Self {
    return this.edit('setName', (item) => {
      this.env.store.update(item.id, { name: requireString(name, 'name') });
    });
  }

  setDescription(description: string): Self {
    return this.edit('setDescription', (item) => {
      this.env.store.update(item.id, { description: requireString(description, 'description') });
    });
  }

  addEditor(user: UserArg): Self {
    return this.edit('addEditor', (item) => this.env.store.share(item.id, emailOf(user), 'editor'));
  }

  addEditors(emailAddresses: string[]): Self {
    return this.edit('addEditors', (item) => {
      for (const e of emailAddresses) this.env.store.share(item.id, emailOf(e), 'editor');
    });
  }

  addViewer(user: UserArg): Self {
    return this.edit('addViewer', (item) => this.env.store.share(item.id, emailOf(user), 'viewer'));
  }

  addViewers(emailAddresses: string[]): Self {
    return this.edit('addViewers', (item) => {
      for (const e of emailAddresses) this.env.store.share(item.id, emailOf(e), 'viewer');
    });
  }

  /** Only the owner may trash or restore (Drive's documented rule). */
  setTrashed(trashed: boolean): Self {
    return this.env.write(`${this.className}.setTrashed`, (admit) => {
      const item = this.env.viewable(this.id, undefined, this.resourceKey);
      this.env.requireOwner(item);
      if (this.env.store.isRoot(item.id)) throw new ScriptException(DRIVE_MESSAGES.accessDenied);
      admit();
      if (trashed) this.env.store.trash(item.id);
      else this.env.store.untrash(item.id);
      return this.self();
    });
  }

  /** Needs edit access to the item and to the destination. */
  moveTo(destination: Folder): Self {
    return this.env.write(`${this.className}.moveTo`, (admit) => {
      const item = this.env.viewable(this.id, undefined, this.resourceKey);
      const target = this.env.viewable(folderIdOf(destination), 'folder');
      this.env.requireEdit(item);
      this.env.requireEdit(target);
      // Only its owner moves an item of My Drive into a shared drive, which then owns it (Google
      // Drive Help, "Move files and folders into shared drives").
      if (target.driveId !== undefined && item.driveId === undefined) this.env.requireOwner(item);
      // A My Drive root stays put, and a folder cannot go inside itself.
      if (this.env.store.isRoot(item.id) || this.env.store.isWithin(target.id, item.id)) {
        throw new ScriptException(DRIVE_MESSAGES.invalidArgument('destination'));
      }
      admit();
      this.env.store.move(item.id, target.id);
      return this.self();
    });
  }

  protected get<T>(method: string, read: (item: DriveItem) => T): T {
    return this.env.read(`${this.className}.${method}`, () =>
      read(this.env.viewable(this.id, undefined, this.resourceKey)),
    );
  }

  /** A write that needs edit access to this item. */
  protected edit(method: string, change: (item: DriveItem) => void): Self {
    return this.env.write(`${this.className}.${method}`, (admit) => {
      const item = this.env.viewable(this.id, undefined, this.resourceKey);
      this.env.requireEdit(item);
      admit();
      change(item);
      return this.self();
    });
  }

  protected self(): Self {
    return asReal<Self>(this);
  }

  private roleHolders(item: DriveItem, role: 'editor' | 'viewer'): string[] {
    const { store } = this.env;
    const out = new Set<string>();
    for (
      let a: DriveItem | undefined = item;
      a;
      a = a.parentId ? store.get(a.parentId) : undefined
    ) {
      const people = role === 'editor' ? [a.owner, ...a.editors] : a.viewers;
      for (const p of people) out.add(p);
    }
    out.delete(item.owner);
    out.delete(NO_OWNER);
    if (role === 'viewer') for (const e of this.roleHolders(item, 'editor')) out.delete(e);
    return [...out];
  }
}

export class FakeFile
  extends FakeDriveItem<File>
  implements
    Pick<
      File,
      | 'getId'
      | 'getName'
      | 'setName'
      | 'getMimeType'
      | 'getSize'
      | 'getUrl'
      | 'getDescription'
      | 'setDescription'
      | 'getParents'
      | 'getOwner'
      | 'getEditors'
      | 'getViewers'
      | 'addEditor'
      | 'addEditors'
      | 'addViewer'
      | 'addViewers'
      | 'isTrashed'
      | 'setTrashed'
      | 'makeCopy'
      | 'moveTo'
      | 'getDateCreated'
      | 'getLastUpdated'
      | 'getTargetId'
      | 'getTargetMimeType'
      | 'getTargetResourceKey'
    >
{
  protected readonly className = 'File' as const;

  getMimeType(): string {
    return this.get('getMimeType', (item) => item.mimeType);
  }

  /**
   * "If this is a shortcut, returns the ID of the item it points to. Otherwise it returns null."
   * (developers.google.com/apps-script/reference/drive/file#getTargetId()); likewise its MIME type
   * and resource key.
   */
  getTargetId(): string | null {
    return this.get('getTargetId', (item) => item.shortcut?.targetId ?? null);
  }

  getTargetMimeType(): string | null {
    return this.get('getTargetMimeType', (item) => item.shortcut?.targetMimeType ?? null);
  }

  getTargetResourceKey(): string | null {
    return this.get(
      'getTargetResourceKey',
      (item) => this.env.store.targetResourceKey(item) ?? null,
    );
  }

  /**
   * `makeCopy()`, `makeCopy(name)`, `makeCopy(destination)`, `makeCopy(name, destination)`.
   * Without a name the copy is "Copy of <name>", as Drive names copies. Without a destination
   * it goes beside the original when the user may add there, else to the user's My Drive. A viewer
   * of a file whose owner turned off copying for viewers and commenters (`copyRequiresWriterPermission`)
   * is refused, as Drive refuses them (DriveStore.canCopy).
   */
  makeCopy(nameOrDestination?: string | Folder, destination?: Folder): File {
    return this.env.write('File.makeCopy', (admit) => {
      const source = this.env.viewable(this.id, 'file', this.resourceKey);
      const keys =
        this.resourceKey === undefined ? undefined : new Map([[source.id, this.resourceKey]]);
      if (!this.env.store.canCopy(source.id, this.env.user(), keys)) {
        throw new ScriptException(DRIVE_MESSAGES.accessDenied);
      }
      const named = typeof nameOrDestination === 'string';
      const dest = named ? destination : nameOrDestination;
      const parentId = dest === undefined ? this.besideOriginal(source) : folderIdOf(dest);
      const target = this.env.viewable(parentId, 'folder');
      this.env.requireEdit(target);
      admit();
      this.env.requireRoom(target.id, source.size, true);
      const copy = this.env.store.copy(source.id, {
        name: named ? nameOrDestination : `Copy of ${source.name}`,
        parentId: target.id,
        owner: this.env.user(),
      });
      return this.env.wrapFile(copy);
    });
  }

  private besideOriginal(source: DriveItem): string {
    const user = this.env.user();
    return source.parentId && this.env.store.canEdit(source.parentId, user)
      ? source.parentId
      : this.env.store.rootId(user);
  }
}

export class FakeFolder
  extends FakeDriveItem<Folder>
  implements
    Pick<
      Folder,
      | 'getId'
      | 'getName'
      | 'setName'
      | 'getSize'
      | 'getUrl'
      | 'getDescription'
      | 'setDescription'
      | 'getParents'
      | 'getOwner'
      | 'getEditors'
      | 'getViewers'
      | 'addEditor'
      | 'addEditors'
      | 'addViewer'
      | 'addViewers'
      | 'isTrashed'
      | 'setTrashed'
      | 'moveTo'
      | 'getDateCreated'
      | 'getLastUpdated'
      | 'getFiles'
      | 'getFolders'
      | 'getFilesByName'
      | 'getFoldersByName'
      | 'getFilesByType'
      | 'createFolder'
      | 'createFile'
    >
{
  protected readonly className = 'Folder' as const;

  getFiles(): GoogleAppsScript.Drive.FileIterator {
    return this.files('getFiles', {});
  }

  getFolders(): GoogleAppsScript.Drive.FolderIterator {
    return this.folders('getFolders', {});
  }

  getFilesByName(name: string): GoogleAppsScript.Drive.FileIterator {
    return this.files('getFilesByName', { name: requireString(name, 'name') });
  }

  getFoldersByName(name: string): GoogleAppsScript.Drive.FolderIterator {
    return this.folders('getFoldersByName', { name: requireString(name, 'name') });
  }

  getFilesByType(mimeType: string): GoogleAppsScript.Drive.FileIterator {
    return this.files('getFilesByType', { mimeType: requireString(mimeType, 'mimeType') });
  }

  createFolder(name: string): Folder {
    return createFolderIn(this.env, this.id, name, 'Folder.createFolder');
  }

  createFile(
    nameOrBlob: string | GoogleAppsScript.Base.BlobSource,
    content?: string,
    mimeType?: string,
  ): File {
    return createFileIn(this.env, this.id, 'Folder.createFile', nameOrBlob, content, mimeType);
  }

  private files(method: string, filter: { name?: string; mimeType?: string }) {
    return this.get(method, (item) =>
      asReal<GoogleAppsScript.Drive.FileIterator>(
        new FakeFileIterator(this.env, { by: 'children', parentId: item.id, ...filter }),
      ),
    );
  }

  private folders(method: string, filter: { name?: string }) {
    return this.get(method, (item) =>
      asReal<GoogleAppsScript.Drive.FolderIterator>(
        new FakeFolderIterator(this.env, { by: 'children', parentId: item.id, ...filter }),
      ),
    );
  }
}

/** Creates a folder in `parentId`, which the user must be able to edit. */
export function createFolderIn(
  env: DriveEnv,
  parentId: string,
  name: unknown,
  method: string,
): Folder {
  return env.write(method, (admit) => {
    const parent = env.viewable(parentId, 'folder');
    env.requireEdit(parent);
    const folderName = requireString(name, 'name');
    admit();
    env.requireRoom(parent.id, 0, false);
    return env.wrapFolder(
      env.store.createFolder({ name: folderName, parentId: parent.id, owner: env.user() }),
    );
  });
}

/** `createFile(blob)`, `createFile(name, content)` (text) or `createFile(name, content, mime)`. */
export function createFileIn(
  env: DriveEnv,
  parentId: string,
  method: string,
  nameOrBlob: unknown,
  content?: unknown,
  mimeType?: unknown,
): File {
  return env.write(method, (admit) => {
    const parent = env.viewable(parentId, 'folder');
    env.requireEdit(parent);
    const spec = fileSpec(nameOrBlob, content, mimeType);
    admit();
    env.requireRoom(parent.id, spec.size, true);
    return env.wrapFile(env.store.createFile({ ...spec, parentId: parent.id, owner: env.user() }));
  });
}

function fileSpec(
  nameOrBlob: unknown,
  content: unknown,
  mimeType: unknown,
): { name: string; mimeType: string; size: number; content: FileContent } {
  if (typeof nameOrBlob !== 'string') return blobSpec(nameOrBlob);
  const text = requireString(content, 'content');
  const size = Buffer.byteLength(text, 'utf8');
  const typed = mimeType !== undefined;
  if (size > (typed ? TYPED_FILE_LIMIT : TEXT_FILE_LIMIT)) {
    throw new ScriptException(DRIVE_MESSAGES.invalidArgument('content'));
  }
  return {
    name: nameOrBlob,
    mimeType: typed ? requireString(mimeType, 'mimeType') : 'text/plain',
    size,
    content: text,
  };
}

function blobSpec(source: unknown): {
  name: string;
  mimeType: string;
  size: number;
  content: FileContent;
} {
  const holder = source as Partial<GoogleAppsScript.Base.BlobSource> | null;
  if (!holder || typeof holder.getBlob !== 'function') {
    throw new ScriptException(DRIVE_MESSAGES.invalidArgument('blob'));
  }
  const blob = holder.getBlob();
  const bytes = Uint8Array.from(blob.getBytes(), (b) => b & 0xff);
  return {
    name: blob.getName() ?? 'Untitled',
    mimeType: blob.getContentType() ?? 'application/octet-stream',
    size: bytes.length,
    content: bytes,
  };
}

/** The id of a Folder passed by the script; anything else is an invalid argument. */
function folderIdOf(value: unknown): string {
  if (value instanceof FakeFolder) return value.id;
  throw new ScriptException(DRIVE_MESSAGES.invalidArgument('destination'));
}

function emailOf(user: unknown): string {
  if (typeof user === 'string' && /^[^@\s]+@[^@\s]+$/.test(user)) return user;
  if (user instanceof FakeUser) return user.email;
  const real = user as Partial<GoogleAppsScript.Base.User> | null;
  if (real && typeof real.getEmail === 'function') return real.getEmail();
  throw new ScriptException(DRIVE_MESSAGES.invalidArgument('emailAddress'));
}

/** Lets the env turn store items into script-facing objects. */
export function bindWrappers(env: DriveEnv): void {
  env.wrapFile = (item, resourceKey) => asReal<File>(new FakeFile(env, item.id, resourceKey));
  env.wrapFolder = (item) => asReal<Folder>(new FakeFolder(env, item.id));
}
