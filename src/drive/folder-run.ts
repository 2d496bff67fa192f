/**
 * One task folder on its way to being filled over the Drive REST API: its plan (from its sources'
 * metadata or a folder's files), its folder (found by listing the parent, or created), its copies
 * and the check that they are all in the folder. It says what it needs sent next; the rounds
 * (copy-rounds.ts) send it.
 *
 * Exactly once: each copy, and the folder's creation, takes an id from files.generateIds, saved
 * with the job before it is first sent, so that sending it again after any error, a lost answer or
 * a killed execution cannot make a second one (Drive answers 409). Copies of native Google files
 * take no id: one of those is sent again only once a listing taken LISTING_SETTLE_MS after its last
 * send lacks it. Listings by parent may lag, so the final check asks Drive for each copy a listing
 * does not show yet by its id.
 */
import { countUsage } from './daily-usage';
import {
  CopyRequest,
  FolderCopy,
  FolderCopyResult,
  FolderEntry,
  LISTING_SETTLE_MS,
  PlanFromSources,
  PlannedFolder,
  SourceFile,
  SourceUnavailableError,
} from './copier';
import { Exchange, IdPool, Listing, Parents } from './paged-listing';
import {
  AnswerKind,
  DriveFileMeta,
  RestAnswer,
  ShortcutLookup,
  copyForbiddenByOwner,
  copyRequest,
  createFolderRequest,
  driveFullCause,
  entryOf,
  getRequest,
  isNative,
  linkedSource,
  placedRequest,
  shortcutTargetOf,
} from './rest';
import { DriveRequestError, MAX_READ_TRIES, RestSession, driveError } from './rest-session';

/** Tries of one copy within one call before its task is left for a later slice. */
export const MAX_COPY_TRIES = 5;
/** Writes counted for a folder whose plan waits for a listing. */
const UNKNOWN_PLAN_WRITES = 3;

export interface RoundOptions {
  /** The plan is what is missing from a folder just listed: copy without listing first. */
  listed?: boolean;
  /** List each folder when its copies are done, and report it done only if all are there. */
  verify?: boolean;
}

/** What a run shares with the others of its call. */
export interface RunContext {
  session: RestSession;
  parents: Parents;
  ids: IdPool;
}

type Stage = 'plan' | 'folder' | 'list' | 'copy' | 'verify' | 'settled';

/** One task folder on its way: plan, folder, copies, check. */
export class FolderRun {
  stage: Stage;
  plan: CopyRequest[] = [];
  folderId: string | undefined;
  result: FolderCopyResult | null = null;
  /** Copies known to be in the folder (answered, or found by a listing): target name -> id. */
  readonly landed = new Map<string, string>();
  /** Copies sent at least once. */
  readonly tried = new Set<string>();
  readonly failures = new Map<string, string>();
  /** Its plan or ids changed since the job last saved them: save before its next write. */
  unsaved = false;
  /** The name of the last copy it sent (for the job's progress), null before its first. */
  lastSent: string | null = null;
  private newFolderId: string | undefined;
  private readonly sources = new Map<string, SourceFile | null>();
  /** Linked files found to be shortcuts: their targets, looked up next. */
  private readonly shortcuts = new Map<string, ShortcutLookup>();
  private readonly asking = new Set<string>();
  private readonly sourceTries = new Map<string, number>();
  private readonly copyTries = new Map<string, number>();
  private readonly sending = new Set<string>();
  private queue: CopyRequest[] = [];
  private creating = false;
  /** A copy answered 404: ask whether the folder is still there before blaming the source. */
  private checkingFolder: CopyRequest | null = null;
  private checkAsked = false;
  private listing: Listing | null = null;
  /** The source folder's listing, when the plan is made from a folder's files. */
  private readonly sourceListing: Listing | null;
  /**
   * Files expected in the source folder that its listing lacks, asked for by id: id -> the entry
   * (null: not in the folder), absent while not answered.
   */
  private readonly expectedFound = new Map<string, FolderEntry | null>();
  private readonly expectedAsking = new Set<string>();
  private readonly expectedTries = new Map<string, number>();
  /** Copies the check's listing did not show, asked for by id: name -> asked. */
  private readonly placed = new Map<string, boolean>();
  private readonly placedFound: FolderEntry[] = [];
  private createTries = 0;
  private verifyTries = 0;

