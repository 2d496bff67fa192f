/**
 * The emulated DriveApp. Modelled on Google's reference: getFileById / getFolderById throw one
 * exception for a missing id and for an item the user cannot see; writes need edit access and
 * pass the per-account write ceiling; iterators list non-trashed items and resume from a
 * continuation token in a later execution.
 */
import { asReal, ServiceContext } from '../core/context';
import { DriveEnv, requireString } from './env';
import { FakeFileIterator, FakeFolderIterator, resumeIterator } from './iterators';
import { bindWrappers, createFileIn, createFolderIn } from './items';
import { DriveStore } from './store';

export { DriveStore, FOLDER_MIME, SHEET_MIME, SHORTCUT_MIME } from './store';
export type { DriveItem } from './store';
export { FakeFile, FakeFolder, FakeUser } from './items';
export { FakeFileIterator, FakeFolderIterator } from './iterators';
export { DRIVE_MESSAGES } from './env';

type DriveApp = GoogleAppsScript.Drive.DriveApp;
type FileIterator = GoogleAppsScript.Drive.FileIterator;
type FolderIterator = GoogleAppsScript.Drive.FolderIterator;

export class FakeDriveApp implements Pick<
  DriveApp,
  | 'getFileById'
  | 'getFileByIdAndResourceKey'
  | 'getFolderById'
  | 'getRootFolder'
  | 'createFolder'
  | 'createFile'
  | 'getFilesByName'
  | 'getFoldersByName'
  | 'continueFileIterator'
  | 'continueFolderIterator'
  | 'getStorageLimit'
  | 'getStorageUsed'
> {
  constructor(private readonly env: DriveEnv) {}

  getFileById(id: string): GoogleAppsScript.Drive.File {
    return this.env.read('getFileById', () => this.env.wrapFile(this.env.viewable(id, 'file')));
  }

  /**
   * "Gets the file with the given ID and resource key. Resource keys are an additional parameter
   * which need to be passed to access files that have been shared using a link."
   * (developers.google.com/apps-script/reference/drive/drive-app#getFileByIdAndResourceKey(String,String)).
   * The File it returns presents the key in its own calls.
   */
  getFileByIdAndResourceKey(id: string, resourceKey: string): GoogleAppsScript.Drive.File {
    return this.env.read('getFileByIdAndResourceKey', () => {
      const key = requireString(resourceKey, 'resourceKey');
      return this.env.wrapFile(this.env.viewable(id, 'file', key), key);
    });
  }

  getFolderById(id: string): GoogleAppsScript.Drive.Folder {
    return this.env.read('getFolderById', () =>
      this.env.wrapFolder(this.env.viewable(id, 'folder')),
    );
  }

  getRootFolder(): GoogleAppsScript.Drive.Folder {
    return this.env.read('getRootFolder', () =>
      this.env.wrapFolder(this.env.viewable(this.rootId(), 'folder')),
    );
  }

  createFolder(name: string): GoogleAppsScript.Drive.Folder {
    return createFolderIn(this.env, this.rootId(), name, 'createFolder');
  }

  createFile(
    nameOrBlob: string | GoogleAppsScript.Base.BlobSource,
    content?: string,
    mimeType?: string,
  ): GoogleAppsScript.Drive.File {
    return createFileIn(this.env, this.rootId(), 'createFile', nameOrBlob, content, mimeType);
  }

  /** A Drive-wide name search: like every search it lags recent writes (DESIGN.md). */
  getFilesByName(name: string): FileIterator {
    return this.env.read('getFilesByName', () =>
      asReal<FileIterator>(
        new FakeFileIterator(this.env, { by: 'search', name: requireString(name, 'name') }),
      ),
    );
  }

  getFoldersByName(name: string): FolderIterator {
    return this.env.read('getFoldersByName', () =>
      asReal<FolderIterator>(
        new FakeFolderIterator(this.env, { by: 'search', name: requireString(name, 'name') }),
      ),
    );
  }

  continueFileIterator(continuationToken: string): FileIterator {
    return this.env.read('continueFileIterator', () =>
      asReal<FileIterator>(resumeIterator(this.env, continuationToken, 'file')),
    );
  }

  continueFolderIterator(continuationToken: string): FolderIterator {
    return this.env.read('continueFolderIterator', () =>
      asReal<FolderIterator>(resumeIterator(this.env, continuationToken, 'folder')),
    );
  }

  /**
   * "Gets the number of bytes the user is allowed to store in Drive." and "Gets the number of
   * bytes the user is currently storing in Drive." (developers.google.com/apps-script/reference/
   * drive/drive-app#getStorageLimit(), #getStorageUsed()): the emulated storage quota
   * (drive/capacity.ts) and what the user's files take, trashed ones included.
   */
  getStorageLimit(): number {
    return this.env.read('getStorageLimit', () => this.env.store.capacity.storageBytes);
  }

  getStorageUsed(): number {
    return this.env.read('getStorageUsed', () => this.env.store.storageUsed(this.env.user()));
  }

  private rootId(): string {
    return this.env.store.rootId(this.env.user());
  }
}

export function createDriveApp(ctx: ServiceContext, store: DriveStore): DriveApp {
  const env = new DriveEnv(ctx, store);
  bindWrappers(env);
  return asReal<DriveApp>(new FakeDriveApp(env));
}
