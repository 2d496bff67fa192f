import { FolderEntry } from './copier';
import { AnswerKind, ListPage, RestAnswer, entryOf, generateIdsRequest, listRequest } from './rest';
import { DriveRequestError, MAX_READ_TRIES, RestSession, driveError } from './rest-session';

type FetchRequest = GoogleAppsScript.URL_Fetch.URLFetchRequest;

/** One request of a round and what its answer does. */
export interface Exchange {
  request: FetchRequest;
  answered(answer: RestAnswer<unknown> | null, kind: AnswerKind): void;
}

/** Listing a folder by parent, page after page (Drive may end a page early). */
export class Listing {
  readonly entries: FolderEntry[] = [];
  done = false;
  /** When its first page was asked for: it shows nothing newer than that. */
  startedAt = 0;
  private pageToken: string | undefined;
  private asked = false;
  private tries = 0;

  constructor(
    private readonly session: RestSession,
    readonly folderId: string,
    readonly what: 'files' | 'folders',
    private readonly missing: () => void,
  ) {}

  next(): Exchange | null {
    if (this.done || this.asked) return null;
    this.asked = true;
    if (!this.startedAt) this.startedAt = Date.now();
    return {
      request: listRequest(this.session.token, this.folderId, this.what, this.pageToken),
      answered: (answer, kind) => this.take(answer, kind),
    };
  }

  private take(answer: RestAnswer<unknown> | null, kind: AnswerKind): void {
    this.asked = false;
    if (kind === 'ok') {
      const page = (answer?.body ?? {}) as ListPage;
      for (const f of page.files ?? []) {
        this.entries.push(entryOf(f));
      }
      this.pageToken = page.nextPageToken;
      this.done = !this.pageToken;
      return;
    }
    if (kind === 'notFound') return this.missing();
    if (kind === 'refusedForRate' || kind === 'unknown') {
      this.tries += 1;
      if (this.tries < MAX_READ_TRIES) return;
    }
    throw driveError(answer, `list the folder ${this.folderId}`);
  }
}

/** Shared by the folders of one call: their parents' listings. */
export class Parents {
  private readonly listings = new Map<string, Listing>();

  constructor(private readonly session: RestSession) {}

  listing(parentId: string): Listing {
    let listing = this.listings.get(parentId);
    if (!listing) {
      listing = new Listing(this.session, parentId, 'folders', () => {
        throw new DriveRequestError(
          `The Drive folder ${parentId} is missing or no longer shared with you, so task folders cannot be made in it.`,
          404,
        );
      });
      this.listings.set(parentId, listing);
    }
    return listing;
  }

  /** After a create that got no clear answer: look again before deciding to create. */
  relist(parentId: string): void {
    this.listings.delete(parentId);
  }
}

/** Ids generated at a time; a call may ask for up to 1,000 (files.generateIds). */
const IDS_PER_CALL = 1000;
/** Asked for at least, so that planning task after task does not ask again each time. */
const IDS_AT_LEAST = 100;

/**
 * Generated ids for the copies and folders of one call, asked for in one files.generateIds as
 * runs need them. Unused ones are simply never used (Drive keeps no account of them).
 */
export class IdPool {
  private readonly ids: string[] = [];
  private wanted = 0;
  private asked = false;
  private tries = 0;

  constructor(private readonly session: RestSession) {}

  /** Up to `n` ids; those the pool lacks are asked for in the next round. */
  take(n: number): string[] {
    const got = this.ids.splice(0, Math.max(n, 0));
    const short = n - got.length;
    if (short > 0) this.wanted = Math.min(IDS_PER_CALL, this.wanted + short);
    return got;
  }

  next(): Exchange | null {
    if (this.asked || this.wanted === 0) return null;
    this.asked = true;
    const count = Math.min(IDS_PER_CALL, Math.max(this.wanted, IDS_AT_LEAST));
    return {
      request: generateIdsRequest(this.session.token, count),
      answered: (answer, kind) => {
        this.asked = false;
        if (kind === 'ok') {
          const ids = (answer?.body as { ids?: unknown } | null)?.ids;
          if (Array.isArray(ids)) this.ids.push(...ids.filter((i) => typeof i === 'string'));
          this.wanted = 0;
          this.tries = 0;
          return;
        }
        if (kind === 'refusedForRate' || kind === 'unknown') {
          this.tries += 1;
          if (this.tries < MAX_READ_TRIES) return;
        }
        throw driveError(answer, 'reserve ids for its copies');
      },
    };
  }
}