  constructor(
    readonly copy: FolderCopy,
    private readonly ctx: RunContext,
    private readonly options: RoundOptions,
    private readonly settled: (result: FolderCopyResult) => void,
  ) {
    this.folderId = copy.folderId;
    this.newFolderId = copy.newFolderId;
    this.stage = 'plan';
    const plan = copy.plan;
    this.sourceListing =
      !Array.isArray(plan) && 'sourceFolderId' in plan
        ? new Listing(ctx.session, plan.sourceFolderId, 'files', () => {
            throw driveError({ status: 404, body: null }, `list the folder ${plan.sourceFolderId}`);
          })
        : null;
    if (Array.isArray(plan)) this.planned(plan, false);
    else this.planWhenKnown();
  }

  private get session(): RestSession {
    return this.ctx.session;
  }

  /** What the job must keep of this folder before its next write. */
  toSave(): PlannedFolder {
    return { key: this.copy.key, plan: this.plan, newFolderId: this.newFolderId };
  }

  /** Copies of the plan this job made: landed under the id planned for them, or sent without. */
  copied(): number {
    return this.plan.filter((r) => {
      const id = this.landed.get(r.targetName);
      return id !== undefined && (r.id ? id === r.id : r.sentAt !== undefined);
    }).length;
  }

  /** Writes still to send, or an estimate before the plan is known. */
  writesLeft(): number {
    if (this.stage === 'settled') return 0;
    const folder = this.folderId ? 0 : 1;
    const plan = this.copy.plan;
    if (this.stage === 'plan' && !Array.isArray(plan)) {
      return ('sourceIds' in plan ? plan.sourceIds.length : UNKNOWN_PLAN_WRITES) + folder;
    }
    const copies = this.stage === 'copy' ? this.queue.length : this.plan.length - this.landed.size;
    return copies + folder;
  }

  /** How many writes this folder could send now. */
  writesReady(): number {
    if (this.stage === 'folder') {
      return !this.creating && this.newFolderId && this.parentListing().done ? 1 : 0;
    }
    if (this.stage !== 'copy' || this.checkingFolder) return 0;
    return this.sendable().length;
  }

  /** Up to `max` writes to send now, in order: its creation, else its copies. */
  writes(max: number): Exchange[] {
    if (max <= 0 || this.writesReady() === 0) return [];
    if (this.stage === 'folder') return [this.createExchange()];
    return this.sendable()
      .slice(0, max)
      .map((r) => this.copyExchange(r));
  }

  /** Copies that may go now: not on their way, with their id, or (native) not maybe landed. */
  private sendable(): CopyRequest[] {
    return this.queue.filter(
      (r) =>
        !this.sending.has(r.targetName) &&
        (r.id !== undefined || r.native === true) &&
        !this.uncertain(r),
    );
  }

  /** A copy sent without an id that may have landed: no listing since has shown it absent. */
  private uncertain(r: CopyRequest): boolean {
    return r.id === undefined && r.sentAt !== undefined && !this.landed.has(r.targetName);
  }

  /** When a listing can tell whether the uncertain copies landed; null when none is. */
  private settlesAt(): number | null {
    const times = this.queue.filter((r) => this.uncertain(r)).map((r) => r.sentAt!);
    return times.length ? Math.max(...times) + LISTING_SETTLE_MS : null;
  }

  /** When this folder has something to do again after waiting (null: nothing to wait for). */
  wakeAt(): number | null {
    if (this.stage !== 'copy' || this.sending.size > 0) return null;
    return this.settlesAt();
  }

