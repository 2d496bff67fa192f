import { ContextOptions, createContext } from '../core/context';
import { DriveStore, FOLDER_MIME } from '../drive/store';
import { UrlFetchOptions, createUrlFetchApp } from '.';

const OPS = 'ops@example.com';
const CLIENT = 'client@example.com';
const TOKENS: Record<string, string> = { 'tok-ops': OPS, 'tok-client': CLIENT };
const API = 'https://www.googleapis.com/drive/v3/';

type Params = GoogleAppsScript.URL_Fetch.URLFetchRequestOptions;

function setup(opts: ContextOptions = {}, fetchOpts: UrlFetchOptions = {}) {
  const ctx = createContext({ seed: 5, ...opts });
  const store = new DriveStore(ctx);
  const app = createUrlFetchApp(ctx, store, (t) => TOKENS[t], { partialPageRate: 0, ...fetchOpts });
  const root = store.rootId(OPS);
  const staging = store.createFolder({ name: 'Staging', parentId: root, owner: OPS });
  const file = store.createFile({
    name: 'scan.obj',
    mimeType: 'model/obj',
    parentId: staging.id,
    owner: OPS,
    size: 1234,
  });
  const run = <T>(body: () => T, user = OPS) => ctx.runtime.execute('test', user, body);
  return { ctx, store, app, root, staging, file, run };
}

function request(method: string, body?: unknown, token = 'tok-ops'): Params {
  return {
    method: method as GoogleAppsScript.URL_Fetch.HttpMethod,
    headers: { Authorization: `Bearer ${token}` },
    contentType: 'application/json',
    payload: body === undefined ? undefined : JSON.stringify(body),
    muteHttpExceptions: true,
  };
}

/** Sends one request in its own execution; returns status and parsed body. */
function call(
  s: ReturnType<typeof setup>,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
) {
  const r = s.run(() => {
    const res = s.app.fetch(API + path, request(method, body, token));
    return { code: res.getResponseCode(), text: res.getContentText() };
  });
  if (!r.ok) throw new Error(r.error);
  const { code, text } = r.value!;
  return { code, json: JSON.parse(text) };
}

const encode = encodeURIComponent;

describe('files.get', () => {
  test('answers the fields asked for, with size as a string and nested capabilities', () => {
    const s = setup();
    const fields = 'id,name,mimeType,parents,trashed,size,capabilities(canAddChildren,canEdit)';
    const { code, json } = call(
      s,
      'get',
      `files/${s.file.id}?fields=${encode(fields)}&supportsAllDrives=true`,
    );
    expect(code).toBe(200);
    expect(json).toEqual({
      id: s.file.id,
      name: 'scan.obj',
      mimeType: 'model/obj',
      parents: [s.staging.id],
      trashed: false,
      size: '1234',
      capabilities: { canAddChildren: false, canEdit: true },
    });
  });

  test('without fields Drive sends its default set; * sends everything', () => {
    const s = setup();
    expect(call(s, 'get', `files/${s.staging.id}`).json).toEqual({
      kind: 'drive#file',
      id: s.staging.id,
      name: 'Staging',
      mimeType: FOLDER_MIME,
    });
    const all = call(s, 'get', `files/${s.staging.id}?fields=*`).json;
    expect(all).toMatchObject({
      webViewLink: `https://drive.google.com/drive/folders/${s.staging.id}`,
      ownedByMe: true,
      capabilities: { canAddChildren: true, canListChildren: true, canCopy: false, canTrash: true },
    });
    expect(all.size).toBeUndefined();
  });

  test('capabilities follow the user: a viewer may list and copy, not add or trash', () => {
    const s = setup();
    s.store.share(s.staging.id, CLIENT, 'viewer');
    const fields = encode('capabilities(canAddChildren,canEdit,canCopy,canTrash,canListChildren)');
    expect(
      call(s, 'get', `files/${s.staging.id}?fields=${fields}`, undefined, 'tok-client').json,
    ).toEqual({
      capabilities: {
        canAddChildren: false,
        canEdit: false,
        canCopy: false,
        canTrash: false,
        canListChildren: true,
      },
    });
  });

  test('an unknown field is 400 invalidParameter', () => {
    const s = setup();
    const { code, json } = call(s, 'get', `files/${s.file.id}?fields=id,nmae`);
    expect(code).toBe(400);
    expect(json.error.errors[0]).toMatchObject({ reason: 'invalidParameter', location: 'fields' });
  });

  test('an item the user cannot see is 404 notFound, shaped as Google shapes errors', () => {
    const s = setup();
    const { code, json } = call(s, 'get', `files/${s.file.id}`, undefined, 'tok-client');
    expect(code).toBe(404);
    expect(json).toEqual({
      error: {
        code: 404,
        message: `File not found: ${s.file.id}.`,
        errors: [
          {
            domain: 'global',
            reason: 'notFound',
            message: `File not found: ${s.file.id}.`,
            location: 'fileId',
            locationType: 'parameter',
          },
        ],
      },
    });
  });

  test('a trashed item is still returned, with trashed true', () => {
    const s = setup();
    s.store.trash(s.staging.id);
    expect(call(s, 'get', `files/${s.file.id}?fields=trashed`).json).toEqual({ trashed: true });
  });
});

