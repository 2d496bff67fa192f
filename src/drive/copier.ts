/**
 * Drive access for exports behind one small interface, so the engine does not care whether files
 * are copied one by one with DriveApp or in parallel over the REST API.
 */

export interface SourceFile {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  trashed: boolean;
}

export interface FolderEntry {
  id: string;
  name: string;
  size: number;
}

export interface CopyRequest {
  sourceId: string;
  targetName: string;
}

export type CopyOutcome =
  | { request: CopyRequest; ok: true; id: string }
  /** `retry`: worth trying again later (a transient answer); otherwise the source is unusable. */
  | { request: CopyRequest; ok: false; retry: boolean; message: string };

/** The source is missing or not shared with the user (Drive answers both the same way). */
export class SourceUnavailableError extends Error {
  constructor(readonly fileId: string) {
    super(`the file ${fileId} does not exist or is not shared with you`);
    this.name = 'SourceUnavailableError';
  }
}

export interface Copier {
  readonly kind: 'driveapp' | 'rest';
  /** Metadata of a source file; throws SourceUnavailableError when it cannot be opened. */
  sourceFile(id: string): SourceFile;
  /** Files directly in a folder (not trashed), listed by parent: consistent right after writes. */
  listFiles(folderId: string): FolderEntry[];
  /** Sub-folders directly in a folder (not trashed). */
  listFolders(folderId: string): FolderEntry[];
  /** Creates a sub-folder; the caller lists first, and lists again after a failure. */
  createFolder(parentId: string, name: string): string;
  /**
   * Copies files into a folder, stopping when `deadline` (ms since epoch) is near. Returns one
   * outcome per request it tried; requests not tried are left for the next slice.
   */
  copyFiles(requests: readonly CopyRequest[], folderId: string, deadline: number): CopyOutcome[];
}

/**
 * Finds the sub-folder named `name` in `parentId`, creating it when absent. A create that failed may
 * still have happened (Drive can answer an error after a write), so the folder is listed again
 * before the error is passed on.
 */
export function findOrCreateFolder(copier: Copier, parentId: string, name: string): string {
  const existing = copier.listFolders(parentId).find((f) => f.name === name);
  if (existing) return existing.id;
  try {
    return copier.createFolder(parentId, name);
  } catch (e) {
    const landed = copier.listFolders(parentId).find((f) => f.name === name);
    if (landed) return landed.id;
    throw e;
  }
}
