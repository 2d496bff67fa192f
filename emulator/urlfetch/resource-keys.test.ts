/**
 * The Drive REST API and files shared by link (the X-Goog-Drive-Resource-Keys header), files whose
 * copy is restricted for viewers and commenters, and shortcuts.
 */
import { createContext } from '../core/context';
import { DriveStore, SHORTCUT_MIME } from '../drive/store';
import { createUrlFetchApp } from '.';

const OPS = 'ops@example.com';
const OWNER = 'owner@example.com';
const TOKENS: Record<string, string> = { 'tok-ops': OPS, 'tok-owner': OWNER };
const API = 'https://www.googleapis.com/drive/v3/';
const FIELDS = encodeURIComponent(
  'id,name,mimeType,size,resourceKey,webViewLink,copyRequiresWriterPermission,shortcutDetails,capabilities(canCopy,canDownload)',
);

function setup() {
  const ctx = createContext({ seed: 9 });
  const store = new DriveStore(ctx);
  const app = createUrlFetchApp(ctx, store, (t) => TOKENS[t], { partialPageRate: 0 });
  const inbox = store.createFolder({ name: 'Inbox', parentId: store.rootId(OPS), owner: OPS });
  const work = store.createFolder({ name: 'Work', parentId: store.rootId(OWNER), owner: OWNER });
  const obj = store.createFile({
    name: 'scan.obj',
    mimeType: 'model/obj',
    parentId: work.id,
    owner: OWNER,
    size: 1234,
  });
  return { ctx, store, app, inbox, work, obj };
}

type Setup = ReturnType<typeof setup>;

/** One request in its own execution, as OPS unless told: status and parsed body. */
function call(
  s: Setup,
  method: 'get' | 'post',
  path: string,
  o: { body?: unknown; keys?: string; token?: string } = {},
) {
  const headers: Record<string, string> = { Authorization: `Bearer ${o.token ?? 'tok-ops'}` };
  if (o.keys !== undefined) headers['X-Goog-Drive-Resource-Keys'] = o.keys;
  const r = s.ctx.runtime.execute('test', OPS, () => {
    const res = s.app.fetch(API + path, {
      method,
      headers,
      contentType: 'application/json',
      payload: o.body === undefined ? undefined : JSON.stringify(o.body),
      muteHttpExceptions: true,
    });
    return { code: res.getResponseCode(), text: res.getContentText() };
  });
  if (!r.ok) throw new Error(r.error);
  return { code: r.value!.code, json: JSON.parse(r.value!.text) };
}