describe('authorisation', () => {
  test('a missing or unknown bearer token is 401', () => {
    const s = setup();
    const noHeader = s.run(() =>
      s.app.fetch(API + `files/${s.file.id}`, { muteHttpExceptions: true }).getResponseCode(),
    );
    expect(noHeader.value).toBe(401);
    const bad = call(s, 'get', `files/${s.file.id}`, undefined, 'stolen');
    expect(bad.code).toBe(401);
    expect(bad.json.error.errors[0].reason).toBe('authError');
  });
});

describe('files.list', () => {
  function withChildren(n: number, fetchOpts: UrlFetchOptions = {}) {
    const s = setup({}, fetchOpts);
    const ids = Array.from(
      { length: n },
      (_, i) =>
        s.store.createFile({
          name: `f${i}`,
          mimeType: 'image/jpeg',
          parentId: s.staging.id,
          owner: OPS,
        }).id,
    );
    return { ...s, ids };
  }
  const list = (s: ReturnType<typeof setup>, q: string, extra = '') =>
    call(
      s,
      'get',
      `files?q=${encode(q)}&fields=${encode('nextPageToken,files(id,name)')}` +
        `&supportsAllDrives=true&includeItemsFromAllDrives=true${extra}`,
    );

  test('lists a folder by parent, honouring trashed and mimeType clauses', () => {
    const s = withChildren(3);
    s.store.trash(s.ids[1]);
    const all = list(s, `'${s.staging.id}' in parents`).json.files.map(
      (f: { name: string }) => f.name,
    );
    expect(all).toEqual(['scan.obj', 'f0', 'f1', 'f2']);
    const live = list(
      s,
      `'${s.staging.id}' in parents and trashed = false and mimeType != 'model/obj'`,
    );
    expect(live.json).toEqual({
      files: [
        { id: s.ids[0], name: 'f0' },
        { id: s.ids[2], name: 'f2' },
      ],
    });
    const folders = list(s, `'root' in parents and mimeType = '${FOLDER_MIME}'`).json.files;
    expect(folders).toEqual([{ id: s.staging.id, name: 'Staging' }]);
  });

  test('pages with nextPageToken until the list ends', () => {
    const s = withChildren(4);
    const q = `'${s.staging.id}' in parents`;
    const names: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const page = list(s, q, `&pageSize=2${token ? `&pageToken=${token}` : ''}`).json;
      names.push(...page.files.map((f: { name: string }) => f.name));
      token = page.nextPageToken ?? '';
      pages += 1;
    } while (token);
    expect(names).toEqual(['scan.obj', 'f0', 'f1', 'f2', 'f3']);
    expect(pages).toBe(3);
  });

  test('pages may come back short before the end, as Drive documents', () => {
    const s = withChildren(30, { partialPageRate: 1 });
    const first = list(s, `'${s.staging.id}' in parents`, '&pageSize=20').json;
    expect(first.files.length).toBeLessThan(20);
    expect(first.nextPageToken).toBeDefined();
  });

  test('bad pageSize, q or pageToken are 400', () => {
    const s = withChildren(1);
    expect(list(s, `'${s.staging.id}' in parents`, '&pageSize=1001').code).toBe(400);
    expect(list(s, `'${s.staging.id}' in parents`, '&pageSize=0').code).toBe(400);
    expect(list(s, `name = 'unterminated`).code).toBe(400);
    expect(list(s, `colour = 'red'`).code).toBe(400);
    expect(
      list(s, `'${s.staging.id}' in parents`, '&pageToken=garbage').json.error.errors[0],
    ).toMatchObject({ reason: 'invalid', location: 'pageToken' });
  });

  test('Drive search syntax the emulator does not model is refused loudly', () => {
    const s = withChildren(1);
    expect(() => list(s, `name = 'a' or name = 'b'`)).toThrow(/does not support/);
    expect(() => list(s, `modifiedTime > '2026-01-01T00:00:00'`)).toThrow(/does not support/);
  });

  test('a name search without a parent lags new items; with a parent it does not', () => {
    const s = setup();
    const name = "O'Brien's scan.obj";
    const item = s.store.createFile({
      name,
      mimeType: 'model/obj',
      parentId: s.staging.id,
      owner: OPS,
    });
    const quoted = name.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    expect(list(s, `name = '${quoted}' and trashed = false`).json.files).toEqual([]);
    expect(list(s, `name = '${quoted}' and '${s.staging.id}' in parents`).json.files).toEqual([
      { id: item.id, name },
    ]);
    s.ctx.clock.advance(10_000);
    expect(list(s, `name = '${quoted}' and trashed = false`).json.files).toEqual([
      { id: item.id, name },
    ]);
    expect(list(s, `name contains 'brien'`).json.files).toEqual([{ id: item.id, name }]);
  });

  test('only items the user can see are listed', () => {
    const s = withChildren(2);
    expect(list(s, `'${s.staging.id}' in parents`).json.files).toHaveLength(3);
    const r = call(
      s,
      'get',
      `files?q=${encode(`'${s.staging.id}' in parents`)}`,
      undefined,
      'tok-client',
    );
    expect(r.json).toEqual({ kind: 'drive#fileList', incompleteSearch: false, files: [] });
  });
});

