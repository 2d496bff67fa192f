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

/** The copier over DriveApp: one `makeCopy` at a time (1 to 2.7 s per file). */
export class DriveAppCopier implements Copier {
  readonly kind = 'driveapp' as const;

  sourceFile(id: string): SourceFile {
    let file: GoogleAppsScript.Drive.File;
    try {
      file = DriveApp.getFileById(id);
    } catch {
      // Missing and not shared are one answer in Drive; what we asked for tells us which call failed.
      throw new SourceUnavailableError(id);
    }
    return {
      id,
      name: file.getName(),
      mimeType: file.getMimeType(),
      size: file.getSize(),
      trashed: file.isTrashed(),
    };
  }

  listFiles(folderId: string): FolderEntry[] {
    const entries: FolderEntry[] = [];
    const files = DriveApp.getFolderById(folderId).getFiles();
    while (files.hasNext()) {
      const f = files.next();
      entries.push({ id: f.getId(), name: f.getName(), size: f.getSize() });
    }
    return entries;
  }

  listFolders(folderId: string): FolderEntry[] {
    const entries: FolderEntry[] = [];
    const folders = DriveApp.getFolderById(folderId).getFolders();
    while (folders.hasNext()) {
      const f = folders.next();
      entries.push({ id: f.getId(), name: f.getName(), size: 0 });
    }
    return entries;
  }

  createFolder(parentId: string, name: string): string {
    return DriveApp.getFolderById(parentId).createFolder(name).getId();
  }

  copyFiles(requests: readonly CopyRequest[], folderId: string, deadline: number): CopyOutcome[] {
    const folder = DriveApp.getFolderById(folderId);
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
      source = DriveApp.getFileById(request.sourceId);
    } catch {
      return {
        request,
        ok: false,
        retry: false,
        message: new SourceUnavailableError(request.sourceId).message,
      };
    }
    try {
      return { request, ok: true, id: source.makeCopy(request.targetName, folder).getId() };
    } catch {
      // The copy may have landed anyway; the caller lists the folder before trying again.
      return { request, ok: false, retry: true, message: 'Google Drive did not confirm the copy' };
    }
  }
}
