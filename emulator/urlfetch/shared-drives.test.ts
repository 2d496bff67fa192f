/**
 * Shared drives over the Drive REST API and DriveApp: their items reach only requests that say
 * they support shared drives (supportsAllDrives, includeItemsFromAllDrives), drives.list, the
 * drive id as the top folders' parent, no owner, and "Shared with me".
 */
import { createContext } from '../core/context';
import { createDriveApp } from '../drive';
import { DriveStore, FOLDER_MIME } from '../drive/store';
import { createUrlFetchApp } from '.';

const OPS = 'ops@example.com';
const OTHER = 'other@example.com';
const STRANGER = 'stranger@example.com';
const TOKENS: Record<string, string> = { 'tok-ops': OPS, 'tok-stranger': STRANGER };
const API = 'https://www.googleapis.com/drive/v3/';
const ALL = 'supportsAllDrives=true';
const LIST_ALL = 'supportsAllDrives=true&includeItemsFromAllDrives=true';

function setup() {
  const ctx = createContext({ seed: 3 });
  const store = new DriveStore(ctx, { searchLagMs: 0 });
  const app = createUrlFetchApp(ctx, store, (t) => TOKENS[t], { partialPageRate: 0 });
  const drive = store.createSharedDrive({
    name: 'Client deliveries',
    members: { [OTHER]: 'organizer', [OPS]: 'writer' },
  });
  const acme = store.createFolder({ name: 'Acme', parentId: drive.id, owner: OPS });
  const obj = store.createFile({
    name: 'a.obj',
    mimeType: 'model/obj',
    parentId: acme.id,
    owner: OPS,
    size: 5,
  });
  const mine = store.createFolder({ name: 'Mine', parentId: store.rootId(OPS), owner: OPS });
  const theirs = store.createFolder({
    name: 'Theirs',
    parentId: store.rootId(OTHER),
    owner: OTHER,
  });
  store.share(theirs.id, OPS, 'editor');
  return { ctx, store, app, drive, acme, obj, mine, theirs };
}

type Setup = ReturnType<typeof setup>;

function call(s: Setup, method: 'get' | 'post', path: string, body?: unknown, token = 'tok-ops') {
  const r = s.ctx.runtime.execute('test', OPS, () => {
    const res = s.app.fetch(API + path, {
      method,
      headers: { Authorization: `Bearer ${token}` },
      contentType: 'application/json',
      payload: body === undefined ? undefined : JSON.stringify(body),
      muteHttpExceptions: true,
    });
    return { code: res.getResponseCode(), text: res.getContentText() };
  });
  if (!r.ok) throw new Error(r.error);
  return { code: r.value!.code, json: JSON.parse(r.value!.text) };
}

function names(answer: { json: { files?: Array<{ name: string }> } }): string[] {
  return (answer.json.files ?? []).map((f) => f.name);
}

const q = (text: string) => `q=${encodeURIComponent(text)}`;

