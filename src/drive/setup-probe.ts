/**
 * The Drive calls of the setup check's probe: the same requests the copy engine sends (generated
 * ids, a folder, a copy carrying its id, a listing by parent), through a RestSession so they are
 * paced, backed off and batched as the engine's are; and the trash, through DriveApp, because it
 * is the one way to remove a folder that both Apps Script and the REST subset the add-on uses
 * share. Each answer is told by its kind (HTTP status and Drive's reason code), never its text.
 */
import {
  AnswerKind,
  RestAnswer,
  copyRequest,
  createFolderRequest,
  generateIdsRequest,
  kindOf,
  listRequest,
} from './rest';
import { RestSession } from './rest-session';
import { readFileMeta, unanswered } from './drive-reads';

type FetchRequest = GoogleAppsScript.URL_Fetch.URLFetchRequest;

/** One request's outcome: its kind, its HTTP status (0: no answer), and its body when ok. */
export interface ProbeAnswer<T = unknown> {
  kind: AnswerKind;
  status: number;
  body: T | null;
}

function outcome<T>(answer: RestAnswer<unknown> | null): ProbeAnswer<T> {
  const kind = kindOf(answer);
  return { kind, status: answer?.status ?? 0, body: kind === 'ok' ? (answer!.body as T) : null };
}

/** A write, sent alone once the pacer and any backoff allow; never sent twice here. */
function write<T>(session: RestSession, request: FetchRequest): ProbeAnswer<T> {
  session.sleepUntil(Math.max(session.backoff.holdUntil(), session.pacer.readyAt(1, Date.now())));
  const [answer] = session.send([request], 1);
  const result = outcome<T>(answer);
  session.noteRound([result.kind], 1);
  return result;
}

/** files.generateIds, sent as a read (tried again when Drive is busy). */
export function generateIds(session: RestSession, count: number): ProbeAnswer<{ ids?: string[] }> {
  const [answer] = session.readAll([generateIdsRequest(session.token, count)]);
  return outcome(answer);
}

export function createFolderWithId(
  session: RestSession,
  parentId: string,
  name: string,
  id: string,
): ProbeAnswer {
  return write(session, createFolderRequest(session.token, parentId, name, id));
}

/** A small text file made in the folder (DriveApp: the REST subset uploads no bytes). */
export function createProbeFile(folderId: string, name: string): string {
  return DriveApp.getFolderById(folderId)
    .createFile(name, 'Made by the export add-on’s setup check; safe to delete.', 'text/plain')
    .getId();
}

/** files.copy of `sourceId` into the folder, taking the generated `id`. */
export function copyWithId(
  session: RestSession,
  sourceId: string,
  folderId: string,
  name: string,
  id: string,
): ProbeAnswer {
  return write(session, copyRequest(session.token, sourceId, name, folderId, undefined, id));
}

/** The ids of the files (not folders) a listing by parent shows in the folder now, or null. */
export function listedFileIds(session: RestSession, folderId: string): string[] | null {
  const [answer] = session.readAll([listRequest(session.token, folderId, 'files')]);
  const result = outcome<{ files?: Array<{ id: string }> }>(answer);
  return result.body ? (result.body.files ?? []).map((f) => f.id) : null;
}

/**
 * Puts the folder (and so all it holds) in the trash. 'missing' when Drive answers 404 for it
 * (never made, or not this user's); a folder already trashed is trashed again harmlessly. Drive
 * busy throws, so the caller keeps its record and the next run tries again.
 */
export function trashFolder(session: RestSession, folderId: string): 'trashed' | 'missing' {
  const read = readFileMeta(folderId, 'id,trashed', session);
  if (read.kind === 'notFound') return 'missing';
  if (read.kind !== 'ok') throw unanswered(read, "the setup check's probe folder");
  DriveApp.getFolderById(folderId).setTrashed(true);
  return 'trashed';
}
