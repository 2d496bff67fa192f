import { createContext } from '../core/context';
import { DriveStore, SHEET_MIME } from '../drive/store';
import { createUrlFetchApp } from '.';

const OPS = 'ops@example.com';
const CLIENT = 'client@example.com';
const TOKENS: Record<string, string> = { 'tok-ops': OPS, 'tok-client': CLIENT };
const API = 'https://www.googleapis.com/drive/v3/';

function setup() {
  const ctx = createContext({ seed: 9 });
  const store = new DriveStore(ctx);
  const app = createUrlFetchApp(ctx, store, (t) => TOKENS[t], { partialPageRate: 0 });
  const staging = store.createFolder({ name: 'Staging', parentId: store.rootId(OPS), owner: OPS });
  const file = store.createFile({
    name: 'scan.obj',
    mimeType: 'model/obj',
    parentId: staging.id,
    owner: OPS,
  });
  store.share(staging.id, CLIENT, 'editor');
  return { ctx, store, app, staging, file };
}

function call(s: ReturnType<typeof setup>, method: string, path: string, body?: unknown) {
  const token = 'tok-ops';
  const r = s.ctx.runtime.execute('test', OPS, () => {
    const res = s.app.fetch(API + path, {
      method: method as GoogleAppsScript.URL_Fetch.HttpMethod,
      headers: { Authorization: `Bearer ${token}` },
      contentType: 'application/json',
      payload: body === undefined ? undefined : JSON.stringify(body),
      muteHttpExceptions: true,
    });
    return { code: res.getResponseCode(), json: JSON.parse(res.getContentText()) };
  });
  if (!r.ok) throw new Error(r.error);
  return r.value!;
}

function idsFor(s: ReturnType<typeof setup>, user: string, count = 1): string[] {
  return s.store.reserveIds(user, count);
}

describe('files.generateIds', () => {
  test('answers 10 ids by default, as drive#generatedIds', () => {
    const s = setup();
    const { code, json } = call(s, 'get', 'files/generateIds');
    expect(code).toBe(200);
    expect(json.kind).toBe('drive#generatedIds');
    expect(json.space).toBe('drive');
    expect(json.ids).toHaveLength(10);
    expect(new Set(json.ids).size).toBe(10);
    for (const id of json.ids) expect(s.store.get(id)).toBeUndefined();
  });

  test('count runs from 1 to 1,000; outside it is a 400 with the error body', () => {
    const s = setup();
    expect(
      call(s, 'get', 'files/generateIds?count=1000&space=drive&type=files').json.ids,
    ).toHaveLength(1000);
    for (const bad of ['0', '1001', 'x', '2.5']) {
      const { code, json } = call(s, 'get', `files/generateIds?count=${bad}`);
      expect(code).toBe(400);
      expect(json.error).toMatchObject({ code: 400, errors: [{ location: 'count' }] });
    }
    expect(call(s, 'get', 'files/generateIds?space=photos').code).toBe(400);
  });

  test('files.create takes a generated id; a retry answers 409 and makes no duplicate', () => {
    const s = setup();
    const [id] = call(s, 'get', 'files/generateIds?count=1').json.ids;
    const body = {
      id,
      name: 'Export',
      mimeType: 'application/vnd.google-apps.folder',
      parents: [s.staging.id],
    };
    const first = call(s, 'post', 'files', body);
    expect(first).toMatchObject({ code: 200, json: { id, name: 'Export' } });
    const again = call(s, 'post', 'files', body);
    expect(again.code).toBe(409);
    expect(again.json.error).toMatchObject({
      code: 409,
      message: 'A file already exists with the provided ID.',
      errors: [{ reason: 'duplicate' }],
    });
    expect(s.store.children(s.staging.id).filter((i) => i.name === 'Export')).toHaveLength(1);
  });

  test('files.copy takes a generated id; a retry answers 409', () => {
    const s = setup();
    const [id] = call(s, 'get', 'files/generateIds?count=1').json.ids;
    const body = { id, name: 'copy.obj', parents: [s.staging.id] };
    expect(call(s, 'post', `files/${s.file.id}/copy`, body)).toMatchObject({
      code: 200,
      json: { id },
    });
    expect(call(s, 'post', `files/${s.file.id}/copy`, body).code).toBe(409);
    expect(s.store.children(s.staging.id).filter((i) => i.name === 'copy.obj')).toHaveLength(1);
  });

  test('an id not generated, or generated for another user, is a 400', () => {
    const s = setup();
    const made = call(s, 'post', 'files', { id: '1made-up-id-0000000000000000000000', name: 'x' });
    expect(made.code).toBe(400);
    expect(made.json.error.errors[0].reason).toBe('invalid');
    const [theirs] = idsFor(s, CLIENT);
    expect(call(s, 'post', `files/${s.file.id}/copy`, { id: theirs }).code).toBe(400);
    expect(s.store.get(theirs)).toBeUndefined();
  });

  test('a Google Workspace file other than a folder refuses a generated id', () => {
    const s = setup();
    const [id, id2] = idsFor(s, OPS, 2);
    const sheet = call(s, 'post', 'files', { id, name: 'Sheet', mimeType: SHEET_MIME });
    expect(sheet.code).toBe(400);
    expect(s.store.get(id)).toBeUndefined();
    const native = s.store.createFile({
      name: 'Tracker',
      mimeType: SHEET_MIME,
      parentId: s.staging.id,
      owner: OPS,
    });
    expect(call(s, 'post', `files/${native.id}/copy`, { id: id2 }).code).toBe(400);
    // The id stays usable for a file that may take it.
    expect(call(s, 'post', 'files', { id: id2, name: 'plain' }).code).toBe(200);
  });

  test('an id that is not a string is a 400; reservations survive a save', () => {
    const s = setup();
    expect(call(s, 'post', 'files', { id: 42 }).code).toBe(400);
    const [id] = idsFor(s, OPS);
    const restored = DriveStore.fromJSON(s.ctx, s.store.toJSON());
    expect(restored.reservedFor(id)).toBe(OPS);
  });
});