  /**
   * The reads this folder needs now. When `finishing` (no more writes this call), only those that
   * can complete it: a check of copies already made.
   */
  reads(finishing: boolean): Exchange[] {
    if (finishing) {
      const onlyChecking = this.stage === 'verify' || (this.stage === 'copy' && this.allAnswered());
      if (!onlyChecking) return [];
    }
    switch (this.stage) {
      case 'plan':
        if (this.sourceListing?.done) return this.expectedExchanges();
        return this.sourceListing ? optional(this.sourceListing.next()) : this.sourceExchanges();
      case 'folder':
        return optional(this.parentListing().next());
      case 'list':
        return optional(this.ownListing().next());
      case 'verify':
        return this.listing?.done ? this.placedExchanges() : optional(this.ownListing().next());
      case 'copy': {
        if (this.checkingFolder) return this.checkAsked ? [] : [this.folderCheckExchange()];
        const settles = this.settlesAt();
        if (settles === null || this.sending.size > 0 || Date.now() < settles) return [];
        // Long enough after their send: a listing now tells whether the uncertain copies landed.
        if (this.listing && this.listing.startedAt < settles) this.listing = null;
        return optional(this.ownListing().next());
      }
      default:
        return [];
    }
  }

  /** Called after each round: a folder whose state allows it moves on. */
  advance(): void {
    if (this.stage === 'plan' && this.sourceListing?.done) this.planWhenKnown();
    if (this.stage !== 'plan' && this.stage !== 'settled') this.assignIds();
    if (this.stage === 'folder' && this.parentListing().done && !this.creating) {
      const found = this.parentListing().entries.find((f) => f.name === this.copy.folderName);
      if (found) this.useFolder(found.id, false);
    }
    if (this.stage === 'list' && this.listing?.done) this.afterListing(this.listing);
    if (this.stage === 'copy' && this.listing?.done && this.sending.size === 0) {
      this.recognise(this.listing);
      this.listing = null;
    }
    if (this.stage === 'copy' && this.allAnswered() && !this.checkingFolder) {
      if (this.queue.length === 0) this.copiesDone();
    }
    if (this.stage === 'verify' && this.listing?.done && this.placedAnswered()) this.afterVerify();
  }

  /** Copies sent and not yet answered (none between rounds). */
  private allAnswered(): boolean {
    return this.sending.size === 0;
  }

  /** Gives the folder and each copy that can take one a generated id, from the call's pool. */
  private assignIds(): void {
    const needing = this.plan.filter((r) => r.id === undefined && !r.native && !r.sentAt);
    const folder = !this.folderId && !this.newFolderId ? 1 : 0;
    if (needing.length + folder === 0) return;
    const ids = this.ctx.ids.take(needing.length + folder);
    if (ids.length === 0) return;
    if (folder) this.newFolderId = ids.shift();
    needing.slice(0, ids.length).forEach((r, i) => (r.id = ids[i]));
    this.unsaved = true;
  }

  /** `fresh`: made just now, so not saved with the job yet. */
  private planned(plan: CopyRequest[], fresh: boolean): void {
    this.plan = plan;
    if (fresh) this.unsaved = true;
    if (this.folderId && this.options.listed) {
      this.queue = [...plan];
      this.stage = 'copy';
    } else if (this.folderId) {
      this.stage = 'list';
    } else {
      this.stage = 'folder';
    }
    this.assignIds();
  }

  private parentListing(): Listing {
    return this.ctx.parents.listing(this.copy.parentId);
  }

  private ownListing(): Listing {
    this.listing ??= new Listing(this.session, this.folderId!, 'files', () => this.folderGone());
    return this.listing;
  }

  private useFolder(id: string, created: boolean): void {
    this.folderId = id;
    this.listing = null;
    if (created) {
      // A folder made a moment ago by this execution holds nothing yet.
      this.queue = this.plan.filter((r) => !this.landed.has(r.targetName));
      this.stage = 'copy';
    } else {
      this.stage = 'list';
    }
  }

