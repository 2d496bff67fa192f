import { FolderEntry } from './copier';
import { AnswerKind, ListPage, RestAnswer, entryOf, listRequest } from './rest';
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
