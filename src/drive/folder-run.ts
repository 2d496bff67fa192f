/**
 * One task folder on its way to being filled over the Drive REST API: its plan (from its sources'
 * metadata or a folder's files), its folder (found by listing the parent, or created), its copies
 * (each sent until answered, the folder listed again before any copy whose answer was an error or
 * lost is sent again) and the listing that checks them. It says what it needs sent next; the
 * rounds (copy-rounds.ts) send it.
 */
import {
  CopyRequest,
  FolderCopy,
  FolderCopyResult,
  FolderEntry,
  SourceFile,
  SourceUnavailableError,
  notIn,
} from './copier';
import { Exchange, Listing, Parents } from './paged-listing';
import {
  AnswerKind,
  DriveFileMeta,
  RestAnswer,
  copyRequest,
  createFolderRequest,
  getRequest,
  sourceFileOf,
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
  private readonly sources = new Map<string, SourceFile | null>();
  private readonly asking = new Set<string>();
  private readonly sourceTries = new Map<string, number>();
  private readonly copyTries = new Map<string, number>();
  private readonly sending = new Set<string>();
  private queue: CopyRequest[] = [];
  private creating = false;
  /** A copy's answer was lost or an error: list the folder before sending any copy again. */
  private suspect = false;
  /** A copy answered 404: ask whether the folder is still there before blaming the source. */
  private checkingFolder: CopyRequest | null = null;
  private checkAsked = false;
  private listing: Listing | null = null;
  /** The source folder's listing, when the plan is made from a folder's files. */
  private readonly sourceListing: Listing | null;
  private createTries = 0;
  private verifyTries = 0;
  private landedHere = 0;

  constructor(
    readonly copy: FolderCopy,
    private readonly session: RestSession,
    private readonly parents: Parents,
    private readonly options: RoundOptions,
    private readonly settled: (result: FolderCopyResult) => void,
  ) {
    this.folderId = copy.folderId;
    this.stage = 'plan';
    const plan = copy.plan;
    this.sourceListing =
      !Array.isArray(plan) && 'sourceFolderId' in plan
        ? new Listing(session, plan.sourceFolderId, 'files', () => {
            throw driveError({ status: 404, body: null }, `list the folder ${plan.sourceFolderId}`);
          })
        : null;
    if (Array.isArray(plan)) this.planned(plan);
    else this.planWhenKnown();
  }

  /** Copies this call made: answered, or found in the folder after their answer was lost. */
  copied(): number {
    return this.landedHere;
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
    if (this.stage === 'folder') return !this.creating && this.parentListing().done ? 1 : 0;
    if (this.stage !== 'copy' || this.suspect || this.checkingFolder) return 0;
    return this.queue.filter((r) => !this.sending.has(r.targetName)).length;
  }

  /** Up to `max` writes to send now, in order: its creation, else its copies. */
  writes(max: number): Exchange[] {
    if (max <= 0 || this.writesReady() === 0) return [];
    if (this.stage === 'folder') return [this.createExchange()];
    return this.queue
      .filter((r) => !this.sending.has(r.targetName))
      .slice(0, max)
      .map((r) => this.copyExchange(r));
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
        return this.sourceListing ? optional(this.sourceListing.next()) : this.sourceExchanges();
      case 'folder':
        return optional(this.parentListing().next());
      case 'list':
      case 'verify':
        return optional(this.ownListing().next());
      case 'copy':
        if (this.checkingFolder) return this.checkAsked ? [] : [this.folderCheckExchange()];
        return this.suspect ? optional(this.ownListing().next()) : [];
      default:
        return [];
    }
  }

  /** Called after each round: a folder whose state allows it moves on. */
  advance(): void {
    if (this.stage === 'plan' && this.sourceListing?.done) this.planWhenKnown();
    if (this.stage === 'folder' && this.parentListing().done && !this.creating) {
      const found = this.parentListing().entries.find((f) => f.name === this.copy.folderName);
      if (found) this.useFolder(found.id, false);
    }
    if (this.stage === 'list' && this.listing?.done) this.afterListing(this.listing.entries);
    if (this.stage === 'copy' && this.suspect && this.listing?.done) {
      this.recognise(this.listing.entries);
      this.suspect = false;
      this.listing = null;
    }
    if (this.stage === 'copy' && this.allAnswered() && !this.suspect && !this.checkingFolder) {
      if (this.queue.length === 0) this.copiesDone();
    }
    if (this.stage === 'verify' && this.listing?.done) this.afterVerify(this.listing.entries);
  }

  /** Copies sent and not yet answered (none between rounds). */
  private allAnswered(): boolean {
    return this.sending.size === 0;
  }

  private planned(plan: CopyRequest[]): void {
    this.plan = plan;
    if (this.folderId && this.options.listed) {
      this.queue = [...plan];
      this.stage = 'copy';
    } else if (this.folderId) {
      this.stage = 'list';
    } else {
      this.stage = 'folder';
    }
  }

  private parentListing(): Listing {
    return this.parents.listing(this.copy.parentId);
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

  /** The task folder disappeared mid-way (deleted by hand): find or make it again. */
  private folderGone(): void {
    this.folderId = undefined;
    this.listing = null;
    this.landed.clear();
    this.suspect = false;
    this.checkingFolder = null;
    this.parents.relist(this.copy.parentId);
    this.stage = 'folder';
  }

  private afterListing(entries: FolderEntry[]): void {
    this.listing = null;
    this.recognise(entries);
    const missing = notIn(this.plan, entries);
    if (missing.length === 0) return this.settle({ state: 'done', present: entries });
    this.queue = missing;
    this.stage = 'copy';
  }

  /** Names of the plan found in a listing are copies that landed: they leave the queue. */
  private recognise(entries: FolderEntry[]): void {
    const byName = new Map(entries.map((e) => [e.name, e.id]));
    for (const r of this.plan) {
      const id = byName.get(r.targetName);
      if (!id || this.landed.has(r.targetName)) continue;
      // A copy sent in this call whose answer was lost: it landed after all.
      if (this.tried.has(r.targetName)) this.landedHere += 1;
      this.landed.set(r.targetName, id);
    }
    this.queue = this.queue.filter((r) => !byName.has(r.targetName));
  }

  private copiesDone(): void {
    if (!this.options.verify) return this.settle({ state: 'done', present: [] });
    this.listing = null;
    this.stage = 'verify';
  }

  private afterVerify(entries: FolderEntry[]): void {
    this.listing = null;
    this.recognise(entries);
    const missing = notIn(this.plan, entries);
    if (missing.length === 0) return this.settle({ state: 'done', present: entries });
    if (this.copy.remakeLost === false) {
      return this.settle({ state: 'short', present: entries, lost: missing });
    }
    // Answered as copied, yet not there (removed by hand meanwhile?): copy them once more.
    this.verifyTries += 1;
    if (this.verifyTries >= 2) return this.settle({ state: 'refused' });
    for (const r of missing) this.landed.delete(r.targetName);
    this.queue = missing;
    this.stage = 'copy';
  }

  private sourceExchanges(): Exchange[] {
    const plan = this.copy.plan;
    if (Array.isArray(plan) || !('sourceIds' in plan)) return [];
    return plan.sourceIds
      .filter((id) => !this.sources.has(id) && !this.asking.has(id))
      .map((id) => {
        this.asking.add(id);
        return {
          request: getRequest(this.session.token, id),
          answered: (answer, kind) => this.sourceAnswered(id, answer, kind),
        };
      });
  }

  private sourceAnswered(id: string, answer: RestAnswer<unknown> | null, kind: AnswerKind): void {
    this.asking.delete(id);
    if (this.stage !== 'plan') return;
    if (kind === 'ok') this.sources.set(id, sourceFileOf(answer!.body as DriveFileMeta));
    else if (kind === 'notFound' || kind === 'denied') this.sources.set(id, null);
    else if (kind === 'unauthorised') throw driveError(answer, 'use Drive');
    else {
      const tries = (this.sourceTries.get(id) ?? 0) + 1;
      this.sourceTries.set(id, tries);
      if (tries >= MAX_READ_TRIES) return this.settle({ state: 'refused' });
      return;
    }
    this.planWhenKnown();
  }

  /** Once every source is known (or there is none), or the source folder is listed, plan. */
  private planWhenKnown(): void {
    const plan = this.copy.plan;
    if (Array.isArray(plan)) return;
    let made: CopyRequest[] | { problem: string };
    if ('sourceFolderId' in plan) {
      if (!this.sourceListing?.done) return;
      made = plan.make(this.sourceListing.entries);
    } else {
      if (!plan.sourceIds.every((s) => this.sources.has(s))) return;
      made = plan.make(this.sources);
    }
    if (!Array.isArray(made)) return this.settle({ state: 'invalid', problem: made.problem });
    this.planned(made);
  }

  private createExchange(): Exchange {
    this.creating = true;
    return {
      request: createFolderRequest(this.session.token, this.copy.parentId, this.copy.folderName),
      answered: (answer, kind) => {
        this.creating = false;
        if (this.stage !== 'folder') return;
        if (kind === 'ok') return this.useFolder((answer!.body as { id: string }).id, true);
        if (kind === 'unauthorised') throw driveError(answer, 'use Drive');
        if (kind === 'refusedForRate' || kind === 'unknown') {
          this.createTries += 1;
          if (this.createTries >= MAX_COPY_TRIES) return this.settle({ state: 'refused' });
          // It may exist now: look at the parent again before creating.
          if (kind === 'unknown') this.parents.relist(this.copy.parentId);
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
    this.sending.add(request.targetName);
    this.tried.add(request.targetName);
    return {
      request: copyRequest(
        this.session.token,
        request.sourceId,
        request.targetName,
        this.folderId!,
        request.description,
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
    if (kind === 'ok') {
      this.landed.set(name, (answer!.body as { id: string }).id);
      this.landedHere += 1;
      this.queue = this.queue.filter((r) => r.targetName !== name);
      return;
    }
    if (this.stage !== 'copy') return;
    if (kind === 'unauthorised') throw driveError(answer, 'use Drive');
    if (kind === 'notFound') {
      this.checkingFolder ??= request;
      return;
    }
    if (kind === 'denied') {
      this.queue = this.queue.filter((r) => r.targetName !== name);
      return this.fail(request, COPY_DENIED);
    }
    if (kind === 'unknown') this.suspect = true;
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

  private fail(request: CopyRequest, message: string): void {
    this.failures.set(request.targetName, message);
    this.settle({ state: 'failed', request, message });
  }

  private settle(result: DistributiveOmit<FolderCopyResult, 'key' | 'folderId' | 'copied'>): void {
    if (this.stage === 'settled') return;
    this.stage = 'settled';
    this.result = {
      ...result,
      key: this.copy.key,
      folderId: this.folderId,
      copied: this.landedHere,
    } as FolderCopyResult;
    this.settled(this.result);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const COPY_DENIED =
  'Google Drive refused to copy it: its owner may not allow copies, or you may no longer add files to the folder';

function optional(exchange: Exchange | null): Exchange[] {
  return exchange ? [exchange] : [];
}
