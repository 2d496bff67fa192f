/**
 * The one way the add-on reads Drive outside the copier (settings, folder browser, batch checks,
 * lost items, report, listings): every read goes through RestSession.readAll, so a rate limit or
 * a server error is tried again after a backoff, as the copier's reads are, and no answer at all,
 * round after round, is the daily URL Fetch limit. What a read still lacks after its tries is told
 * by its kind: only a 404 says "missing or not shared"; a refusal for rate or a 5xx says Drive was
 * busy, which proves nothing about the file.
 */
import {
  AnswerKind,
  DriveFileMeta,
  RestAnswer,
  driveUrl,
  drivesListRequest,
  filesGet,
  kindOf,
} from './rest';
import { RestSession, driveError } from './rest-session';
import { DEFAULT_WRITES_PER_SECOND } from './pacer';

/** What one read came to once its tries are spent. */
export interface DriveRead<T> {
  kind: AnswerKind;
  /** The last answer's HTTP status; 0 when no answer came at all. */
  status: number;
  /** The answer's body; only an `ok` read's is the file or page asked for. */
  body: T | null;
}

/**
 * A session for a few reads of one request from a page. Made per use, never kept in module
 * state: the OAuth token it caches belongs to the user of this execution only.
 */
export function readSession(): RestSession {
  return new RestSession(DEFAULT_WRITES_PER_SECOND);
}

/** files.get of one item with the fields asked for. */
export function readFileMeta(
  id: string,
  fields: string,
  session: RestSession = readSession(),
): DriveRead<DriveFileMeta> {
  return readOne<DriveFileMeta>(session, filesGet(session.token, id, fields));
}

/** One page of files.list for the query asked (its `q`, `fields`, `pageSize`, `pageToken`...). */
export function readListPage<T>(
  query: Record<string, string | number | boolean>,
  session: RestSession = readSession(),
): DriveRead<T> {
  return readOne<T>(session, {
    url: driveUrl('files', query),
    method: 'get',
    headers: { Authorization: `Bearer ${session.token}` },
    muteHttpExceptions: true,
  });
}

/** One page of the user's shared drives (drives.list). */
export function readDrivesPage<T>(
  pageToken: string | null,
  session: RestSession = readSession(),
): DriveRead<T> {
  return readOne<T>(session, drivesListRequest(session.token, pageToken));
}

/** files.get of many items at once (batched), each read as readFileMeta reads one. */
export function readFileMetas(
  ids: string[],
  fields: string,
  session: RestSession = readSession(),
): Array<DriveRead<DriveFileMeta>> {
  const answers = session.readAll(ids.map((id) => filesGet(session.token, id, fields)));
  return answers.map((answer) => readOf<DriveFileMeta>(answer));
}

function readOne<T>(session: RestSession, request: GoogleAppsScript.URL_Fetch.URLFetchRequest) {
  const [answer] = session.readAll([request]);
  return readOf<T>(answer);
}

function readOf<T>(answer: RestAnswer<unknown> | null): DriveRead<T> {
  return {
    kind: kindOf(answer),
    status: answer?.status ?? 0,
    body: (answer?.body ?? null) as T | null,
  };
}

/** Drive refused for going too fast, or failed or did not answer, every time it was asked. */
export function driveWasBusy(read: Pick<DriveRead<unknown>, 'kind'>): boolean {
  return read.kind === 'refusedForRate' || read.kind === 'unknown';
}

/**
 * What to tell ops about a read that got neither the item nor a 404; `about` names what was
 * asked about ("the staging folder "Exports""). A busy Drive says so and to try again later; a
 * token not accepted says what to do about it; any other refusal gives its code.
 */
export function unansweredMessage(
  read: Pick<DriveRead<unknown>, 'kind' | 'status'>,
  about: string,
) {
  if (driveWasBusy(read)) {
    const code = read.status ? `code ${read.status}` : 'no answer';
    return `Google Drive is busy and did not answer about ${about}, even after several tries (${code}). Try again in a few minutes.`;
  }
  return driveError({ status: read.status, body: null }, `open ${about}`).message;
}

/**
 * A read that got no usable answer after its tries: nothing can be concluded about the item, so
 * whoever asked changes nothing (no task fails, no setting or record is written) and tells ops
 * to try again. Unlike a refusal for bad input, it is not turned into a task's failure.
 */
export class DriveUnansweredError extends Error {
  constructor(
    message: string,
    readonly kind: AnswerKind,
    readonly status: number,
  ) {
    super(message);
    this.name = 'DriveUnansweredError';
  }
}

/** The error for a read that got neither the item nor a 404. */
export function unanswered(read: DriveRead<unknown>, about: string): DriveUnansweredError {
  return new DriveUnansweredError(unansweredMessage(read, about), read.kind, read.status);
}