describe('resource keys over REST', () => {
  test('files.get of a file shared by link with a key: 404 without the key or with a wrong one, the file with it', () => {
    const s = setup();
    const key = s.store.shareByLink(s.obj.id, { withResourceKey: true })!;
    const missing = call(s, 'get', `files/1NoSuchFileXXXXXXXXXXXXXXXXXXXXXX`);
    const without = call(s, 'get', `files/${s.obj.id}`);
    const wrong = call(s, 'get', `files/${s.obj.id}`, { keys: `${s.obj.id}/0-nope` });
    expect(without.code).toBe(404);
    expect(without.json.error.errors[0].reason).toBe(missing.json.error.errors[0].reason);
    expect(wrong.code).toBe(404);
    const right = call(s, 'get', `files/${s.obj.id}?fields=${FIELDS}`, {
      keys: `1OtherFileXXXXXXXXXXXXXXXXXXXXXX/0-x, ${s.obj.id}/${key}`,
    });
    expect(right.code).toBe(200);
    expect(right.json).toEqual({
      id: s.obj.id,
      name: 'scan.obj',
      mimeType: 'model/obj',
      size: '1234',
      resourceKey: key,
      webViewLink: `https://drive.google.com/file/d/${s.obj.id}/view?usp=drivesdk&resourcekey=${key}`,
      copyRequiresWriterPermission: false,
      capabilities: { canCopy: true, canDownload: true },
    });
  });

  test('files.copy carries the key of its source; without it the source is missing', () => {
    const s = setup();
    const key = s.store.shareByLink(s.obj.id, { withResourceKey: true })!;
    const body = { name: 'mine.obj', parents: [s.inbox.id] };
    const without = call(s, 'post', `files/${s.obj.id}/copy`, { body });
    expect(without.code).toBe(404);
    expect(s.store.children(s.inbox.id)).toEqual([]);
    const copied = call(s, 'post', `files/${s.obj.id}/copy?fields=id,name,resourceKey`, {
      body,
      keys: `${s.obj.id}/${key}`,
    });
    expect(copied.code).toBe(200);
    // The copy is the copier's own file, with no key.
    expect(copied.json).toEqual({ id: expect.any(String), name: 'mine.obj' });
    expect(s.store.get(copied.json.id)).toMatchObject({ owner: OPS, size: 1234 });
  });

  test('a file shared by link without a key needs no header; listings do not show it', () => {
    const s = setup();
    s.store.shareByLink(s.obj.id);
    expect(call(s, 'get', `files/${s.obj.id}?fields=name`).json).toEqual({ name: 'scan.obj' });
    const q = encodeURIComponent(`'${s.work.id}' in parents`);
    expect(call(s, 'get', `files?q=${q}`).json.files).toEqual([]);
    expect(call(s, 'get', `files?q=${q}`, { token: 'tok-owner' }).json.files).toHaveLength(1);
  });

  test('a malformed header is refused loudly', () => {
    const s = setup();
    expect(() => call(s, 'get', `files/${s.obj.id}`, { keys: 'no-slash-here' })).toThrow(
      /is not a list of fileId\/resourceKey pairs/,
    );
  });
});

describe('copy restricted for viewers and commenters, over REST', () => {
  test('capabilities.canCopy is false for a viewer; files.copy answers 403 cannotCopyFile and copies nothing', () => {
    const s = setup();
    s.store.share(s.obj.id, OPS, 'viewer');
    s.store.restrictCopying(s.obj.id);
    const meta = call(
      s,
      'get',
      `files/${s.obj.id}?fields=copyRequiresWriterPermission,capabilities(canCopy,canDownload)`,
    );
    expect(meta.json).toEqual({
      copyRequiresWriterPermission: true,
      capabilities: { canCopy: false, canDownload: false },
    });
    const refused = call(s, 'post', `files/${s.obj.id}/copy`, {
      body: { name: 'mine.obj', parents: [s.inbox.id] },
    });
    expect(refused.code).toBe(403);
    expect(refused.json.error.errors[0]).toMatchObject({ reason: 'cannotCopyFile' });
    expect(s.store.children(s.inbox.id)).toEqual([]);
    // Its owner may copy it.
    const own = call(s, 'get', `files/${s.obj.id}?fields=capabilities(canCopy)`, {
      token: 'tok-owner',
    });
    expect(own.json).toEqual({ capabilities: { canCopy: true } });
  });
});

describe('shortcuts over REST', () => {
  test('files.get of a shortcut tells its target, with the target’s key, and no size', () => {
    const s = setup();
    const key = s.store.shareByLink(s.obj.id, { withResourceKey: true })!;
    const shortcut = s.store.createShortcut({
      targetId: s.obj.id,
      parentId: s.inbox.id,
      owner: OPS,
    });
    const got = call(s, 'get', `files/${shortcut.id}?fields=${FIELDS}`);
    expect(got.json).toMatchObject({
      id: shortcut.id,
      name: 'scan.obj',
      mimeType: SHORTCUT_MIME,
      shortcutDetails: { targetId: s.obj.id, targetMimeType: 'model/obj', targetResourceKey: key },
    });
    expect(got.json.size).toBeUndefined();
    // Copying a shortcut makes a shortcut to the same target.
    const copied = call(s, 'post', `files/${shortcut.id}/copy?fields=id,mimeType,shortcutDetails`, {
      body: { name: 'again', parents: [s.inbox.id] },
    });
    expect(copied.json).toMatchObject({
      mimeType: SHORTCUT_MIME,
      shortcutDetails: { targetId: s.obj.id },
    });
  });
});
