import { ContextOptions, createContext } from '../core/context';
import { FaultRule } from '../core/faults';
import { DriveStore } from '../drive/store';
import { createUrlFetchApp } from '.';

const OPS = 'ops@example.com';
const CLIENT = 'client@example.com';
const TOKENS: Record<string, string> = { 'tok-ops': OPS, 'tok-client': CLIENT };
const BATCH = 'https://www.googleapis.com/batch/drive/v3';

function setup(opts: ContextOptions = {}) {
  const ctx = createContext({ seed: 7, ...opts });
  const store = new DriveStore(ctx);
  const app = createUrlFetchApp(ctx, store, (t) => TOKENS[t], { partialPageRate: 0 });
  const root = store.rootId(OPS);
  const staging = store.createFolder({ name: 'Staging', parentId: root, owner: OPS });
  const file = store.createFile({
    name: 'scan.obj',
    mimeType: 'model/obj',
    parentId: staging.id,
    owner: OPS,
    size: 1234,
  });
  const run = <T>(body: () => T) => ctx.runtime.execute('test', OPS, body);
  return { ctx, store, app, staging, file, run };
}
type Setup = ReturnType<typeof setup>;

interface Call {
  id: string;
  line: string;
  headers?: string[];
  body?: unknown;
}

/** A batch body written out by hand, as Google's batch guide shows one. */
function body(calls: Call[], boundary = 'b0undary'): string {
  const parts = calls.map((c) =>
    [
      `--${boundary}`,
      'Content-Type: application/http',
      `Content-ID: <${c.id}>`,
      '',
      c.line,
      ...(c.headers ?? []),
      ...(c.body === undefined ? [] : ['Content-Type: application/json; charset=UTF-8']),
      '',
      c.body === undefined ? '' : JSON.stringify(c.body),
    ].join('\r\n'),
  );
  return `${parts.join('\r\n')}\r\n--${boundary}--\r\n`;
}

interface Answer {
  id: string;
  code: number;
  json: { id?: string; name?: string; error?: { code: number; errors: Array<{ reason: string }> } };
}

/** Sends a batch; returns the outer status and each call's answer, in the order Drive sent them. */
function send(s: Setup, calls: Call[], token = 'tok-ops') {
  const r = s.run(() => {
    const res = s.app.fetch(BATCH, {
      method: 'post',
      contentType: 'multipart/mixed; boundary=b0undary',
      payload: body(calls),
      headers: { Authorization: `Bearer ${token}` },
      muteHttpExceptions: true,
    });
    return {
      code: res.getResponseCode(),
      type: String((res.getHeaders() as Record<string, unknown>)['Content-Type']),
      text: res.getContentText(),
    };
  });
  if (!r.ok) return { killed: r.killed, code: 0, answers: [] as Answer[], text: '' };
  const { code, type, text } = r.value!;
  if (code !== 200) return { killed: false, code, answers: [] as Answer[], text };
  const boundary = /boundary=(\S+)/.exec(type)![1];
  const answers = text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const id = /Content-ID: <response-([^>]+)>/.exec(part)![1];
      const status = Number(/HTTP\/1\.1 (\d{3})/.exec(part)![1]);
      const json = JSON.parse(part.slice(part.indexOf('{'), part.lastIndexOf('}') + 1));
      return { id, code: status, json };
    });
  return { killed: false, code, answers, text };
}

const get = (id: string, fileId: string): Call => ({
  id,
  line: `GET /drive/v3/files/${fileId}?fields=id,name HTTP/1.1`,
});
const copy = (s: Setup, id: string, name: string): Call => ({
  id,
  line: `POST /drive/v3/files/${s.file.id}/copy?fields=id,name HTTP/1.1`,
  body: { name, parents: [s.staging.id] },
});
const named = (s: Setup, prefix: string) =>
  s.store.children(s.staging.id).filter((i) => i.name.startsWith(prefix));
const byId = (answers: Answer[]) => Object.fromEntries(answers.map((a) => [a.id, a]));