describe('files.create and files.copy', () => {
  test('creates a folder in a parent the user can edit', () => {
    const s = setup();
    const { code, json } = call(s, 'post', 'files?supportsAllDrives=true&fields=id,name,parents', {
      name: 'Task 9',
      mimeType: FOLDER_MIME,
      parents: [s.staging.id],
    });
    expect(code).toBe(200);
    expect(json).toMatchObject({ name: 'Task 9', parents: [s.staging.id] });
    expect(s.store.get(json.id)).toMatchObject({ mimeType: FOLDER_MIME, owner: OPS });
  });

  test('a destination the user may only view is 403; one they cannot see is 404', () => {
    const s = setup();
    const body = { name: 'x', mimeType: FOLDER_MIME, parents: [s.staging.id] };
    const hidden = call(s, 'post', 'files', body, 'tok-client');
    expect(hidden.code).toBe(404);
    s.store.share(s.staging.id, CLIENT, 'viewer');
    const viewOnly = call(s, 'post', 'files', body, 'tok-client');
    expect(viewOnly.code).toBe(403);
    expect(viewOnly.json.error.errors[0].reason).toBe('insufficientFilePermissions');
    const copy = call(
      s,
      'post',
      `files/${s.file.id}/copy`,
      { parents: [s.staging.id] },
      'tok-client',
    );
    expect(copy.code).toBe(403);
    expect(s.store.children(s.staging.id)).toHaveLength(1);
  });

  test('copies into the folder with the given name and description', () => {
    const s = setup();
    const dest = s.store.createFolder({ name: 'Client', parentId: s.root, owner: OPS });
    const { code, json } = call(
      s,
      'post',
      `files/${s.file.id}/copy?supportsAllDrives=true&fields=id,name,parents,size`,
      {
        name: 'T1_scan.obj',
        parents: [dest.id],
        description: 'task 1',
      },
    );
    expect(code).toBe(200);
    expect(json).toMatchObject({ name: 'T1_scan.obj', parents: [dest.id], size: '1234' });
    expect(s.store.get(json.id)).toMatchObject({ owner: OPS, description: 'task 1' });
  });

  test('an unnamed copy is "Copy of ..." beside the original; folders cannot be copied', () => {
    const s = setup();
    const { json } = call(s, 'post', `files/${s.file.id}/copy?fields=name,parents`);
    expect(json).toEqual({ name: 'Copy of scan.obj', parents: [s.staging.id] });
    const folder = call(s, 'post', `files/${s.staging.id}/copy`, {});
    expect(folder.code).toBe(403);
  });

  test('a body that is not JSON is 400', () => {
    const s = setup();
    const r = s.run(() =>
      s.app
        .fetch(API + 'files', {
          method: 'post',
          headers: { Authorization: 'Bearer tok-ops' },
          payload: { name: 'form-encoded' },
          muteHttpExceptions: true,
        })
        .getResponseCode(),
    );
    expect(r.value).toBe(400);
  });
});

