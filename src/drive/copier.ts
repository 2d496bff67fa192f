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
  /** The resource key it was opened with (a file shared by link): every request about it sends it. */
  resourceKey?: string;
  /**
   * False when Drive says the user may not copy it (`capabilities.canCopy`: its owner turned off
   * copying for viewers and commenters). Absent when the copier cannot tell (DriveApp).
   */
  canCopy?: boolean;
  /**
   * The link led to a shortcut of this name: the file is its target (copied as the target), or,
   * with the shortcut type as `mimeType`, a target that cannot be opened; with the folder type, a
   * shortcut to a folder.
   */
  shortcutName?: string;
}

export interface FolderEntry {
  id: string;
  name: string;
  size: number;
  /** The item's description when the listing tells it (the REST listings do); '' or absent: none. */
  description?: string;
  /** The item's type when the listing tells it (the REST listings do). */
  mimeType?: string;
  /**
   * The MD5 of a binary file's content, when Drive tells it: over REST, never for Google's own
   * types, folders or shortcuts; DriveApp has no way to ask for it.
   */
  md5Checksum?: string;
}

/** What a copy must match once made: its source's size, type and content (when known). */
export interface ExpectedFile {
  size: number;
  mimeType?: string;
  md5Checksum?: string;
}

/**
 * One planned copy. How a retry stays exactly once is part of the plan, saved with the job before
 * the copy is first sent:
 * - with `id` (an id from files.generateIds), Drive itself refuses a second copy (409), so the copy
 *   is sent again after any error without looking;
 * - without (the source is a native Google file, which takes no generated id, or the DriveApp
 *   copier, which cannot pass one), `sentAt` says when it was last sent: until a listing taken
 *   LISTING_SETTLE_MS after that lacks it, it may have landed and is not sent again.
 */
export interface CopyRequest {
  sourceId: string;
  targetName: string;
  /** The copy's description; without it, Drive gives the copy its source's description. */
  description?: string;
  /** The generated id the copy takes. */
  id?: string;
  /** The source is a Google Docs, Sheets, Slides... file: its copy cannot take a generated id. */
  native?: boolean;
  /** When a copy without `id` was last sent (ms since epoch). */
  sentAt?: number;
  /** The source's resource key (a file shared by link): sent with every request about it. */
  resourceKey?: string;
  /** Sends of a copy without `id` that Drive answered with an error and that did not land. */
  failures?: number;
  /** What the copy must match when the folder is checked after the copies (delivery). */
  expected?: ExpectedFile;
}

/**
 * Drive promises no delay within which a new or removed file shows in listings by parent; the
 * add-on trusts a listing about a copy sent without an id only this long after it was sent.
 */
export const LISTING_SETTLE_MS = 60_000;

/** The planned copies and folder id of a task folder, as the job must keep them before a send. */
export interface PlannedFolder {
  key: string;
  plan: CopyRequest[];
  /** The generated id the task folder takes when it is made. */
  newFolderId?: string;
  /** When the folder was last asked to be made without an id (the DriveApp copier). */
  folderSentAt?: number;
}

/**
 * Saves plans before any request that depends on them is sent. `last`: no request follows in this
 * call, and the caller saves the job once the call returns (the plans need only be kept).
 */
export type SavePlans = (planned: readonly PlannedFolder[], last?: boolean) => void;

/**
 * Told, in memory only, which folder's copies are going and the name of one of them, with how many
 * of that folder's copies have landed so far: the job keeps it for its progress and saves it with
 * its next save, never with a save of its own.
 */
export type NoteSending = (key: string, fileName: string, copied: number) => void;

export type CopyOutcome =
  | { request: CopyRequest; ok: true; id: string }
  /** `retry`: worth trying again later (a transient answer); otherwise the source is unusable. */
  | {
      request: CopyRequest;
      ok: false;
      retry: boolean;
      message: string;
      /** Drive cannot hold it (storage, items in a folder): the source is fine. */
      destinationFull?: boolean;
    };

/** The source is missing or not shared with the user (Drive answers both the same way). */
export class SourceUnavailableError extends Error {
  constructor(readonly fileId: string) {
    super(`the file ${fileId} does not exist or is not shared with you`);
    this.name = 'SourceUnavailableError';
  }
}