  /**
   * The task folder disappeared mid-way (deleted by hand): find or make it again, with new ids for
   * it and its copies (the old ones are taken by what was deleted).
   */
  private folderGone(): void {
    this.folderId = undefined;
    this.newFolderId = undefined;
    this.listing = null;
    this.landed.clear();
    this.checkingFolder = null;
    for (const r of this.plan) this.remake(r);
    this.ctx.parents.relist(this.copy.parentId);
    this.stage = 'folder';
    this.assignIds();
  }

  /** A copy to make again from scratch: a fresh id (the old one is taken), or a fresh send. */
  private remake(r: CopyRequest): void {
    if (r.id !== undefined) delete r.id;
    delete r.sentAt;
    this.unsaved = true;
  }

  private afterListing(listing: Listing): void {
    this.listing = null;
    this.recognise(listing);
    const missing = this.plan.filter((r) => !this.landed.has(r.targetName));
    // Every copy is in the listing: that listing is the check.
    if (missing.length === 0) return this.settle({ state: 'done', present: listing.entries });
    this.queue = missing;
    this.stage = 'copy';
  }

  /**
   * Names of the plan found in a listing are copies that landed: they leave the queue. A copy
   * sent without an id that the listing lacks, though taken long enough after its send, did not
   * land: it may go again.
   */
  private recognise(listing: Listing): void {
    const byName = new Map(listing.entries.map((e) => [e.name, e.id]));
    for (const r of this.plan) {
      const id = byName.get(r.targetName);
      if (id && !this.landed.has(r.targetName)) this.landed.set(r.targetName, id);
      else if (!id && this.uncertain(r) && listing.startedAt >= r.sentAt! + LISTING_SETTLE_MS) {
        delete r.sentAt;
        this.unsaved = true;
      }
    }
    this.queue = this.queue.filter((r) => !byName.has(r.targetName));
  }

  private copiesDone(): void {
    if (!this.options.verify) return this.settle({ state: 'done', present: [] });
    this.listing = null;
    this.placed.clear();
    this.placedFound.length = 0;
    this.stage = 'verify';
  }

  /**
   * The check's listing, and each copy it does not show looked up by id (listings may lag behind
   * writes): those in the folder count as there.
   */
  private placedExchanges(): Exchange[] {
    const shown = new Set(this.listing!.entries.map((e) => e.name));
    const out: Exchange[] = [];
    for (const r of this.plan) {
      const id = this.landed.get(r.targetName);
      if (shown.has(r.targetName) || !id || this.placed.has(r.targetName)) continue;
      this.placed.set(r.targetName, true);
      out.push({
        request: placedRequest(this.session.token, id),
        answered: (answer, kind) => this.placedAnswered_(r, answer, kind),
      });
    }
    return out;
  }

  private placedAnswered_(r: CopyRequest, answer: RestAnswer<unknown> | null, kind: AnswerKind) {
    if (kind === 'refusedForRate' || kind === 'unknown') {
      this.placed.delete(r.targetName);
      return;
    }
    this.placed.set(r.targetName, false);
    const meta = answer?.body as DriveFileMeta | null;
    if (kind === 'ok' && meta && !meta.trashed && meta.parents?.includes(this.folderId!)) {
      this.placedFound.push(entryOf(meta));
    } else if (kind === 'unauthorised') throw driveError(answer, 'use Drive');
  }

  /** Every copy the listing did not show has been looked up. */
  private placedAnswered(): boolean {
    const shown = new Set(this.listing!.entries.map((e) => e.name));
    return this.plan.every(
      (r) =>
        shown.has(r.targetName) ||
        !this.landed.has(r.targetName) ||
        this.placed.get(r.targetName) === false,
    );
  }