describe('muteHttpExceptions', () => {
  test('without it a non-2xx answer throws, with it the script gets the response', () => {
    const s = setup();
    const url = API + `files/${s.file.id}`;
    const thrown = s.run(() =>
      s.app.fetch(url, { headers: { Authorization: 'Bearer tok-client' } }),
    );
    expect(thrown.ok).toBe(false);
    expect(thrown.error).toMatch(
      /^Request failed for https:\/\/www\.googleapis\.com returned code 404/,
    );
    const muted = s.run(() =>
      s.app.fetch(url, { ...request('get', undefined, 'tok-client') }).getResponseCode(),
    );
    expect(muted.value).toBe(404);
  });

  test('fetchAll applies it per request', () => {
    const s = setup();
    const ok = { url: API + `files/${s.file.id}`, ...request('get') };
    const bad = { url: API + 'files/nope', ...request('get') };
    const codes = s.run(() => s.app.fetchAll([ok, bad]).map((r) => r.getResponseCode()));
    expect(codes.value).toEqual([200, 404]);
    const thrown = s.run(() => s.app.fetchAll([ok, { ...bad, muteHttpExceptions: false }]));
    expect(thrown.ok).toBe(false);
  });
});

describe('rate limits and timing', () => {
  const copyReq = (s: ReturnType<typeof setup>, i: number) => ({
    url: API + `files/${s.file.id}/copy?fields=id`,
    ...request('post', { name: `c${i}`, parents: [s.staging.id] }),
  });

  test('a fetchAll over the write ceiling gets usageLimits errors for the excess', () => {
    const s = setup({ ceiling: { perSecond: 3, burst: 3 } });
    const r = s.run(() =>
      s.app.fetchAll([0, 1, 2, 3, 4].map((i) => copyReq(s, i))).map((res) => ({
        code: res.getResponseCode(),
        body: JSON.parse(res.getContentText()),
      })),
    );
    const answers = r.value!;
    expect(answers.slice(0, 3).map((a) => a.code)).toEqual([200, 200, 200]);
    for (const a of answers.slice(3)) {
      expect([403, 429]).toContain(a.code);
      expect(a.body.error.errors[0].domain).toBe('usageLimits');
      expect(a.body.error.errors[0].reason).toMatch(/^(userRateLimitExceeded|rateLimitExceeded)$/);
    }
    expect(s.store.children(s.staging.id)).toHaveLength(4);
  });

  test('fetchAll takes the slowest request’s time; fetch takes each one’s', () => {
    const latency = {
      default: { minMs: 5, maxMs: 5 },
      'UrlFetchApp.drive.files.get': { minMs: 100, maxMs: 100 },
      'UrlFetchApp.drive.files.copy': { minMs: 700, maxMs: 700 },
    };
    const s = setup({ latency });
    const get = { url: API + `files/${s.file.id}`, ...request('get') };
    const t0 = s.ctx.clock.now();
    s.run(() => s.app.fetchAll([get, copyReq(s, 0), get]));
    expect(s.ctx.clock.now() - t0).toBe(700);
    const t1 = s.ctx.clock.now();
    s.run(() => [get, copyReq(s, 1), get].map((q) => s.app.fetch(q.url, q)));
    expect(s.ctx.clock.now() - t1).toBe(900);
  });

  test('the daily URL Fetch quota throws once spent, and is shared by every UrlFetchApp', () => {
    const s = setup({}, { dailyQuota: 2 });
    const url = API + `files/${s.file.id}`;
    const r = s.run(() => [1, 2, 3].map(() => s.app.fetch(url, request('get')).getResponseCode()));
    expect(r.ok).toBe(false);
    expect(r.error).toBe('Service invoked too many times for one day: urlfetch.');
    expect(s.ctx.quotas.used(OPS, 'urlFetch')).toBe(2);
    const again = createUrlFetchApp(s.ctx, s.store, (t) => TOKENS[t], { dailyQuota: 2 });
    expect(s.run(() => again.fetch(url, request('get'))).error).toMatch(/for one day: urlfetch/);
    s.ctx.clock.advance(24 * 60 * 60 * 1000);
    expect(s.run(() => s.app.fetch(url, request('get')).getResponseCode()).value).toBe(200);
  });
});

