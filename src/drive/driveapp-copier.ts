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

  /** A creation that failed may have happened: the folder is looked for before it is made again. */
  createFolder(parentId: string, name: string): string {
    let made = false;
    return patiently(() => {
      const landed = made && this.listFolders(parentId).find((f) => f.name === name);
      if (landed) return landed.id;
      made = true;
      return DriveApp.getFolderById(parentId).createFolder(name).getId();
    });
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