  private afterVerify(): void {
    const listed = this.listing!.entries;
    this.listing = null;
    const ids = new Set(listed.map((e) => e.id));
    const present = [...listed, ...this.placedFound.filter((e) => !ids.has(e.id))];
    this.placed.clear();
    this.placedFound.length = 0;
    const names = new Set(present.map((e) => e.name));
    const missing = this.plan.filter((r) => !names.has(r.targetName));
    if (missing.length === 0) return this.settle({ state: 'done', present });
    if (this.copy.remakeLost === false && missing.every((r) => this.landed.has(r.targetName))) {
      return this.settle({ state: 'short', present, lost: missing });
    }
    // Answered as copied, yet not there (removed by hand meanwhile?): copy them once more.
    this.verifyTries += 1;
    if (this.verifyTries >= 2) return this.settle({ state: 'refused' });
    for (const r of missing) {
      if (this.landed.has(r.targetName)) this.remake(r);
      this.landed.delete(r.targetName);
    }
    this.queue = missing;
    this.stage = 'copy';
    this.assignIds();
  }

  /** files.get of each linked file (with its resource key), or of a shortcut's target. */
  private sourceExchanges(): Exchange[] {
    const plan = this.copy.plan;
    if (Array.isArray(plan) || !('sourceIds' in plan)) return [];
    const keys = plan.resourceKeys ?? {};
    return plan.sourceIds
      .filter((id) => !this.sources.has(id) && !this.asking.has(id))
      .map((id) => {
        this.asking.add(id);
        const target = this.shortcuts.get(id);
        return {
          request: target
            ? getRequest(this.session.token, target.targetId, target.targetResourceKey)
            : getRequest(this.session.token, id, keys[id]),
          answered: (answer, kind) => this.sourceAnswered(id, answer, kind),
        };
      });
  }

  private sourceAnswered(id: string, answer: RestAnswer<unknown> | null, kind: AnswerKind): void {
    this.asking.delete(id);
    if (this.stage !== 'plan') return;
    const target = this.shortcuts.get(id);
    const plan = this.copy.plan as PlanFromSources;
    const meta = kind === 'ok' ? (answer!.body as DriveFileMeta) : null;
    if (kind === 'ok' || kind === 'notFound' || kind === 'denied') {
      const source = target
        ? shortcutTargetOf(target, meta)
        : meta && linkedSource(meta, plan.resourceKeys?.[id]);
      if (source && 'targetId' in source) {
        // A shortcut: its target is looked up in the next round.
        this.shortcuts.set(id, source);
        return;
      }
      this.sources.set(id, source);
    } else if (kind === 'unauthorised') throw driveError(answer, 'use Drive');
    else {
      const tries = (this.sourceTries.get(id) ?? 0) + 1;
      this.sourceTries.set(id, tries);
      if (tries >= MAX_READ_TRIES) return this.settle({ state: 'refused' });
      return;
    }
    this.planWhenKnown();
  }

  /** Expected files the source folder's listing lacks, not asked for by id yet. */
  private unlisted(): string[] {
    const plan = this.copy.plan;
    if (Array.isArray(plan) || !('sourceFolderId' in plan) || !this.sourceListing?.done) return [];
    const listed = new Set(this.sourceListing.entries.map((e) => e.id));
    return (plan.expectedIds ?? []).filter((id) => !listed.has(id));
  }

  private expectedExchanges(): Exchange[] {
    const plan = this.copy.plan as { sourceFolderId: string };
    return this.unlisted()
      .filter((id) => !this.expectedFound.has(id) && !this.expectedAsking.has(id))
      .map((id) => {
        this.expectedAsking.add(id);
        return {
          request: placedRequest(this.session.token, id),
          answered: (answer, kind) => {
            this.expectedAsking.delete(id);
            if (this.stage !== 'plan') return;
            const meta = answer?.body as DriveFileMeta | null;
            if (kind === 'ok' && meta) {
              const there = !meta.trashed && meta.parents?.includes(plan.sourceFolderId);
              this.expectedFound.set(id, there ? entryOf(meta) : null);
            } else if (kind === 'notFound' || kind === 'denied') this.expectedFound.set(id, null);
            else if (kind === 'unauthorised') throw driveError(answer, 'use Drive');
            else {
              const tries = (this.expectedTries.get(id) ?? 0) + 1;
              this.expectedTries.set(id, tries);
              if (tries >= MAX_READ_TRIES) return this.settle({ state: 'refused' });
              return;
            }
            this.planWhenKnown();
          },
        };
      });
  }