describe('shared drives over REST', () => {
  test('files.get of a shared drive item: 404 without supportsAllDrives, the item with it', () => {
    const s = setup();
    expect(call(s, 'get', `files/${s.acme.id}`).code).toBe(404);
    expect(call(s, 'get', `files/${s.drive.id}`).code).toBe(404);
    const fields = encodeURIComponent(
      'id,name,parents,driveId,owners,ownedByMe,capabilities(canAddChildren)',
    );
    const got = call(s, 'get', `files/${s.acme.id}?${ALL}&fields=${fields}`);
    expect(got.code).toBe(200);
    // The drive's top folders have the drive as their parent; nobody owns them.
    expect(got.json).toEqual({
      id: s.acme.id,
      name: 'Acme',
      parents: [s.drive.id],
      driveId: s.drive.id,
      capabilities: { canAddChildren: true },
    });
    const root = call(s, 'get', `files/${s.drive.id}?${ALL}&fields=id,name,mimeType,driveId`);
    expect(root.json).toEqual({
      id: s.drive.id,
      name: 'Client deliveries',
      mimeType: FOLDER_MIME,
      driveId: s.drive.id,
    });
  });

  test('a non-member gets 404 even with supportsAllDrives', () => {
    const s = setup();
    expect(call(s, 'get', `files/${s.acme.id}?${ALL}`, undefined, 'tok-stranger').code).toBe(404);
  });

  test('files.list leaves shared drive items out unless both parameters are true', () => {
    const s = setup();
    const byParent = q(`'${s.acme.id}' in parents and trashed = false`);
    expect(names(call(s, 'get', `files?${byParent}`))).toEqual([]);
    expect(names(call(s, 'get', `files?${byParent}&${ALL}`))).toEqual([]);
    expect(names(call(s, 'get', `files?${byParent}&includeItemsFromAllDrives=true`))).toEqual([]);
    expect(names(call(s, 'get', `files?${byParent}&${LIST_ALL}`))).toEqual(['a.obj']);
    const search = q("name = 'a.obj'");
    expect(names(call(s, 'get', `files?${search}`))).toEqual([]);
    expect(names(call(s, 'get', `files?${search}&${LIST_ALL}`))).toEqual(['a.obj']);
  });

  test('corpora=drive lists one drive and needs its driveId and includeItemsFromAllDrives', () => {
    const s = setup();
    const folders = q(`mimeType = '${FOLDER_MIME}'`);
    const one = call(s, 'get', `files?${folders}&corpora=drive&driveId=${s.drive.id}&${LIST_ALL}`);
    expect(names(one)).toEqual(['Acme']);
    expect(call(s, 'get', `files?${folders}&corpora=drive&${LIST_ALL}`).code).toBe(400);
    expect(call(s, 'get', `files?${folders}&driveId=${s.drive.id}&${LIST_ALL}`).code).toBe(400);
    expect(call(s, 'get', `files?${folders}&corpora=drive&driveId=${s.drive.id}`).code).toBe(400);
    expect(call(s, 'get', `files?${folders}&corpora=nowhere`).code).toBe(400);
  });

  test('copies and new folders go into a shared drive folder only with supportsAllDrives', () => {
    const s = setup();
    const denied = call(s, 'post', 'files', {
      name: 'X',
      mimeType: FOLDER_MIME,
      parents: [s.acme.id],
    });
    expect(denied.code).toBe(404);
    const made = call(s, 'post', `files?${ALL}`, {
      name: 'X',
      mimeType: FOLDER_MIME,
      parents: [s.acme.id],
    });
    expect(made.code).toBe(200);
    const src = s.store.createFile({
      name: 'b.jpg',
      mimeType: 'image/jpeg',
      parentId: s.mine.id,
      owner: OPS,
      size: 9,
    });
    expect(call(s, 'post', `files/${src.id}/copy`, { parents: [made.json.id] }).code).toBe(404);
    expect(call(s, 'post', `files/${s.obj.id}/copy`, { parents: [s.mine.id] }).code).toBe(404);
    const copy = call(s, 'post', `files/${src.id}/copy?${ALL}&fields=id,driveId,owners`, {
      parents: [made.json.id],
    });
    expect(copy.code).toBe(200);
    expect(copy.json.driveId).toBe(s.drive.id);
    expect(copy.json.owners).toBeUndefined();
    // Files in a shared drive take none of the copier's own storage.
    expect(s.store.storageUsed(OPS)).toBe(9);
  });

  test('drives.list lists the drives the user is a member of, 10 a page unless told', () => {
    const s = setup();
    for (let i = 0; i < 11; i += 1)
      s.store.createSharedDrive({ name: `D${i}`, members: { [OPS]: 'reader' } });
    s.store.createSharedDrive({ name: 'Not mine', members: { [OTHER]: 'organizer' } });
    const first = call(s, 'get', 'drives');
    expect(first.json.drives).toHaveLength(10);
    expect(first.json.drives[0]).toEqual({
      kind: 'drive#drive',
      id: s.drive.id,
      name: 'Client deliveries',
    });
    const rest = call(s, 'get', `drives?pageToken=${first.json.nextPageToken}`);
    expect(rest.json.drives.map((d: { name: string }) => d.name)).toEqual(['D9', 'D10']);
    expect(rest.json.nextPageToken).toBeUndefined();
    expect(call(s, 'get', 'drives?pageSize=101').code).toBe(400);
    expect(call(s, 'get', 'drives', undefined, 'tok-stranger').json.drives).toEqual([]);
  });

  test('sharedWithMe = true lists what others shared with the user by name', () => {
    const s = setup();
    const shared = call(
      s,
      'get',
      `files?${q(`sharedWithMe = true and mimeType = '${FOLDER_MIME}'`)}&${LIST_ALL}`,
    );
    expect(names(shared)).toEqual(['Theirs']);
  });
});

describe('shared drives in DriveApp', () => {
  test('getFolderById reaches a shared drive folder; its items have no owner; members can add files', () => {
    const s = setup();
    const DriveApp = createDriveApp(s.ctx, s.store);
    const r = s.ctx.runtime.execute('test', OPS, () => {
      const folder = DriveApp.getFolderById(s.acme.id);
      const file = folder.createFile('note.txt', 'hello');
      return {
        name: folder.getName(),
        owner: folder.getOwner(),
        fileOwner: file.getOwner(),
        parent: folder.getParents().next().getId(),
        editors: folder
          .getEditors()
          .map((u) => u.getEmail())
          .sort(),
      };
    });
    expect(r.ok).toBe(true);
    expect(r.value).toEqual({
      name: 'Acme',
      owner: null,
      fileOwner: null,
      parent: s.drive.id,
      editors: [OPS, OTHER].sort(),
    });
    const stranger = s.ctx.runtime.execute('test', STRANGER, () =>
      DriveApp.getFolderById(s.acme.id).getName(),
    );
    expect(stranger.ok).toBe(false);
  });

  test('moving a file of My Drive into a shared drive: its owner only, and the drive owns it then', () => {
    const s = setup();
    const DriveApp = createDriveApp(s.ctx, s.store);
    const mine = s.store.createFile({
      name: 'sheet.csv',
      mimeType: 'text/csv',
      parentId: s.mine.id,
      owner: OPS,
      size: 40,
    });
    const theirs = s.store.createFile({
      name: 'theirs.csv',
      mimeType: 'text/csv',
      parentId: s.theirs.id,
      owner: OTHER,
      size: 7,
    });
    const move = (id: string) =>
      s.ctx.runtime.execute('test', OPS, () =>
        DriveApp.getFileById(id).moveTo(DriveApp.getFolderById(s.acme.id)),
      );
    expect(move(theirs.id).ok).toBe(false);
    expect(s.store.get(theirs.id)!.parentId).toBe(s.theirs.id);
    expect(move(mine.id).ok).toBe(true);
    expect(s.store.get(mine.id)).toMatchObject({ parentId: s.acme.id, driveId: s.drive.id });
    expect(s.store.storageUsed(OPS)).toBe(0);
  });
});