describe('Drive batch requests', () => {
  test('one URL Fetch call carries several Drive calls, each answered on its own by Content-ID', () => {
    const s = setup();
    const out = send(s, [get('a', s.file.id), get('b', 'no-such-file'), copy(s, 'c', 'copy-1')]);
    expect(out.code).toBe(200);
    const answers = byId(out.answers);
    expect(answers.a).toMatchObject({ code: 200, json: { id: s.file.id, name: 'scan.obj' } });
    expect(answers.b.code).toBe(404);
    expect(answers.b.json.error!.errors[0].reason).toBe('notFound');
    expect(answers.c).toMatchObject({ code: 200, json: { name: 'copy-1' } });
    expect(named(s, 'copy-')).toHaveLength(1);
    expect(s.ctx.quotas.used(OPS, 'urlFetch')).toBe(1);
  });

  test('answers may come back in any order (Drive promises none)', () => {
    const s = setup();
    const ids = Array.from({ length: 12 }, (_, i) => String(i + 1));
    const out = send(
      s,
      ids.map((id) => get(id, s.file.id)),
    );
    expect(out.answers.map((a) => a.id).sort()).toEqual([...ids].sort());
    expect(out.answers.map((a) => a.id)).not.toEqual(ids);
  });

  test('each call passes the write ceiling: a batch of 5 copies at 3 a second gets 2 refusals', () => {
    const s = setup({ ceiling: { perSecond: 3, burst: 3 } });
    const out = send(
      s,
      [1, 2, 3, 4, 5].map((i) => copy(s, String(i), `copy-${i}`)),
    );
    expect(out.code).toBe(200);
    const refused = out.answers.filter((a) => a.code !== 200);
    expect(refused).toHaveLength(2);
    for (const a of refused) {
      expect([403, 429]).toContain(a.code);
      expect(a.json.error!.errors[0].reason).toMatch(/^(userRateLimitExceeded|rateLimitExceeded)$/);
    }
    expect(named(s, 'copy-')).toHaveLength(3);
  });

  test('the outer token acts for every call; a call’s own header overrides it', () => {
    const s = setup();
    const out = send(s, [
      get('mine', s.file.id),
      { ...get('theirs', s.file.id), headers: ['Authorization: Bearer tok-client'] },
    ]);
    const answers = byId(out.answers);
    expect(answers.mine.code).toBe(200);
    // The client was never given the ops user's file.
    expect(answers.theirs.code).toBe(404);
  });

  test('more than 100 calls, a call URL over 8000 characters, or a body that is not multipart: 400, nothing done', () => {
    const s = setup();
    const many = Array.from({ length: 101 }, (_, i) => copy(s, String(i), `many-${i}`));
    expect(send(s, many).code).toBe(400);
    expect(named(s, 'many-')).toHaveLength(0);
    const long = { id: 'x', line: `GET /drive/v3/files/${'a'.repeat(8001)} HTTP/1.1` };
    expect(send(s, [copy(s, 'c', 'long-1'), long]).code).toBe(400);
    expect(named(s, 'long-')).toHaveLength(0);
    const r = s.run(() =>
      s.app
        .fetch(BATCH, {
          method: 'post',
          contentType: 'application/json',
          payload: '{}',
          headers: { Authorization: 'Bearer tok-ops' },
          muteHttpExceptions: true,
        })
        .getResponseCode(),
    );
    expect(r.value).toBe(400);
  });

  test('the batch takes its slowest call’s time', () => {
    const latency = {
      default: { minMs: 5, maxMs: 5 },
      'UrlFetchApp.drive.files.get': { minMs: 100, maxMs: 100 },
      'UrlFetchApp.drive.files.copy': { minMs: 700, maxMs: 700 },
    };
    const s = setup({ latency });
    const t0 = s.ctx.clock.now();
    send(s, [get('a', s.file.id), copy(s, 'b', 'copy-1'), get('c', s.file.id)]);
    expect(s.ctx.clock.now() - t0).toBe(700);
  });
});

describe('faults in a batch', () => {
  const isCopy = (c: { method: string }) => c.method === 'drive.files.copy';
  const isBatch = (c: { method: string }) => c.method === 'drive.batch';
  function withFault(rule: FaultRule) {
    const s = setup();
    s.ctx.runtime.faults.add(rule);
    const out = send(
      s,
      [1, 2, 3].map((i) => copy(s, String(i), `copy-${i}`)),
    );
    return { out, copies: named(s, 'copy-').length };
  }

  test('a fault on one call answers that call only', () => {
    const { out, copies } = withFault({ kind: 'rateLimit', nth: 2, match: isCopy });
    expect(out.code).toBe(200);
    expect(byId(out.answers)['2'].code).toBe(403);
    expect(copies).toBe(2);
  });

  test('a refusal of the whole batch makes none of its calls', () => {
    for (const kind of ['transient5xx', 'rateLimit', 'error'] as const) {
      const { out, copies } = withFault({ kind, nth: 1, match: isBatch });
      expect(out.code).toBeGreaterThanOrEqual(403);
      expect(copies).toBe(0);
    }
  });

  test('an error answer to the whole batch may follow calls that were made', () => {
    const { out, copies } = withFault({
      kind: 'landedWithError',
      status: 503,
      nth: 1,
      match: isBatch,
    });
    expect(out.code).toBe(503);
    expect(copies).toBe(3);
  });

  test('killed before the batch is sent, none is made; killed part way, the first calls are', () => {
    expect(withFault({ kind: 'kill', nth: 1, match: isBatch })).toMatchObject({
      out: { killed: true },
      copies: 0,
    });
    expect(withFault({ kind: 'kill', nth: 3, match: isCopy, partial: 2 })).toMatchObject({
      out: { killed: true },
      copies: 2,
    });
    expect(withFault({ kind: 'killAfter', nth: 1, match: isBatch })).toMatchObject({
      out: { killed: true },
      copies: 3,
    });
  });
});
