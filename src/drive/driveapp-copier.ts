import {
  CopyOutcome,
  CopyRequest,
  Copier,
  FolderEntry,
  SourceFile,
  SourceUnavailableError,
} from './copier';
import { FOLDER_MIME, SHORTCUT_MIME, STORAGE_FULL_CAUSE } from './rest';
import { requireTransferRoom } from './daily-limit';
import { countUsage, transferGate } from './daily-usage';

/** Time a DriveApp copy may take; no copy starts closer than this to the slice's deadline. */
const COPY_ALLOWANCE_MS = 4000;
/** Tries of a DriveApp read or folder creation before its failure counts. */
const TRIES = 4;

/**
 * Runs a DriveApp call, again after a pause when it throws: DriveApp fails now and then with a
 * passing service error, and its errors do not say which kind they are (their text is localised),
 * so only a call that keeps failing counts as failed.
 */
function patiently<T>(call: () => T): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return call();
    } catch (e) {
      if (attempt >= TRIES) throw e;
      Utilities.sleep(500 * 2 ** (attempt - 1));
    }
  }
}

/** The copier over DriveApp: one `makeCopy` at a time (1 to 2.7 s per file). */
export class DriveAppCopier implements Copier {
  readonly kind = 'driveapp' as const;

  /**
   * The file, opened with its resource key when its link carries one (getFileByIdAndResourceKey);
   * a shortcut is described by its target, opened with the key the shortcut gives for it. DriveApp
   * cannot tell whether the user may copy it (`canCopy` stays unknown).
   */
  sourceFile(id: string, resourceKey?: string): SourceFile {
    let file: GoogleAppsScript.Drive.File;
    let described: SourceFile;
    try {
      file = patiently(() => openFile(id, resourceKey));
      described = patiently(() => describe(file, id, resourceKey));
    } catch {
      // Missing and not shared are one answer in Drive; what we asked for tells us which call failed.
      throw new SourceUnavailableError(id);
    }
    if (described.mimeType !== SHORTCUT_MIME || described.trashed) return described;
    const shortcutName = described.name;
    const { targetId, targetMimeType, targetKey } = patiently(() => ({
      targetId: file.getTargetId(),
      targetMimeType: file.getTargetMimeType(),
      targetKey: file.getTargetResourceKey() ?? undefined,
    }));
    if (!targetId) return { ...described, shortcutName };
    if (targetMimeType === FOLDER_MIME) {
      return { ...described, id: targetId, mimeType: FOLDER_MIME, size: 0, shortcutName };
    }
    try {
      const target = patiently(() => describe(openFile(targetId, targetKey), targetId, targetKey));
      return { ...target, shortcutName };
    } catch {
      // The target is gone or no longer shared: the shortcut is broken.
      return { ...described, id: targetId, shortcutName };
    }
  }

  listFiles(folderId: string): FolderEntry[] {
    return patiently(() => {
      const entries: FolderEntry[] = [];
      const files = DriveApp.getFolderById(folderId).getFiles();
      while (files.hasNext()) {
        const f = files.next();
        // DriveApp tells no checksum: these entries have none.
        entries.push({
          id: f.getId(),
          name: f.getName(),
          size: f.getSize(),
          mimeType: f.getMimeType(),
        });
      }
      return entries;
    });
  }

  listFolders(folderId: string): FolderEntry[] {
    return patiently(() => {
      const entries: FolderEntry[] = [];
      const folders = DriveApp.getFolderById(folderId).getFolders();
      while (folders.hasNext()) {
        const f = folders.next();
        entries.push({ id: f.getId(), name: f.getName(), size: 0 });
      }
      return entries;
    });
  }

  /**
   * One try: a creation that failed may have happened, and a listing right after may not show it
   * yet, so the caller decides when to look again (see FolderInTurn in copier.ts).
   */
  createFolder(parentId: string, name: string): string {
    const parent = patiently(() => DriveApp.getFolderById(parentId));
    return parent.createFolder(name).getId();
  }