  /** Once every source is known (or there is none), or the source folder is listed, plan. */
  private planWhenKnown(): void {
    const plan = this.copy.plan;
    if (Array.isArray(plan)) return;
    let made: CopyRequest[] | { problem: string };
    const native = new Set<string>();
    if ('sourceFolderId' in plan) {
      if (!this.sourceListing?.done) return;
      const unlisted = this.unlisted();
      if (!unlisted.every((id) => this.expectedFound.has(id))) return;
      const files = [
        ...this.sourceListing.entries,
        ...unlisted.map((id) => this.expectedFound.get(id)).filter((e) => !!e),
      ];
      made = plan.make(files);
      for (const e of files) if (isNative(e.mimeType ?? '')) native.add(e.id);
    } else {
      if (!plan.sourceIds.every((s) => this.sources.has(s))) return;
      made = plan.make(this.sources);
      for (const s of this.sources.values()) if (s && isNative(s.mimeType)) native.add(s.id);
    }
    if (!Array.isArray(made)) return this.settle({ state: 'invalid', problem: made.problem });
    for (const r of made) if (native.has(r.sourceId)) r.native = true;
    this.planned(made, true);
  }

  private createExchange(): Exchange {
    this.creating = true;
    const id = this.newFolderId!;
    return {
      request: createFolderRequest(
        this.session.token,
        this.copy.parentId,
        this.copy.folderName,
        id,
      ),
      answered: (answer, kind) => {
        this.creating = false;
        if (this.stage !== 'folder') return;
        if (kind === 'ok') return this.useFolder((answer!.body as { id: string }).id, true);
        // Made by an earlier send whose answer was lost: it may hold copies already.
        if (kind === 'exists') return this.useFolder(id, false);
        if (kind === 'unauthorised') throw driveError(answer, 'use Drive');
        if (kind === 'full') {
          // Nothing was made and nothing will be: this task fails, plainly, without a retry.
          return this.settle({
            state: 'invalid',
            problem: `Task ${this.copy.key}: its folder "${this.copy.folderName}" could not be created: ${driveFullCause(answer)}.`,
          });
        }
        if (kind === 'refusedForRate' || kind === 'unknown' || kind === 'idRefused') {
          this.createTries += 1;
          if (this.createTries >= MAX_COPY_TRIES) return this.settle({ state: 'refused' });
          // Generated for someone else (a colleague resumed the job): nothing was made with it.
          if (kind === 'idRefused') {
            this.newFolderId = undefined;
            this.assignIds();
          }
          return;
        }
        throw new DriveRequestError(
          `Google Drive did not let you create the folder "${this.copy.folderName}" in the folder ${this.copy.parentId} (code ${answer?.status}). Check that it still exists and that you may add files to it.`,
          answer?.status ?? 0,
        );
      },
    };
  }

  private copyExchange(request: CopyRequest): Exchange {
    this.lastSent = request.targetName;
    this.sending.add(request.targetName);
    this.tried.add(request.targetName);
    if (request.id === undefined) {
      request.sentAt = Date.now();
      this.unsaved = true;
    }
    return {
      request: copyRequest(
        this.session.token,
        request.sourceId,
        request.targetName,
        this.folderId!,
        request.description,
        request.id,
        request.resourceKey,
      ),
      answered: (answer, kind) => this.copyAnswered(request, answer, kind),
    };
  }

