import {
  CopyOutcome,
  CopyRequest,
  Copier,
  FolderCopy,
  FolderCopyResult,
  FolderEntry,
  NoteSending,
  SavePlans,
  SourceFile,
  SourceUnavailableError,
} from './copier';
import { runCopyRounds } from './copy-rounds';
import { FolderRun } from './folder-run';
import {
  DriveFileMeta,
  ListPage,
  createFolderRequest,
  entryOf,
  generateIdsRequest,
  ShortcutLookup,
  getRequest,
  placedRequest,
  kindOf,
  linkedSource,
  listRequest,
  shortcutTargetOf,
} from './rest';
import { MAX_READ_TRIES, RestSession, driveError } from './rest-session';

/**
 * The copier over Drive's REST API: copies go out in parallel with UrlFetchApp.fetchAll, paced to
 * Drive's sustained write rate (3 per second per account by default), with backoff on refusals
 * and a look at the folder before any copy is sent again. Several task folders are worked at once
 * (`copyFolders`), so the rate holds across tasks.
 */
export class RestCopier implements Copier {
  readonly kind = 'rest' as const;
  private readonly session: RestSession;

  constructor(writesPerSecond: number) {
    this.session = new RestSession(writesPerSecond);
  }

  sourceFile(id: string, resourceKey?: string): SourceFile {
    const file = this.sourceFiles([id], resourceKey ? { [id]: resourceKey } : {}).get(id);
    if (!file) throw new SourceUnavailableError(id);
    return file;
  }

  /**
   * Looks the files up in parallel, each with its resource key; then, in a second round, the
   * targets of those that are shortcuts, each with the key the shortcut gives for it.
   */
  sourceFiles(
    ids: readonly string[],
    resourceKeys: Readonly<Record<string, string>> = {},
  ): Map<string, SourceFile | null> {
    const unique = [...new Set(ids)];
    const found = new Map<string, SourceFile | null>();
    const shortcuts = new Map<string, ShortcutLookup>();
    this.lookUp(
      unique.map((id) => [id, getRequest(this.session.token, id, resourceKeys[id])]),
      (id, meta) => {
        const source = meta && linkedSource(meta, resourceKeys[id]);
        if (source && 'targetId' in source) shortcuts.set(id, source);
        else found.set(id, source);
      },
    );
    const targets = [...shortcuts];
    this.lookUp(
      targets.map(([id, t]) => [
        id,
        getRequest(this.session.token, t.targetId, t.targetResourceKey),
      ]),
      (id, meta) => found.set(id, shortcutTargetOf(shortcuts.get(id)!, meta)),
    );
    return new Map(unique.map((id) => [id, found.get(id) ?? null]));
  }

  /** files.get of each request: its metadata, or null when it cannot be opened. */
  private lookUp(
    requests: Array<[string, GoogleAppsScript.URL_Fetch.URLFetchRequest]>,
    take: (id: string, meta: DriveFileMeta | null) => void,
  ): void {
    const answers = this.session.readAll(requests.map(([, r]) => r));
    requests.forEach(([id], i) => {
      const answer = answers[i];
      const kind = kindOf(answer);
      if (kind === 'ok') take(id, answer!.body as DriveFileMeta);
      else if (kind === 'notFound' || kind === 'denied') take(id, null);
      else throw driveError(answer, `look up the file ${id}`);
    });
  }

  listFiles(folderId: string): FolderEntry[] {
    return this.list(folderId, 'files');
  }

  listFolders(folderId: string): FolderEntry[] {
    return this.list(folderId, 'folders');
  }