describe('faults', () => {
  const isCopy = (c: { method: string }) => c.method === 'drive.files.copy';
  function copyOnce(
    kind: Parameters<ReturnType<typeof setup>['ctx']['runtime']['faults']['add']>[0]['kind'],
  ) {
    const s = setup();
    s.ctx.runtime.faults.add({ kind, nth: 1, match: isCopy });
    const r = s.run(() =>
      s.app
        .fetch(
          API + `files/${s.file.id}/copy`,
          request('post', { name: 'copy', parents: [s.staging.id] }),
        )
        .getResponseCode(),
    );
    const copies = s.store.children(s.staging.id).filter((i) => i.name === 'copy').length;
    return { r, copies };
  }

  test('transient5xx answers 500/503 without effect', () => {
    const { r, copies } = copyOnce('transient5xx');
    expect([500, 503]).toContain(r.value);
    expect(copies).toBe(0);
  });

  test('error answers 500 and rateLimit 403, both without effect', () => {
    expect(copyOnce('error')).toMatchObject({ r: { value: 500 }, copies: 0 });
    expect(copyOnce('rateLimit')).toMatchObject({ r: { value: 403 }, copies: 0 });
  });

  test('successWithError copies, then answers 500', () => {
    expect(copyOnce('successWithError')).toMatchObject({ r: { value: 500 }, copies: 1 });
  });

  test('killAfter copies, then the execution dies; kill dies before copying', () => {
    const after = copyOnce('killAfter');
    expect(after.r.killed).toBe(true);
    expect(after.copies).toBe(1);
    const before = copyOnce('kill');
    expect(before.r.killed).toBe(true);
    expect(before.copies).toBe(0);
  });

  test('the gate sees the request path as detail', () => {
    const s = setup();
    const seen: string[] = [];
    s.ctx.runtime.onCall((c) => seen.push(`${c.service}.${c.method} ${c.detail}`));
    s.run(() => s.app.fetch(API + `files/${s.file.id}`, request('get')));
    expect(seen).toEqual([`UrlFetchApp.drive.files.get files/${s.file.id}`]);
  });
});