export interface Copier {
  readonly kind: 'driveapp' | 'rest';
  /**
   * Metadata of a source file, opened with its resource key when its link carries one; a shortcut
   * is described by its target. Throws SourceUnavailableError when it cannot be opened.
   */
  sourceFile(id: string, resourceKey?: string): SourceFile;
  /** Files directly in a folder (not trashed), listed by parent: consistent right after writes. */
  listFiles(folderId: string): FolderEntry[];
  /** Sub-folders directly in a folder (not trashed). */
  listFolders(folderId: string): FolderEntry[];
  /**
   * Creates a sub-folder; the caller lists first. The REST copier gives it a generated id, so its
   * own retries are safe; a failure may still have made it (the caller lists again, later).
   */
  createFolder(parentId: string, name: string, id?: string): string;
  /**
   * A generated id (files.generateIds) for a folder to take, so that its creation sent again makes
   * nothing new. Optional: the DriveApp copier cannot pass one.
   */
  newId?(): string;
  /**
   * The item `id` as an entry of the folder if it is there (not trashed), asked for by id, which
   * unlike a listing by parent is up to date; null when it is not (or no longer exists).
   */
  placedIn(id: string, folderId: string): FolderEntry | null;
  /**
   * Copies files into a folder, stopping when `deadline` (ms since epoch) is near. Returns one
   * outcome per request it tried; requests not tried are left for the next slice.
   */
  copyFiles(requests: readonly CopyRequest[], folderId: string, deadline: number): CopyOutcome[];
  /**
   * Metadata of many source files at once (null for one that cannot be opened), with the resource
   * keys their links carry (by id). Optional: without it, `sourceFilesOf` asks for them one by one.
   */
  sourceFiles?(
    ids: readonly string[],
    resourceKeys?: Readonly<Record<string, string>>,
  ): Map<string, SourceFile | null>;
  /**
   * Fills task folders: each folder found or created in its parent, its copies planned, made
   * exactly once and counted, in order, until `deadline`. Optional: without it, `copyFolders`
   * does one folder after the other with the methods above.
   */
  copyFolders?(
    copies: readonly FolderCopy[],
    deadline: number,
    onResult: (result: FolderCopyResult) => void,
    save: SavePlans,
    onSending?: NoteSending,
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
  /** The generated id its creation takes, when an earlier slice planned it. */
  newFolderId?: string;
  /** When an earlier slice last asked for it to be made without an id. */
  folderSentAt?: number;
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
  /** The resource keys the links carry, by source id. */
  resourceKeys?: Readonly<Record<string, string>>;
  /** The copies to make, or why there is none to make (a message for ops). */
  make(sources: ReadonlyMap<string, SourceFile | null>): CopyRequest[] | { problem: string };
}

/** Copies of the files of a folder (a staged task folder, for delivery). */
export interface PlanFromFolder {
  /** Listed by parent; a folder that cannot be listed stops the call with its error. */
  sourceFolderId: string;
  /**
   * Files expected in the folder: those its listing lacks are asked for by id (a listing may lag
   * behind writes) and handed to `make` with the listing when they are in the folder.
   */
  expectedIds?: readonly string[];
  make(files: readonly FolderEntry[]): CopyRequest[] | { problem: string };
}

/** The plan as given, or made now from what the copier looks up. */
export function planOf(
  copier: Copier,
  plan: FolderCopy['plan'],
): CopyRequest[] | { problem: string } {
  if (Array.isArray(plan)) return plan;
  if ('sourceFolderId' in plan) {
    const files = copier.listFiles(plan.sourceFolderId);
    const listed = new Set(files.map((f) => f.id));
    for (const id of plan.expectedIds ?? []) {
      if (listed.has(id)) continue;
      const found = copier.placedIn(id, plan.sourceFolderId);
      if (found) files.push(found);
    }
    return plan.make(files);
  }
  return plan.make(sourceFilesOf(copier, plan.sourceIds, plan.resourceKeys));
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
  /**
   * A copy Drive will never make (the source is gone or may not be copied), or, with
   * `destinationFull`, cannot make now: the destination cannot hold it (storage full, a folder
   * with as many items as Drive allows), whatever the source.
   */
  | { state: 'failed'; request: CopyRequest; message: string; destinationFull?: boolean }
  /** Drive kept refusing or not answering; worth another try later. */
  | { state: 'refused' }
  /**
   * Not finished when the deadline came. `wakeAt`: it stopped to wait for something timed (a send
   * that must settle before a listing can tell whether it landed), and cannot go on before then;
   * absent, it can go on at once.
   */
  | { state: 'pending'; wakeAt?: number }
);

/** Metadata of source files, in one request when the copier can, else one by one. */
export function sourceFilesOf(
  copier: Copier,
  ids: readonly string[],
  resourceKeys: Readonly<Record<string, string>> = {},
): Map<string, SourceFile | null> {
  if (copier.sourceFiles) return copier.sourceFiles(ids, resourceKeys);
  const found = new Map<string, SourceFile | null>();
  for (const id of ids) {
    try {
      found.set(id, copier.sourceFile(id, resourceKeys[id]));
    } catch (e) {
      if (!(e instanceof SourceUnavailableError)) throw e;
      found.set(id, null);
    }
  }
  return found;
}

/**
 * Fills task folders with the copier's own pipeline when it has one, else one after the other.
 * `save` keeps plans with the job before any copy or creation that depends on them is sent.
 */
export function copyFolders(
  copier: Copier,
  copies: readonly FolderCopy[],
  deadline: number,
  onResult: (result: FolderCopyResult) => void = () => undefined,
  save: SavePlans = () => undefined,
  onSending: NoteSending = () => undefined,
): FolderCopyResult[] {
  if (copier.copyFolders) return copier.copyFolders(copies, deadline, onResult, save, onSending);
  const results: FolderCopyResult[] = [];
  // The folders go in turn: those after one that waits wait for it too.
  let stopped: { wakeAt?: number } | null = null;
  for (const copy of copies) {
    const result: FolderCopyResult =
      stopped || Date.now() >= deadline
        ? {
            key: copy.key,
            folderId: copy.folderId,
            copied: 0,
            state: 'pending',
            ...(stopped ?? {}),
          }
        : new FolderInTurn(copier, copy, deadline, save, onSending).run();
    if (result.state === 'pending') stopped ??= result.wakeAt ? { wakeAt: result.wakeAt } : {};
    else onResult(result);
    results.push(result);
  }
  return results;
}

/**
 * The earliest time the folders left pending can go on: undefined when one of them can at once,
 * or none is pending (the caller then has nothing to wait for).
 */
export function resumesAt(results: readonly FolderCopyResult[]): number | undefined {
  let earliest: number | undefined;
  for (const r of results) {
    if (r.state !== 'pending') continue;
    if (r.wakeAt === undefined) return undefined;
    earliest = Math.min(earliest ?? r.wakeAt, r.wakeAt);
  }
  return earliest;
}

/** Time a copy or creation sent without an id may take to be answered, past its deadline. */
const SEND_ALLOWANCE_MS = 10_000;

/**
 * Sends of one copy answered with an error, none of which landed, after which the copy is given
 * up. DriveApp's errors do not say why (their text is localised), but a copy of a file that opens
 * and that Drive keeps refusing, a settled listing after each try, is one it will not make: most
 * often its owner turned off copying for viewers and commenters, which DriveApp cannot read.
 */
const MAX_COPY_FAILURES = 4;

const COPY_REFUSED = `Google Drive refused the copy ${MAX_COPY_FAILURES} times, although the file opens: its owner may have turned off downloading, printing and copying for viewers and commenters (ask the owner to allow it, or to make you an editor of the file), or you may no longer add files to the folder it goes to`;

/**
 * One task folder filled with a copier's single calls (the DriveApp copier), which cannot give a
 * copy or folder a generated id. Its own way to stay exactly once: before a send, the plan says
 * when it was sent at the latest, and is saved; a copy or folder whose send got no clear answer is
 * sent again only once a listing taken LISTING_SETTLE_MS after that time lacks it, waiting in the
 * slice when there is time, else in a later one.
 */
class FolderInTurn {
  private plan: CopyRequest[] = [];
  private readonly landed = new Map<string, string>();
  private folderSentAt: number | undefined;
  /** What the folder waits for when the slice had no time left to wait for it. */
  private wakeAt: number | undefined;

