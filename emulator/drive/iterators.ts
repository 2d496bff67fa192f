/**
 * DriveApp's FileIterator and FolderIterator. They are cursors over a live query, not snapshots:
 * each step reads the store, so a listing by parent sees writes made since the iterator was made.
 * Items come in creation order and the cursor is the creation position of the last item returned,
 * which is also what a continuation token carries; Google documents tokens as "generally valid
 * for one week" and as resuming "with the items that remained in the iterator".
 */
import { ScriptException } from '../core/errors';
import { DRIVE_MESSAGES, DriveEnv, ItemKind, kindOf } from './env';
import { DriveItem } from './store';

export const TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** What an iterator lists. `search` is a Drive-wide name search, which lags recent writes. */
export type IterSource =
  | { by: 'children'; parentId: string; name?: string; mimeType?: string }
  | { by: 'search'; name: string }
  | { by: 'parentOf'; id: string };

export interface IterState {
  kind: ItemKind;
  source: IterSource;
  /** Creation position of the last item returned; -1 before the first. */
  after: number;
}

interface TokenBody extends IterState {
  v: 1;
  issuedAt: number;
}

abstract class FakeDriveIterator<T> {
  protected constructor(
    protected readonly env: DriveEnv,
    protected readonly state: IterState,
    private readonly className: string,
  ) {}

  hasNext(): boolean {
    return this.env.read(`${this.className}.hasNext`, () => this.peek() !== undefined);
  }

  next(): T {
    return this.env.read(`${this.className}.next`, () => {
      const item = this.peek();
      if (!item) throw new ScriptException(DRIVE_MESSAGES.iteratorEnd);
      this.state.after = this.env.store.ordinal(item.id);
      return this.wrap(item);
    });
  }

  getContinuationToken(): string {
    return this.env.read(`${this.className}.getContinuationToken`, () =>
      encodeToken({ v: 1, ...this.state, issuedAt: this.env.now() }),
    );
  }

  protected abstract wrap(item: DriveItem): T;

  private peek(): DriveItem | undefined {
    return candidates(this.env, this.state).find(
      (item) => this.env.store.ordinal(item.id) > this.state.after,
    );
  }
}

export class FakeFileIterator
  extends FakeDriveIterator<GoogleAppsScript.Drive.File>
  implements Pick<GoogleAppsScript.Drive.FileIterator, 'hasNext' | 'next' | 'getContinuationToken'>
{
  constructor(env: DriveEnv, source: IterSource, after = -1) {
    super(env, { kind: 'file', source, after }, 'FileIterator');
  }

  protected wrap(item: DriveItem): GoogleAppsScript.Drive.File {
    return this.env.wrapFile(item);
  }
}

export class FakeFolderIterator
  extends FakeDriveIterator<GoogleAppsScript.Drive.Folder>
  implements
    Pick<GoogleAppsScript.Drive.FolderIterator, 'hasNext' | 'next' | 'getContinuationToken'>
{
  constructor(env: DriveEnv, source: IterSource, after = -1) {
    super(env, { kind: 'folder', source, after }, 'FolderIterator');
  }

  protected wrap(item: DriveItem): GoogleAppsScript.Drive.Folder {
    return this.env.wrapFolder(item);
  }
}

/** The iterator a token resumes; an unreadable, expired or wrong-kind token throws. */
export function resumeIterator(env: DriveEnv, token: unknown, kind: 'file'): FakeFileIterator;
export function resumeIterator(env: DriveEnv, token: unknown, kind: 'folder'): FakeFolderIterator;
export function resumeIterator(
  env: DriveEnv,
  token: unknown,
  kind: ItemKind,
): FakeFileIterator | FakeFolderIterator {
  const body = decodeToken(token);
  if (!body || body.kind !== kind || env.now() - body.issuedAt > TOKEN_LIFETIME_MS) {
    throw new ScriptException(DRIVE_MESSAGES.invalidArgument('continuationToken'));
  }
  return kind === 'file'
    ? new FakeFileIterator(env, body.source, body.after)
    : new FakeFolderIterator(env, body.source, body.after);
}

/**
 * Non-trashed items of the iterator's kind that the user can see, in creation order. Listings by
 * parent and name searches see items as `DriveStore.listed` does (late by `listingLagMs`).
 */
function candidates(env: DriveEnv, state: IterState): DriveItem[] {
  const { store } = env;
  const user = env.user();
  const now = env.now();
  const visible = (item: DriveItem) => kindOf(item) === state.kind && store.canView(item.id, user);
  const src = state.source;
  switch (src.by) {
    case 'children':
      return store
        .listedChildren(src.parentId, now)
        .filter(
          (item) =>
            visible(item) &&
            (src.name === undefined || item.name === src.name) &&
            (src.mimeType === undefined || item.mimeType === src.mimeType),
        );
    case 'search':
      return store.all().filter((item) => {
        const seen = store.listed(item, now);
        return (
          !!seen &&
          seen.parentId !== null &&
          !seen.trashed &&
          item.name === src.name &&
          visible(item) &&
          store.searchable(item, now)
        );
      });
    case 'parentOf': {
      const parentId = store.get(src.id)?.parentId;
      const parent = parentId ? store.get(parentId) : undefined;
      return parent && store.canView(parent.id, user) && kindOf(parent) === state.kind
        ? [parent]
        : [];
    }
  }
}

function encodeToken(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeToken(token: unknown): TokenBody | undefined {
  if (typeof token !== 'string' || token === '') return undefined;
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as TokenBody;
    const sourceOk = body?.source && ['children', 'search', 'parentOf'].includes(body.source.by);
    return body?.v === 1 && sourceOk && Number.isInteger(body.after) ? body : undefined;
  } catch {
    return undefined;
  }
}