  placedIn(id: string, folderId: string): FolderEntry | null {
    try {
      return patiently(() => {
        const file = DriveApp.getFileById(id);
        if (file.isTrashed()) return null;
        const parents = file.getParents();
        while (parents.hasNext()) {
          if (parents.next().getId() === folderId) {
            return {
              id,
              name: file.getName(),
              size: file.getSize(),
              mimeType: file.getMimeType(),
            };
          }
        }
        return null;
      });
    } catch {
      // Gone for good, or no longer shared: not in the folder.
      return null;
    }
  }

  copyFiles(requests: readonly CopyRequest[], folderId: string, deadline: number): CopyOutcome[] {
    const folder = patiently(() => DriveApp.getFolderById(folderId));
    const outcomes: CopyOutcome[] = [];
    const transferSpent = transferGate();
    for (const request of requests) {
      // At least one copy per call, so that even a tiny budget makes progress.
      if (outcomes.length > 0 && Date.now() + COPY_ALLOWANCE_MS > deadline) break;
      // The day's 750 GB reached: the copies made are reported, then the job pauses.
      if (transferSpent()) {
        if (outcomes.length > 0) break;
        requireTransferRoom(transferSpent);
      }
      outcomes.push(this.copyOne(request, folder));
    }
    return outcomes;
  }

  private copyOne(request: CopyRequest, folder: GoogleAppsScript.Drive.Folder): CopyOutcome {
    let source: GoogleAppsScript.Drive.File;
    try {
      source = patiently(() => openFile(request.sourceId, request.resourceKey));
    } catch {
      return {
        request,
        ok: false,
        retry: false,
        message: new SourceUnavailableError(request.sourceId).message,
      };
    }
    try {
      const copy = source.makeCopy(request.targetName, folder);
      countUsage('driveTransfer', request.expected?.size ?? copy.getSize());
      if (request.description !== undefined) copy.setDescription(request.description);
      return { request, ok: true, id: copy.getId() };
    } catch {
      // DriveApp's error does not say why (its text is localised), but the storage can be asked:
      // a copy the person's storage cannot hold is refused for good, and fails its task plainly.
      if (storageCannotHold(source)) {
        return {
          request,
          ok: false,
          retry: false,
          message: STORAGE_FULL_CAUSE,
          destinationFull: true,
        };
      }
      // A folder holding as many items as Drive allows cannot be told from here: DriveApp's error
      // says nothing a script may read, and counting the folder's items would take up to
      // FOLDER_ITEM_LIMIT iterator calls. Such a refusal goes through the usual tries.
      // The copy may have landed anyway; the caller lists the folder before trying again, and
      // gives up on a copy of this file, which opens, that Drive keeps refusing.
      return { request, ok: false, retry: true, message: 'Google Drive did not confirm the copy' };
    }
  }
}

/**
 * Whether the person's Drive storage has no room left for a copy of `source`
 * (`DriveApp.getStorageLimit()` and `getStorageUsed()`, in bytes). A limit of 0 or less says
 * nothing usable (no limit known): not full. Asked only after a refused copy.
 */
function storageCannotHold(source: GoogleAppsScript.Drive.File): boolean {
  try {
    const limit = DriveApp.getStorageLimit();
    if (!(limit > 0)) return false;
    return DriveApp.getStorageUsed() + source.getSize() > limit;
  } catch {
    return false;
  }
}

/** A file by its id, with its resource key when it has one to present. */
function openFile(id: string, resourceKey: string | undefined): GoogleAppsScript.Drive.File {
  return resourceKey
    ? DriveApp.getFileByIdAndResourceKey(id, resourceKey)
    : DriveApp.getFileById(id);
}

function describe(
  file: GoogleAppsScript.Drive.File,
  id: string,
  resourceKey: string | undefined,
): SourceFile {
  const described: SourceFile = {
    id,
    name: file.getName(),
    mimeType: file.getMimeType(),
    size: file.getSize(),
    trashed: file.isTrashed(),
  };
  if (resourceKey) described.resourceKey = resourceKey;
  return described;
}