  constructor(
    private readonly copier: Copier,
    private readonly copy: FolderCopy,
    private readonly deadline: number,
    private readonly save: SavePlans,
    private readonly onSending: NoteSending,
  ) {
    this.folderSentAt = copy.folderSentAt;
  }

  run(): FolderCopyResult {
    const plan = planOf(this.copier, this.copy.plan);
    if (!Array.isArray(plan)) return this.result(undefined, 'invalid', { problem: plan.problem });
    this.plan = plan;
    const folderId = this.folder();
    if (!folderId) return this.result(undefined, 'pending');
    for (;;) {
      const { missing, waiting, refused } = this.look(folderId);
      if (refused) {
        return this.result(folderId, 'failed', { request: refused, message: COPY_REFUSED });
      }
      const toSend = missing.filter((r) => r.sentAt === undefined);
      if (toSend.length > 0) {
        const sent = this.send(toSend, folderId);
        if (sent) return { ...sent, folderId } as FolderCopyResult;
        continue;
      }
      if (waiting.length > 0) {
        if (this.waitFor(waiting)) continue;
        return this.result(folderId, 'pending');
      }
      return this.check(folderId);
    }
  }

  /** The task folder, found or made; undefined while a creation that may have landed settles. */
  private folder(): string | undefined {
    if (this.copy.folderId) return this.copy.folderId;
    for (;;) {
      const at = Date.now();
      const found = this.copier
        .listFolders(this.copy.parentId)
        .find((f) => f.name === this.copy.folderName);
      if (found) return found.id;
      const sentAt = this.folderSentAt;
      if (sentAt !== undefined && at < sentAt + LISTING_SETTLE_MS) {
        if (this.sleepUntil(sentAt + LISTING_SETTLE_MS)) continue;
        return undefined;
      }
      this.folderSentAt = Date.now() + SEND_ALLOWANCE_MS;
      this.keep();
      try {
        return this.copier.createFolder(this.copy.parentId, this.copy.folderName);
      } catch {
        this.folderSentAt = Date.now();
        this.keep();
      }
    }
  }