  private copyAnswered(
    request: CopyRequest,
    answer: RestAnswer<unknown> | null,
    kind: AnswerKind,
  ): void {
    const name = request.targetName;
    this.sending.delete(name);
    const made =
      kind === 'ok'
        ? (answer!.body as { id: string }).id
        : kind === 'exists' && request.id !== undefined
          ? request.id
          : null;
    if (kind === 'ok') {
      // Native files answer no size: they take no storage and count as nothing copied.
      countUsage('driveTransfer', Number((answer!.body as { size?: string }).size ?? 0));
    }
    if (made) {
      this.landed.set(name, made);
      this.queue = this.queue.filter((r) => r.targetName !== name);
      return;
    }
    if (this.stage !== 'copy') return;
    if (kind === 'unauthorised') throw driveError(answer, 'use Drive');
    if (kind === 'notFound') {
      this.checkingFolder ??= request;
      return;
    }
    if (kind === 'idRefused') {
      // Nothing was made with it: a fresh id (generated for whoever runs the job now), or, for a
      // type that takes none, a send without.
      delete request.id;
      if ((this.copyTries.get(name) ?? 0) > 0) request.native = true;
      this.unsaved = true;
      this.assignIds();
    } else if (kind === 'full') {
      // Drive cannot hold it (storage full, too many items): final for the task, never retried.
      this.queue = this.queue.filter((r) => r.targetName !== name);
      return this.fail(request, driveFullCause(answer)!, true);
    } else if (kind === 'denied' || kind === 'exists') {
      this.queue = this.queue.filter((r) => r.targetName !== name);
      return this.fail(request, copyForbiddenByOwner(answer) ? COPY_FORBIDDEN : COPY_DENIED);
    }
    // Any other answer: sent again as it is (with its id, safely), or, without one, once a later
    // listing shows it did not land.
    const tries = (this.copyTries.get(name) ?? 0) + 1;
    this.copyTries.set(name, tries);
    if (tries >= MAX_COPY_TRIES) this.settle({ state: 'refused' });
  }

  /** files.get of the folder a copy was refused with 404 for: gone, or the source is. */
  private folderCheckExchange(): Exchange {
    const request = this.checkingFolder!;
    this.checkAsked = true;
    return {
      request: getRequest(this.session.token, this.folderId!),
      answered: (answer, kind) => {
        this.checkAsked = false;
        if (this.checkingFolder !== request) return;
        const folder = answer?.body as DriveFileMeta | null;
        if (kind === 'ok' && !folder?.trashed) {
          this.checkingFolder = null;
          this.queue = this.queue.filter((r) => r.targetName !== request.targetName);
          return this.fail(request, new SourceUnavailableError(request.sourceId).message);
        }
        if (kind === 'ok' || kind === 'notFound') return this.folderGone();
        if (kind === 'unauthorised') throw driveError(answer, 'use Drive');
        if (kind === 'denied') throw driveError(answer, `look at the folder ${this.folderId}`);
      },
    };
  }

  private fail(request: CopyRequest, message: string, destinationFull = false): void {
    this.failures.set(request.targetName, message);
    this.settle({
      state: 'failed',
      request,
      message,
      ...(destinationFull ? { destinationFull } : {}),
    });
  }

  private settle(result: DistributiveOmit<FolderCopyResult, 'key' | 'folderId' | 'copied'>): void {
    if (this.stage === 'settled') return;
    this.stage = 'settled';
    this.result = {
      ...result,
      key: this.copy.key,
      folderId: this.folderId,
      copied: this.copied(),
    } as FolderCopyResult;
    this.settled(this.result);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const COPY_DENIED =
  'Google Drive refused to copy it: its owner may not allow copies, or you may no longer add files to the folder';

const COPY_FORBIDDEN =
  'its owner has turned off downloading, printing and copying for viewers and commenters. Ask the owner to allow it, or to make you an editor of the file';

function optional(exchange: Exchange | null): Exchange[] {
  return exchange ? [exchange] : [];
}