describe('what is not Drive', () => {
  test('an unknown googleapis path is an HTML 404', () => {
    const s = setup();
    const r = s.run(() => {
      const res = s.app.fetch(API + 'filez', request('get'));
      return [res.getResponseCode(), (res.getHeaders() as Record<string, string>)['Content-Type']];
    });
    expect(r.value).toEqual([404, 'text/html; charset=UTF-8']);
  });

  test('other hosts, over-long URLs and bad methods throw', () => {
    const s = setup();
    expect(s.run(() => s.app.fetch('https://example.com/')).ok).toBe(false);
    expect(s.run(() => s.app.fetch(API + 'files?q=' + 'a'.repeat(2100))).error).toMatch(
      /URL Length/,
    );
    const bad = s.run(() => s.app.fetch(API + 'files', { method: 'head' as never }));
    expect(bad.error).toMatch(/Invalid argument: method/);
  });

  test('a Drive call the emulator does not serve is an emulator usage error', () => {
    const s = setup();
    const r = s.run(() => s.app.fetch(API + `files/${s.file.id}`, request('delete')));
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/does not serve/);
    const perms = s.run(() => s.app.fetch(API + `files/${s.file.id}/permissions`, request('get')));
    expect(perms.error).toMatch(/does not serve/);
    const put = s.run(() => s.app.fetch(API + 'files', request('put')).getResponseCode());
    expect(put.value).toBe(404);
  });
});

describe('checksums in the File resource', () => {
  test('binary files answer md5Checksum and sha256Checksum, listed or got; folders and Google files none', () => {
    const s = setup();
    const doc = s.store.createFile({
      name: 'Brief',
      mimeType: 'application/vnd.google-apps.document',
      parentId: s.staging.id,
      owner: OPS,
      size: 300,
    });
    const fields = 'id,size,md5Checksum,sha256Checksum';
    const got = call(s, 'get', `files/${s.file.id}?fields=${encode(fields)}`).json;
    expect(got).toEqual({
      id: s.file.id,
      size: '1234',
      md5Checksum: s.file.md5Checksum,
      sha256Checksum: s.file.sha256Checksum,
    });
    expect(got.md5Checksum).toMatch(/^[0-9a-f]{32}$/);
    // A Google Doc has a size but no checksum; a folder neither.
    expect(call(s, 'get', `files/${doc.id}?fields=${encode(fields)}`).json).toEqual({
      id: doc.id,
      size: '300',
    });
    expect(call(s, 'get', `files/${s.staging.id}?fields=${encode(fields)}`).json).toEqual({
      id: s.staging.id,
    });
    const q = encode(`'${s.staging.id}' in parents and trashed = false`);
    const listed = call(s, 'get', `files?q=${q}&fields=${encode(`files(${fields})`)}`).json;
    expect(listed.files).toEqual([
      {
        id: s.file.id,
        size: '1234',
        md5Checksum: s.file.md5Checksum,
        sha256Checksum: s.file.sha256Checksum,
      },
      { id: doc.id, size: '300' },
    ]);
  });

  test('a copy made over REST has its source checksums', () => {
    const s = setup();
    const { code, json } = call(s, 'post', `files/${s.file.id}/copy?fields=id,md5Checksum`, {
      name: 'copy.obj',
      parents: [s.staging.id],
    });
    expect(code).toBe(200);
    expect(json.md5Checksum).toBe(s.file.md5Checksum);
    expect(s.store.get(json.id)!.sha256Checksum).toBe(s.file.sha256Checksum);
  });
});
