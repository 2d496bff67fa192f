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
  /** The item's description when the listing tells it (the REST listings do); '' or absent: none. */
  description?: string;
}

export interface CopyRequest {
  sourceId: string;
  targetName: string;
  /** The copy's description; without it, Drive gives the copy its source's description. */
  description?: string;
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
  /**
   * Metadata of many source files at once (null for one that cannot be opened). Optional: without
   * it, `sourceFilesOf` asks for them one by one.
   */
  sourceFiles?(ids: readonly string[]): Map<string, SourceFile | null>;
  /**
   * Fills task folders: each folder found or created in its parent, its copies planned, made
   * exactly once and counted, in order, until `deadline`. Optional: without it, `copyFolders`
   * does one folder after the other with the methods above.
   */
  copyFolders?(
    copies: readonly FolderCopy[],
    deadline: number,
    onResult: (result: FolderCopyResult) => void,
  ): FolderCopyResult[];
}

/** What one task folder should end up holding. */
export interface FolderCopy {
  /** Names the folder in results (a Task ID). */
  key: string;
  parentId: string;
  folderName: string;
  /** The folder's id when an earlier slice found or made it. */
  folderId?: string;
  /** The planned copies, or how to plan them from their sources' metadata or a folder's files. */
  plan: CopyRequest[] | PlanFromSources | PlanFromFolder;
  /**
   * False: copies that were made but are gone when the folder is checked after them (someone
   * removed them meanwhile) are reported ('short') and not made again, so that the caller counts
   * the folder as it is. By default they are made once more.
   */
  remakeLost?: boolean;
}

export interface PlanFromSources {
  sourceIds: string[];
  /** The copies to make, or why there is none to make (a message for ops). */
  make(sources: ReadonlyMap<string, SourceFile | null>): CopyRequest[] | { problem: string };
}

/** Copies of the files of a folder (a staged task folder, for delivery). */
export interface PlanFromFolder {
  /** Listed by parent; a folder that cannot be listed stops the call with its error. */
  sourceFolderId: string;
  make(files: readonly FolderEntry[]): CopyRequest[] | { problem: string };
}

/** The plan as given, or made now from what the copier looks up. */
export function planOf(
  copier: Copier,
  plan: FolderCopy['plan'],
): CopyRequest[] | { problem: string } {
  if (Array.isArray(plan)) return plan;
  if ('sourceFolderId' in plan) return plan.make(copier.listFiles(plan.sourceFolderId));
  return plan.make(sourceFilesOf(copier, plan.sourceIds));
}

/** Every result says how many copies this call made (answered, or found after a lost answer). */
export type FolderCopyResult = { key: string; folderId?: string; copied: number } & (
  | /** Every planned copy is in the folder, checked by listing it: `present` is that listing. */
    { state: 'done'; folderId: string; present: FolderEntry[] }
    /**
     * Only with `remakeLost: false`: every copy was made, but the listing after them (`present`)
     * lacks the `lost` ones.
     */
  | { state: 'short'; folderId: string; present: FolderEntry[]; lost: CopyRequest[] }
  /** The plan could not be made: `problem` says why. */
  | { state: 'invalid'; problem: string }
  /** A copy Drive will never make (the source is gone or may not be copied). */
  | { state: 'failed'; request: CopyRequest; message: string }
  /** Drive kept refusing or not answering; worth another try later. */
  | { state: 'refused' }
  /** Not finished when the deadline came. */
  | { state: 'pending' }
);

/** Metadata of source files, in one request when the copier can, else one by one. */
export function sourceFilesOf(
  copier: Copier,
  ids: readonly string[],
): Map<string, SourceFile | null> {
  if (copier.sourceFiles) return copier.sourceFiles(ids);
  const found = new Map<string, SourceFile | null>();
  for (const id of ids) {
    try {
      found.set(id, copier.sourceFile(id));
    } catch (e) {
      if (!(e instanceof SourceUnavailableError)) throw e;
      found.set(id, null);
    }
  }
  return found;
}

/** Fills task folders with the copier's own pipeline when it has one, else one after the other. */
export function copyFolders(
  copier: Copier,
  copies: readonly FolderCopy[],
  deadline: number,
  onResult: (result: FolderCopyResult) => void = () => undefined,
): FolderCopyResult[] {
  if (copier.copyFolders) return copier.copyFolders(copies, deadline, onResult);
  const results: FolderCopyResult[] = [];
  let stopped = false;
  for (const copy of copies) {
    const result: FolderCopyResult =
      stopped || Date.now() >= deadline
        ? { key: copy.key, folderId: copy.folderId, copied: 0, state: 'pending' }
        : copyFolderInTurn(copier, copy, deadline);
    if (result.state === 'pending') stopped = true;
    else onResult(result);
    results.push(result);
  }
  return results;
}

function copyFolderInTurn(copier: Copier, copy: FolderCopy, deadline: number): FolderCopyResult {
  const { key } = copy;
  const plan = planOf(copier, copy.plan);
  if (!Array.isArray(plan)) return { key, copied: 0, state: 'invalid', problem: plan.problem };
  const folderId = copy.folderId ?? findOrCreateFolder(copier, copy.parentId, copy.folderName);
  const missing = notIn(plan, copier.listFiles(folderId));
  const unconfirmed = new Set(missing.map((r) => r.targetName));
  let copied = 0;
  if (missing.length > 0) {
    const outcomes = copier.copyFiles(missing, folderId, deadline);
    copied = outcomes.filter((o) => o.ok).length;
    for (const o of outcomes) if (o.ok) unconfirmed.delete(o.request.targetName);
    const gone = outcomes.find((o) => !o.ok && !o.retry);
    if (gone && !gone.ok) {
      const { request, message } = gone;
      return { key, folderId, copied, state: 'failed', request, message };
    }
    if (outcomes.length < missing.length) return { key, folderId, copied, state: 'pending' };
  }
  const present = copier.listFiles(folderId);
  const absent = notIn(plan, present);
  if (absent.some((r) => unconfirmed.has(r.targetName))) {
    return { key, folderId, copied, state: 'refused' };
  }
  if (absent.length === 0) return { key, folderId, copied, state: 'done', present };
  if (copy.remakeLost === false) {
    return { key, folderId, copied, state: 'short', present, lost: absent };
  }
  // Made, then removed before the check: the next pass makes them again.
  return { key, folderId, copied, state: 'refused' };
}

/** The planned copies whose name is not among the entries (compared exactly, as planned). */
export function notIn(
  plan: readonly CopyRequest[],
  present: readonly FolderEntry[],
): CopyRequest[] {
  const names = new Set(present.map((f) => f.name));
  return plan.filter((r) => !names.has(r.targetName));
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
