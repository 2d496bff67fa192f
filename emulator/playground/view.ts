/**
 * What the playground page shows of a workspace, as plain JSON: the bound spreadsheet's sheets as
 * text, the time-driven triggers, recent executions and a folder of the owner's My Drive. Read
 * straight from the stores (no execution, no simulated time spent): this is the person looking at
 * the sheet, not the script.
 */
import type { Workspace } from '../workspace';
import type { CellValue } from '../spreadsheet/model';
import { isDate } from '../spreadsheet/model';
import { FOLDER_MIME } from '../drive/store';
import { viewLink } from '../drive/links';

export interface SheetView {
  name: string;
  /** Every row of the data region, the first one being the headers; each value as text. */
  rows: string[][];
}

export interface SpreadsheetView {
  id: string;
  name: string;
  sheets: SheetView[];
}

export interface TriggerView {
  uid: string;
  handlerFunction: string;
  owner: string;
  /** ISO time it is next due, or null once a one-shot trigger has fired. */
  dueAt: string | null;
  everyMinutes: number | null;
  firedCount: number;
}

export interface ExecutionView {
  id: number;
  fn: string;
  user: string;
  startedAt: string;
  durationMs: number | null;
  byTrigger: boolean;
  outcome: string;
  error: string | null;
}

export interface DriveEntryView {
  id: string;
  name: string;
  folder: boolean;
  mimeType: string;
  /** The link Drive shows for the item (File.getUrl). */
  link: string;
}

/** One item a link points at, with where it sits in the owner's Drive. */
export interface DriveItemView {
  entry: DriveEntryView;
  /** The folders above it, My Drive (or the top folder the owner can see) first. */
  parents: { id: string; name: string }[];
}

export interface DriveFolderView {
  id: string;
  path: string;
  children: DriveEntryView[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Dates as ISO dates in the spreadsheet's time zone, with the time only when it is not 00:00. */
export function cellText(value: CellValue, timeZone: string): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (!isDate(value)) return String(value);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(value)
      .map((p) => [p.type, Number(p.value)]),
  );
  const date = `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`;
  const time = `${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}`;
  return time === '00:00:00' ? date : `${date} ${time}`;
}

export function spreadsheetView(ws: Workspace): SpreadsheetView | null {
  const id = ws.sheets.activeId;
  const book = id ? ws.sheets.get(id) : undefined;
  if (!id || !book) return null;
  const timeZone = ws.ctx.timeZone;
  return {
    id,
    name: ws.drive.get(id)?.name ?? '',
    sheets: book.sheets
      .filter((sheet) => !sheet.hidden)
      .map((sheet) => ({
        name: sheet.name,
        rows: ws.sheets.values(id, sheet.name).map((row) => row.map((v) => cellText(v, timeZone))),
      })),
  };
}

export function triggersView(ws: Workspace): TriggerView[] {
  return ws.triggers.list().map((t) => ({
    uid: t.uid,
    handlerFunction: t.handlerFunction,
    owner: t.owner,
    dueAt: t.dueAt === null ? null : new Date(t.dueAt).toISOString(),
    everyMinutes: t.periodMs === null ? null : t.periodMs / 60_000,
    firedCount: t.firedCount,
  }));
}

export function executionsView(ws: Workspace, last: number): ExecutionView[] {
  return ws.runtime.executions
    .slice(-last)
    .reverse()
    .map((ex) => ({
      id: ex.id,
      fn: ex.fn,
      user: ex.user,
      startedAt: new Date(ex.startedAt).toISOString(),
      durationMs: ex.endedAt === undefined ? null : ex.endedAt - ex.startedAt,
      byTrigger: !!ex.triggerUid,
      outcome: ex.outcome ?? 'running',
      error: ex.error ?? null,
    }));
}

/** The id the page asks for to list "Shared with me" instead of a folder. */
export const SHARED_WITH_ME = 'shared-with-me';

/**
 * What others shared with the owner directly (as Drive's "Shared with me" shows it): items the
 * owner can see whose parent folder they cannot, such as a client's folder shared as viewer.
 */
export function sharedWithOwnerView(ws: Workspace): DriveFolderView {
  const owner = ws.owner;
  const children = ws.drive
    .all()
    .filter(
      (item) =>
        item.parentId !== null &&
        item.owner !== owner &&
        !ws.drive.isTrashed(item.id) &&
        ws.drive.canView(item.id, owner) &&
        !ws.drive.canView(item.parentId, owner),
    )
    .map(entryView)
    .sort(byFolderThenName);
  return { id: SHARED_WITH_ME, path: 'Shared with me', children };
}

/** The id the page asks for to list the owner's shared drives instead of a folder. */
export const SHARED_DRIVES = 'shared-drives';

/** The shared drives the owner is a member of, each opened as a folder (Drive's "Shared drives"). */
export function sharedDrivesView(ws: Workspace): DriveFolderView {
  const children = ws.drive.sharedDrivesOf(ws.owner).map(entryView).sort(byFolderThenName);
  return { id: SHARED_DRIVES, path: 'Shared drives', children };
}

function entryView(
  item: { id: string; name: string; mimeType: string } & Parameters<typeof viewLink>[0],
): DriveEntryView {
  return {
    id: item.id,
    name: item.name,
    folder: item.mimeType === FOLDER_MIME,
    mimeType: item.mimeType,
    link: viewLink(item),
  };
}

function byFolderThenName(a: DriveEntryView, b: DriveEntryView): number {
  return Number(b.folder) - Number(a.folder) || a.name.localeCompare(b.name);
}

/** One folder of the owner's Drive (My Drive when `id` is absent); null if the owner cannot see it. */
export function driveFolderView(ws: Workspace, id?: string): DriveFolderView | null {
  const folderId = id ?? ws.drive.rootId(ws.owner);
  const folder = ws.drive.get(folderId);
  if (!folder || folder.mimeType !== FOLDER_MIME || !ws.drive.canView(folderId, ws.owner)) {
    return null;
  }
  const children = ws.drive
    .children(folderId)
    .filter((item) => ws.drive.canView(item.id, ws.owner))
    .map(entryView)
    .sort(byFolderThenName);
  return { id: folderId, path: ws.drive.pathOf(folderId), children };
}

/**
 * The item a Drive link names, as the owner sees it: null when it does not exist, is trashed or
 * the owner cannot see it (Drive then shows the owner no item either).
 */
export function driveItemView(ws: Workspace, id: string): DriveItemView | null {
  const item = ws.drive.get(id);
  if (!item || ws.drive.isTrashed(id) || !ws.drive.canView(id, ws.owner)) return null;
  const parents: DriveItemView['parents'] = [];
  for (let at = item.parentId; at !== null;) {
    const parent = ws.drive.get(at);
    if (!parent || !ws.drive.canView(at, ws.owner)) break;
    parents.unshift({ id: parent.id, name: parent.name });
    at = parent.parentId;
  }
  return { entry: entryView(item), parents };
}