  /**
   * Lists the folder: what landed, what is to send, what may have landed and must settle, and a
   * copy Drive refused too often to try again (`refused`).
   */
  private look(folderId: string): {
    missing: CopyRequest[];
    waiting: CopyRequest[];
    refused?: CopyRequest;
  } {
    const at = Date.now();
    const listed = new Map(this.copier.listFiles(folderId).map((f) => [f.name, f.id]));
    const missing: CopyRequest[] = [];
    const waiting: CopyRequest[] = [];
    for (const r of this.plan) {
      const id = listed.get(r.targetName) ?? this.landed.get(r.targetName);
      if (id) {
        this.landed.set(r.targetName, id);
        continue;
      }
      if (r.sentAt !== undefined && at >= r.sentAt + LISTING_SETTLE_MS) {
        delete r.sentAt;
        // Answered with an error each time, and a settled listing shows it never landed.
        if ((r.failures ?? 0) >= MAX_COPY_FAILURES) return { missing, waiting, refused: r };
      }
      missing.push(r);
      if (r.sentAt !== undefined) waiting.push(r);
    }
    return { missing, waiting };
  }

  /** Sends copies, each marked as sent (at the latest by the deadline) and saved before. */
  private send(
    requests: CopyRequest[],
    folderId: string,
  ): Omit<FolderCopyResult, 'folderId'> | null {
    const latest = this.deadline + SEND_ALLOWANCE_MS;
    for (const r of requests) r.sentAt = latest;
    this.keep();
    this.onSending(this.copy.key, requests[0].targetName, this.landed.size);
    const outcomes = this.copier.copyFiles(requests, folderId, this.deadline);
    const tried = new Set(outcomes.map((o) => o.request.targetName));
    for (const r of requests) if (!tried.has(r.targetName)) delete r.sentAt;
    const now = Date.now();
    for (const o of outcomes) {
      // Sent by now: a listing from LISTING_SETTLE_MS later can tell.
      o.request.sentAt = now;
      if (o.ok) this.landed.set(o.request.targetName, o.id);
      else if (!o.retry) {
        const { request, message, destinationFull } = o;
        return this.result(folderId, 'failed', { request, message, destinationFull });
      } else o.request.failures = (o.request.failures ?? 0) + 1;
    }
    // Saved again: the copies not tried were not sent, and those tried were sent by now. Left
    // marked as sent at the latest, they would keep the next slice waiting for nothing.
    this.keep();
    if (outcomes.length < requests.length) return this.result(folderId, 'pending');
    return null;
  }

  /** Sleeps until the waiting copies can be told by a listing, if the slice has time. */
  private waitFor(waiting: CopyRequest[]): boolean {
    return this.sleepUntil(Math.max(...waiting.map((r) => r.sentAt!)) + LISTING_SETTLE_MS);
  }

  private sleepUntil(time: number): boolean {
    const wait = time - Date.now();
    if (wait > 0 && time + SEND_ALLOWANCE_MS > this.deadline) {
      this.wakeAt = time;
      return false;
    }
    if (wait > 0) Utilities.sleep(wait);
    return true;
  }

  /**
   * The check: the folder's listing, and each copy known by its answer that the listing does not
   * show yet looked up by id. Copies gone meanwhile are made again by the next pass (`refused`),
   * or reported (`short`) when they must not be.
   */
  private check(folderId: string): FolderCopyResult {
    const present = this.copier.listFiles(folderId);
    const names = new Set(present.map((f) => f.name));
    for (const r of this.plan) {
      const id = this.landed.get(r.targetName);
      if (names.has(r.targetName) || !id) continue;
      const entry = this.copier.placedIn(id, folderId);
      if (entry) {
        present.push(entry);
        names.add(entry.name);
      }
    }
    const absent = this.plan.filter((r) => !names.has(r.targetName));
    if (absent.length === 0) return this.result(folderId, 'done', { present });
    if (this.copy.remakeLost === false) {
      return this.result(folderId, 'short', { present, lost: absent });
    }
    // Made, then removed before the check: the next pass makes them again.
    for (const r of absent) delete r.sentAt;
    this.keep();
    return this.result(folderId, 'refused');
  }

