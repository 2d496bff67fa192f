import { createContext } from './context';
import { DriveStore } from '../drive/store';
import { createDriveApp } from '../drive';
import { createUrlFetchApp } from '../urlfetch';

const OPS = 'ops@example.com';
const API = 'https://www.googleapis.com/drive/v3/';
type Params = GoogleAppsScript.URL_Fetch.URLFetchRequestOptions;

function setup() {
  const ctx = createContext({ seed: 4 });
  const store = new DriveStore(ctx);
  const drive = createDriveApp(ctx, store);
  const app = createUrlFetchApp(ctx, store, (t) => (t === 'tok' ? OPS : undefined), {
    partialPageRate: 0,
  });
  const folder = store.createFolder({ name: 'Out', parentId: store.rootId(OPS), owner: OPS });
  const file = store.createFile({
    name: 'scan.obj',
    mimeType: 'model/obj',
    parentId: folder.id,
    owner: OPS,
  });
  const run = <T>(body: () => T) => ctx.runtime.execute('test', OPS, body);
  const copyReq = (name: string): Params & { url: string } => ({
    url: `${API}files/${file.id}/copy`,
    method: 'post',
    headers: { Authorization: 'Bearer tok' },
    contentType: 'application/json',
    payload: JSON.stringify({ name, parents: [folder.id] }),
    muteHttpExceptions: true,
  });
  const copies = () =>
    store
      .children(folder.id)
      .map((i) => i.name)
      .filter((n) => n !== 'scan.obj');
  return { ctx, store, drive, app, folder, file, run, copyReq, copies };
}

const isCopy = (c: { method: string }) =>
  c.method === 'drive.files.copy' || c.method === 'File.makeCopy';

describe('landedWithError', () => {
  test.each([403, 429, 500, 503] as const)(
    'UrlFetchApp: the copy lands, the answer is %i with Google error body',
    (status) => {
      const s = setup();
      s.ctx.runtime.faults.add({ kind: 'landedWithError', status, nth: 1, match: isCopy });
      const r = s.run(() => {
        const res = s.app.fetch(s.copyReq('a').url, s.copyReq('a'));
        return { code: res.getResponseCode(), body: JSON.parse(res.getContentText()) };
      });
      expect(r.value?.code).toBe(status);
      expect(r.value?.body.error.code).toBe(status);
      expect(r.value?.body.error.errors[0].reason).toBe(
        {
          403: 'userRateLimitExceeded',
          429: 'rateLimitExceeded',
          500: 'backendError',
          503: 'backendError',
        }[status],
      );
      expect(s.copies()).toEqual(['a']);
    },
  );

  test('inside a fetchAll, only the matching request answers the error; all land', () => {
    const s = setup();
    s.ctx.runtime.faults.add({ kind: 'landedWithError', status: 503, nth: 2, match: isCopy });
    const r = s.run(() =>
      s.app.fetchAll(['a', 'b', 'c'].map((n) => s.copyReq(n))).map((x) => x.getResponseCode()),
    );
    expect(r.value).toEqual([200, 503, 200]);
    expect(s.copies()).toEqual(['a', 'b', 'c']);
  });

  test('DriveApp: the copy lands and the script sees an exception', () => {
    const s = setup();
    s.ctx.runtime.faults.add({ kind: 'landedWithError', status: 429, nth: 1, match: isCopy });
    const r = s.run(() => s.drive.getFileById(s.file.id).makeCopy('a'));
    expect(r.ok).toBe(false);
    expect(r.killed).toBe(false);
    expect(r.error).toMatch(/rate limit/i);
    expect(s.copies()).toEqual(['a']);
  });

  test('a rule needs one of the four statuses, and only landedWithError takes one', () => {
    const { ctx } = setup();
    expect(() => ctx.runtime.faults.add({ kind: 'landedWithError', nth: 1 })).toThrow(/status/);
    expect(() =>
      ctx.runtime.faults.add({ kind: 'landedWithError', nth: 1, status: 404 as never }),
    ).toThrow(/403, 429, 500 or 503/);
    expect(() => ctx.runtime.faults.add({ kind: 'error', nth: 1, status: 500 })).toThrow(
      /landedWithError/,
    );
  });

  test('successWithError still answers 500 after the effect', () => {
    const s = setup();
    s.ctx.runtime.faults.add({ kind: 'successWithError', nth: 1, match: isCopy });
    const r = s.run(() => s.app.fetch(s.copyReq('a').url, s.copyReq('a')).getResponseCode());
    expect(r.value).toBe(500);
    expect(s.copies()).toEqual(['a']);
  });
});

describe('a fetchAll killed part way', () => {
  test('the first k requests take effect, the rest do not, and the execution dies', () => {
    const s = setup();
    s.ctx.runtime.faults.add({ kind: 'kill', partial: 2, nth: 1, match: isCopy });
    const r = s.run(() => s.app.fetchAll(['a', 'b', 'c', 'd'].map((n) => s.copyReq(n))));
    expect(r.killed).toBe(true);
    expect(s.copies()).toEqual(['a', 'b']);
    // The rule is spent: the next batch goes through.
    expect(s.run(() => s.app.fetchAll([s.copyReq('e')])).ok).toBe(true);
  });

  test('killAt(n, { partial: k }) fires at global call n; later calls fail', () => {
    const s = setup();
    const index = s.ctx.runtime.callCount + 2; // the second request of the batch
    s.ctx.runtime.faults.killAt(index, { partial: 3 });
    const r = s.run(() => {
      s.app.fetchAll(['a', 'b', 'c', 'd', 'e'].map((n) => s.copyReq(n)));
      return 'not reached';
    });
    expect(r.killed).toBe(true);
    expect(s.copies()).toEqual(['a', 'b', 'c']);
  });

  test('partial 0 sends nothing; on a single call partial 1 acts like killAfter', () => {
    const s = setup();
    s.ctx.runtime.faults.add({ kind: 'kill', partial: 0, nth: 1, match: isCopy });
    expect(s.run(() => s.app.fetchAll([s.copyReq('a'), s.copyReq('b')])).killed).toBe(true);
    expect(s.copies()).toEqual([]);
    s.ctx.runtime.faults.add({ kind: 'kill', partial: 1, nth: 1, match: isCopy });
    expect(s.run(() => s.app.fetch(s.copyReq('c').url, s.copyReq('c'))).killed).toBe(true);
    s.ctx.runtime.faults.add({ kind: 'kill', partial: 1, nth: 1, match: isCopy });
    expect(s.run(() => s.drive.getFileById(s.file.id).makeCopy('d')).killed).toBe(true);
    expect(s.copies()).toEqual(['c', 'd']);
  });

  test('partial is checked', () => {
    const { ctx } = setup();
    expect(() => ctx.runtime.faults.add({ kind: 'kill', nth: 1, partial: -1 })).toThrow(/partial/);
    expect(() => ctx.runtime.faults.add({ kind: 'error', nth: 1, partial: 1 })).toThrow(
      /kill faults/,
    );
  });
});