  /**
   * Creates the folder with a generated id (`id`, or one asked for now), so that sending it again
   * after an error or a lost answer cannot make a second one: Drive answers 409 to a repeat.
   */
  createFolder(parentId: string, name: string, id?: string): string {
    const folderId = id ?? this.newId();
    for (let attempt = 1; ; attempt++) {
      this.session.sleepUntil(this.session.backoff.holdUntil());
      this.session.sleepUntil(this.session.pacer.readyAt(1, Date.now()));
      const [answer] = this.session.send(
        [createFolderRequest(this.session.token, parentId, name, folderId)],
        1,
      );
      const kind = kindOf(answer);
      this.session.noteRound([kind], 1);
      if (kind === 'ok') return (answer!.body as { id: string }).id;
      if (kind === 'exists') return folderId;
      const again = kind === 'refusedForRate' || kind === 'unknown';
      if (!again || attempt >= MAX_READ_TRIES) {
        throw driveError(answer, `create the folder "${name}" in the folder ${parentId}`);
      }
    }
  }

  placedIn(id: string, folderId: string): FolderEntry | null {
    const [answer] = this.session.readAll([placedRequest(this.session.token, id)]);
    const kind = kindOf(answer);
    if (kind === 'notFound') return null;
    if (kind !== 'ok') throw driveError(answer, `look up the item ${id}`);
    const meta = answer!.body as DriveFileMeta;
    if (meta.trashed || !meta.parents?.includes(folderId)) return null;
    return entryOf(meta);
  }

  /** One id from files.generateIds, for a write that must not be made twice. */
  newId(): string {
    const [answer] = this.session.readAll([generateIdsRequest(this.session.token, 1)]);
    const ids = (answer?.body as { ids?: unknown } | null)?.ids;
    if (kindOf(answer) !== 'ok' || !Array.isArray(ids) || typeof ids[0] !== 'string') {
      throw driveError(answer, 'reserve an id for a new folder');
    }
    return ids[0];
  }

  copyFiles(requests: readonly CopyRequest[], folderId: string, deadline: number): CopyOutcome[] {
    const copy: FolderCopy = {
      key: folderId,
      parentId: '',
      folderName: '',
      folderId,
      plan: [...requests],
    };
    const [run] = runCopyRounds(
      this.session,
      [copy],
      deadline,
      () => undefined,
      () => undefined,
      { listed: true },
    );
    return outcomesOf(run, requests);
  }

  copyFolders(
    copies: readonly FolderCopy[],
    deadline: number,
    onResult: (result: FolderCopyResult) => void,
    save: SavePlans,
    onSending?: NoteSending,
  ): FolderCopyResult[] {
    const runs = runCopyRounds(
      this.session,
      copies,
      deadline,
      onResult,
      save,
      { verify: true },
      onSending,
    );
    return runs.map(
      (run) =>
        run.result ?? {
          key: run.copy.key,
          folderId: run.folderId,
          copied: run.copied(),
          state: 'pending',
        },
    );
  }

  private list(folderId: string, what: 'files' | 'folders'): FolderEntry[] {
    const entries: FolderEntry[] = [];
    let pageToken: string | undefined;
    do {
      const [answer] = this.session.readAll([
        listRequest(this.session.token, folderId, what, pageToken),
      ]);
      if (kindOf(answer) !== 'ok') throw driveError(answer, `list the folder ${folderId}`);
      const page = (answer!.body ?? {}) as ListPage;
      for (const f of page.files ?? []) {
        entries.push(entryOf(f));
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
    return entries;
  }
}

/** One outcome per request tried, in the order asked; requests never sent are left out. */
function outcomesOf(run: FolderRun, requests: readonly CopyRequest[]): CopyOutcome[] {
  const outcomes: CopyOutcome[] = [];
  for (const request of requests) {
    const name = request.targetName;
    const id = run.landed.get(name);
    const failure = run.failures.get(name);
    if (id) outcomes.push({ request, ok: true, id });
    else if (failure) outcomes.push({ request, ok: false, retry: false, message: failure });
    else if (run.tried.has(name)) {
      outcomes.push({
        request,
        ok: false,
        retry: true,
        message: 'Google Drive did not confirm the copy',
      });
    }
  }
  return outcomes;
}
