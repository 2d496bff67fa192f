import {
  CopyOutcome,
  CopyRequest,
  Copier,
  FolderEntry,
  SourceFile,
  SourceUnavailableError,
} from './copier';

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

  sourceFile(id: string): SourceFile {
    try {
      return patiently(() => {
        const file = DriveApp.getFileById(id);
        return {
          id,
          name: file.getName(),
          mimeType: file.getMimeType(),
          size: file.getSize(),
          trashed: file.isTrashed(),
        };
      });
    } catch {
      // Missing and not shared are one answer in Drive; what we asked for tells us which call failed.
      throw new SourceUnavailableError(id);
    }
  }

  listFiles(folderId: string): FolderEntry[] {
    return patiently(() => {
      const entries: FolderEntry[] = [];
      const files = DriveApp.getFolderById(folderId).getFiles();
      while (files.hasNext()) {
        const f = files.next();
        entries.push({ id: f.getId(), name: f.getName(), size: f.getSize() });
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
            return { id, name: file.getName(), size: file.getSize() };
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
    for (const request of requests) {
      // At least one copy per call, so that even a tiny budget makes progress.
      if (outcomes.length > 0 && Date.now() + COPY_ALLOWANCE_MS > deadline) break;
      outcomes.push(this.copyOne(request, folder));
    }
    return outcomes;
  }

  private copyOne(request: CopyRequest, folder: GoogleAppsScript.Drive.Folder): CopyOutcome {
    let source: GoogleAppsScript.Drive.File;
    try {
      source = patiently(() => DriveApp.getFileById(request.sourceId));
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
      if (request.description !== undefined) copy.setDescription(request.description);
      return { request, ok: true, id: copy.getId() };
    } catch {
      // The copy may have landed anyway; the caller lists the folder before trying again.
      return { request, ok: false, retry: true, message: 'Google Drive did not confirm the copy' };
    }
  }
}