  /** Copies of the plan this job sent that are in the folder. */
  private copied(): number {
    return this.plan.filter((r) => r.sentAt !== undefined && this.landed.has(r.targetName)).length;
  }

  private keep(): void {
    this.save([
      {
        key: this.copy.key,
        plan: this.plan,
        folderSentAt: this.folderSentAt,
      },
    ]);
  }

  private result(
    folderId: string | undefined,
    state: FolderCopyResult['state'],
    rest: object = {},
  ): FolderCopyResult {
    const waits = state === 'pending' && this.wakeAt !== undefined ? { wakeAt: this.wakeAt } : {};
    return {
      key: this.copy.key,
      folderId,
      copied: this.copied(),
      state,
      ...waits,
      ...rest,
    } as FolderCopyResult;
  }
}

/**
 * Finds the sub-folder named `name` in `parentId`, creating it when absent. A create that failed may
 * still have happened (Drive can answer an error after a write, and a listing may not show a new
 * folder for a while), so the folder is listed again; when it is not there (yet), the person is
 * asked to try again in a couple of minutes, when a listing shows it if it was made.
 */
export function findOrCreateFolder(copier: Copier, parentId: string, name: string): string {
  const existing = copier.listFolders(parentId).find((f) => f.name === name);
  if (existing) return existing.id;
  try {
    return copier.createFolder(parentId, name);
  } catch (e) {
    const landed = copier.listFolders(parentId).find((f) => f.name === name);
    if (landed) return landed.id;
    throw new FolderNotConfirmedError(name, e);
  }
}

/** How a folder that must be made once is planned, kept with the state of whoever makes it. */
export interface FolderPlan {
  /** The generated id it takes. */
  id?: string;
  /** When it was last asked to be made without an id, at the latest (ms since epoch). */
  sentAt?: number;
}

/**
 * Finds or makes a folder exactly once across executions: `plan`, kept by the caller, is saved
 * (`save`) before the creation is sent. With an id, sending it again makes nothing new; without
 * (DriveApp), a creation that got an error answer is made again only once a listing taken
 * LISTING_SETTLE_MS after it lacks it. Undefined until such a listing can tell.
 */
export function folderOnce(
  copier: Copier,
  parentId: string,
  name: string,
  plan: FolderPlan,
  save: () => void,
): string | undefined {
  const listedAt = Date.now();
  const found = copier.listFolders(parentId).find((f) => f.name === name);
  if (found) return found.id;
  if (copier.newId) {
    if (!plan.id) {
      plan.id = copier.newId();
      save();
    }
    return copier.createFolder(parentId, name, plan.id);
  }
  if (plan.sentAt !== undefined && listedAt < plan.sentAt + LISTING_SETTLE_MS) return undefined;
  plan.sentAt = Date.now() + SEND_ALLOWANCE_MS;
  save();
  try {
    return copier.createFolder(parentId, name);
  } catch {
    plan.sentAt = Date.now();
    save();
    return undefined;
  }
}

/**
 * When `folderOnce` can next tell whether a creation sent without an id landed (undefined: at
 * once).
 */
export function folderSettlesAt(plan: FolderPlan): number | undefined {
  return plan.sentAt === undefined ? undefined : plan.sentAt + LISTING_SETTLE_MS;
}

/** Whether a failed write may have been made all the same (an answer that says nothing). */
export function mayHaveLanded(e: unknown): boolean {
  if (e instanceof FolderNotConfirmedError) return true;
  const status = (e as { status?: unknown })?.status;
  return (
    e instanceof Error &&
    e.name === 'DriveRequestError' &&
    !(Number(status) >= 400 && Number(status) < 500)
  );
}

/** Drive did not confirm a folder's creation; it may have been made all the same. */
export class FolderNotConfirmedError extends Error {
  constructor(name: string, cause: unknown) {
    const said = cause instanceof Error ? cause.message : String(cause);
    super(
      `Google Drive did not confirm that the folder "${name}" was made (it said: ${said}). Try again in a couple of minutes: the export uses the folder if it was made after all.`,
    );
    this.name = 'FolderNotConfirmedError';
  }
}
