import { WriteCeiling } from '../../emulator/core/ceiling';
import { Backoff, WritePacer } from '../../src/drive/pacer';
import {
  RestAnswer,
  copyForbiddenByOwner,
  copyRequest,
  createFolderRequest,
  generateIdsRequest,
  getRequest,
  isNative,
  kindOf,
  listRequest,
  placedRequest,
} from '../../src/drive/rest';

const answer = (status: number, reason?: string): RestAnswer<unknown> => ({
  status,
  body: reason ? { error: { code: status, message: 'localised text', errors: [{ reason }] } } : {},
});

describe('answers are classified by status and Drive’s reason code, never by message', () => {
  test.each([
    ['200', 'ok', answer(200)],
    ['403 userRateLimitExceeded', 'refusedForRate', answer(403, 'userRateLimitExceeded')],
    ['403 rateLimitExceeded', 'refusedForRate', answer(403, 'rateLimitExceeded')],
    ['429 rateLimitExceeded', 'refusedForRate', answer(429, 'rateLimitExceeded')],
    ['429 without a body', 'refusedForRate', answer(429)],
    ['500 backendError', 'unknown', answer(500, 'backendError')],
    ['503 without a body', 'unknown', answer(503)],
    ['no answer at all', 'unknown', null],
    ['404 notFound', 'notFound', answer(404, 'notFound')],
    ['403 insufficientFilePermissions', 'denied', answer(403, 'insufficientFilePermissions')],
    ['403 cannotCopyFile', 'denied', answer(403, 'cannotCopyFile')],
    ['403 without a body', 'denied', answer(403)],
    ['400 badRequest', 'denied', answer(400, 'badRequest')],
    ['401 authError', 'unauthorised', answer(401, 'authError')],
    ['409 duplicate (a generated id already taken)', 'exists', answer(409, 'duplicate')],
  ])('%s is %s', (_label, kind, given) => {
    expect(kindOf(given)).toBe(kind);
  });

  test('a 400 about the body’s id is told by its location, any other 400 is denied', () => {
    const about = (location: string) => ({
      status: 400,
      body: { error: { errors: [{ reason: 'invalid', message: 'localised', location }] } },
    });
    expect(kindOf(about('file.id'))).toBe('idRefused');
    expect(kindOf(about('count'))).toBe('denied');
  });

  test('a copy forbidden by the file’s owner is told by the 403’s reason, not its message', () => {
    expect(copyForbiddenByOwner(answer(403, 'cannotCopyFile'))).toBe(true);
    expect(copyForbiddenByOwner(answer(403, 'insufficientFilePermissions'))).toBe(false);
    expect(copyForbiddenByOwner(answer(400, 'cannotCopyFile'))).toBe(false);
    const worded = { error: { message: 'This file cannot be copied', errors: [{ reason: 'x' }] } };
    expect(copyForbiddenByOwner({ status: 403, body: worded })).toBe(false);
    expect(copyForbiddenByOwner(null)).toBe(false);
  });

  test('a message that reads like a rate limit does not make a 403 one', () => {
    const body = {
      error: { message: 'User rate limit exceeded', errors: [{ reason: 'forbidden' }] },
    };
    expect(kindOf({ status: 403, body })).toBe('denied');
  });
});

describe('requests ask for what they use only', () => {
  const params = (url: string) => new URL(url).searchParams;

  test('files.copy: the planned name and folder, fields id,name,size, every drive, the token', () => {
    const r = copyRequest('tok', 'SRC', "it's.jpg", 'DEST');
    expect(r.url.startsWith('https://www.googleapis.com/drive/v3/files/SRC/copy?')).toBe(true);
    expect(params(r.url).get('fields')).toBe('id,name,size');
    expect(params(r.url).get('supportsAllDrives')).toBe('true');
    expect(r.method).toBe('post');
    expect(JSON.parse(String(r.payload))).toEqual({ name: "it's.jpg", parents: ['DEST'] });
    // With a description, the copy gets it instead of its source's.
    const clean = copyRequest('tok', 'SRC', 'a.jpg', 'DEST', '');
    expect(JSON.parse(String(clean.payload))).toEqual({
      name: 'a.jpg',
      parents: ['DEST'],
      description: '',
    });
    expect(r.contentType).toBe('application/json');
    expect(r.headers).toEqual({ Authorization: 'Bearer tok' });
    expect(r.muteHttpExceptions).toBe(true);
  });

  test('files.list: by parent, not trashed, files or folders, with paging', () => {
    const files = params(listRequest('tok', "a'b", 'files', 'NEXT').url);
    expect(files.get('q')).toBe(
      "'a\\'b' in parents and trashed = false and mimeType != 'application/vnd.google-apps.folder'",
    );
    expect(files.get('fields')).toBe(
      'nextPageToken,files(id,name,mimeType,size,md5Checksum,description)',
    );
    expect(files.get('pageToken')).toBe('NEXT');
    expect(files.get('pageSize')).toBe('1000');
    expect(files.get('supportsAllDrives')).toBe('true');
    const folders = params(listRequest('tok', 'P', 'folders').url);
    expect(folders.get('q')).toBe(
      "'P' in parents and trashed = false and mimeType = 'application/vnd.google-apps.folder'",
    );
    expect(folders.get('fields')).toBe('nextPageToken,files(id,name)');
    expect(folders.has('pageToken')).toBe(false);
  });

  test('files.create of a folder and files.get of a source', () => {
    const create = createFolderRequest('tok', 'P', 'Task 1');
    expect(JSON.parse(String(create.payload))).toEqual({
      name: 'Task 1',
      mimeType: 'application/vnd.google-apps.folder',
      parents: ['P'],
    });
    expect(params(create.url).get('fields')).toBe('id,name');
    expect(params(getRequest('tok', 'F').url).get('fields')).toBe(
      'id,name,mimeType,size,trashed,capabilities(canCopy),shortcutDetails',
    );
  });

  test('a resource key goes in the X-Goog-Drive-Resource-Keys header of the requests about its file', () => {
    expect(getRequest('tok', 'F', '0-key').headers).toEqual({
      Authorization: 'Bearer tok',
      'X-Goog-Drive-Resource-Keys': 'F/0-key',
    });
    expect(getRequest('tok', 'F').headers).toEqual({ Authorization: 'Bearer tok' });
    const copy = copyRequest('tok', 'SRC', 'a.jpg', 'DEST', undefined, 'GEN', '0-key');
    expect(copy.headers).toEqual({
      Authorization: 'Bearer tok',
      'X-Goog-Drive-Resource-Keys': 'SRC/0-key',
    });
    expect(JSON.parse(String(copy.payload))).toEqual({
      name: 'a.jpg',
      parents: ['DEST'],
      id: 'GEN',
    });
  });

  test('a generated id goes in the body of a copy or a folder creation', () => {
    expect(JSON.parse(String(copyRequest('tok', 'S', 'a.jpg', 'D', '', 'GEN').payload))).toEqual({
      name: 'a.jpg',
      parents: ['D'],
      description: '',
      id: 'GEN',
    });
    expect(JSON.parse(String(createFolderRequest('tok', 'P', 'T', 'GEN2').payload))).toEqual({
      id: 'GEN2',
      name: 'T',
      mimeType: 'application/vnd.google-apps.folder',
      parents: ['P'],
    });
    const ids = params(generateIdsRequest('tok', 250).url);
    expect([ids.get('count'), ids.get('space'), ids.get('type')]).toEqual([
      '250',
      'drive',
      'files',
    ]);
    expect(params(placedRequest('tok', 'F').url).get('fields')).toBe(
      'id,name,mimeType,size,md5Checksum,description,parents,trashed',
    );
  });

  test('Google’s own file types take no generated id; folders and other files do', () => {
    expect(isNative('application/vnd.google-apps.document')).toBe(true);
    expect(isNative('application/vnd.google-apps.spreadsheet')).toBe(true);
    expect(isNative('application/vnd.google-apps.folder')).toBe(false);
    expect(isNative('image/jpeg')).toBe(false);
  });
});

describe('WritePacer', () => {
  // A window is a second and the clock margin (3 ms): see pacer.ts.
  const W = 1003;

  test('3 writes may start at once, the 4th when the first is a second old', () => {
    const pacer = new WritePacer(3);
    expect(pacer.windowMs).toBe(W);
    expect(pacer.readyAt(3, 0)).toBe(0);
    pacer.record(3, 0);
    expect(pacer.readyAt(1, 10)).toBe(W);
    expect(pacer.readyAt(3, 999)).toBe(W);
    expect(pacer.readyAt(3, W)).toBe(W);
    pacer.record(2, W);
    expect(pacer.readyAt(1, 1200)).toBe(1200);
    expect(pacer.readyAt(3, 1200)).toBe(2 * W);
  });

  test('a fractional rate spreads single writes: 1.5 per second is one every 667 ms', () => {
    const pacer = new WritePacer(1.5);
    expect(pacer.perWindow).toBe(1);
    pacer.record(1, 0);
    expect(pacer.readyAt(1, 1)).toBe(667 + 3);
  });

  test('a nonsense rate falls back to 3 per second', () => {
    expect(new WritePacer(0).perWindow).toBe(3);
    expect(new WritePacer(Number.NaN).perWindow).toBe(3);
  });

  test('remembers the last writes for the next execution, and starts from them', () => {
    let kept: number[] = [];
    const memory = { load: () => kept, save: (t: number[]) => (kept = [...t]) };
    new WritePacer(3, memory).record(3, 5000);
    expect(kept).toEqual([5000, 5000, 5000]);
    const next = new WritePacer(3, memory);
    expect(next.readyAt(1, 5100)).toBe(5000 + W);
    expect(next.readyAt(3, 5000 + W)).toBe(5000 + W);
  });

  test('writes sent a moment after the clock is read still pass a 3-per-second bucket', () => {
    // Drive's ceiling as the emulator models it; the script reads whole milliseconds, and the
    // requests leave up to 2 ms later (building them, the clock's rounding), a different delay
    // each round. Without the margin, a round that leaves sooner than the one before it is
    // refused, and each refusal costs a backoff of a second or more.
    const ceiling = new WriteCeiling({ perSecond: 3, burst: 3 });
    const pacer = new WritePacer(3);
    let clock = 0;
    for (let round = 0; round < 3000; round++) {
      clock = Math.max(clock, pacer.readyAt(3, clock));
      const read = Math.floor(clock);
      const leaves = read + [0.9, 2, 0.1, 1.5][round % 4];
      for (let i = 0; i < 3; i++) ceiling.admit('ops', leaves);
      pacer.record(3, read);
      clock = leaves + 700;
    }
    expect(ceiling.refused).toEqual([]);
  });
});

describe('Backoff', () => {
  test('2^n seconds plus up to one second of jitter, truncated at 32 s, reset by a success', () => {
    let r = 0;
    const backoff = new Backoff(() => r);
    expect(backoff.failed(0)).toBe(1000);
    expect(backoff.failed(1000)).toBe(3000);
    r = 0.999;
    expect(backoff.failed(3000)).toBe(3000 + 4000 + 999);
    for (let i = 0; i < 10; i++) backoff.failed(0);
    r = 0;
    expect(backoff.failed(100_000)).toBe(100_000 + 32_000);
    backoff.succeeded();
    expect(backoff.failed(200_000)).toBe(201_000);
  });
});
