import { createContext } from '../core/context';
import { createDriveApp } from '.';
import { DriveStore } from './store';
import { createUrlFetchApp } from '../urlfetch';

const OPS = 'ops@example.com';
const API = 'https://www.googleapis.com/drive/v3/';

function setup() {
  const ctx = createContext({ seed: 3 });
  const store = new DriveStore(ctx);
  const app = createUrlFetchApp(ctx, store, () => OPS, { partialPageRate: 0 });
  const drive = createDriveApp(ctx, store);
  const from = store.createFolder({ name: 'From', parentId: store.rootId(OPS), owner: OPS });
  const to = store.createFolder({ name: 'To', parentId: store.rootId(OPS), owner: OPS });
  const file = store.createFile({
    name: 'a.mp4',
    mimeType: 'video/mp4',
    parentId: from.id,
    owner: OPS,
    size: 1000,
  });
  return { ctx, store, app, drive, to, file };
}

function copy(s: ReturnType<typeof setup>) {
  const r = s.ctx.runtime.execute('test', OPS, () => {
    const res = s.app.fetch(`${API}files/${s.file.id}/copy`, {
      method: 'post',
      headers: { Authorization: 'Bearer t' },
      contentType: 'application/json',
      payload: JSON.stringify({ name: 'copy', parents: [s.to.id] }),
      muteHttpExceptions: true,
    });
    return { code: res.getResponseCode(), json: JSON.parse(res.getContentText()) };
  });
  return r.value!;
}

function makeCopy(s: ReturnType<typeof setup>) {
  return s.ctx.runtime.execute('test', OPS, () =>
    s.drive.getFileById(s.file.id).makeCopy('copy', s.drive.getFolderById(s.to.id)).getId(),
  );
}

describe('Drive capacity', () => {
  it("a copy the user's storage cannot hold: 403 storageQuotaExceeded, nothing made", () => {
    const s = setup();
    s.store.capacity.storageBytes = 1500;
    const r = copy(s);
    expect(r.code).toBe(403);
    expect(r.json.error.errors[0]).toMatchObject({
      domain: 'usageLimits',
      reason: 'storageQuotaExceeded',
    });
    expect(s.store.children(s.to.id)).toEqual([]);
    expect(makeCopy(s).ok).toBe(false);
    expect(s.store.children(s.to.id)).toEqual([]);
    const seen = s.ctx.runtime.execute('test', OPS, () => [
      s.drive.getStorageLimit(),
      s.drive.getStorageUsed(),
    ]);
    expect(seen.value).toEqual([1500, 1000]);
  });

  it('a folder holding its limit of items: 403 numChildrenInNonRootLimitExceeded', () => {
    const s = setup();
    s.store.capacity.folderItems = 1;
    expect(copy(s).code).toBe(200);
    const r = copy(s);
    expect(r.code).toBe(403);
    expect(r.json.error.errors[0].reason).toBe('numChildrenInNonRootLimitExceeded');
    expect(makeCopy(s).ok).toBe(false);
    expect(s.store.children(s.to.id)).toHaveLength(1);
  });

  it("the day's transfer used up: the crossing copy completes, the next answers userRateLimitExceeded", () => {
    const s = setup();
    s.store.capacity.dailyTransferBytes = 1500;
    expect(copy(s).code).toBe(200);
    expect(copy(s).code).toBe(200); // crosses 1,500 bytes: completes
    const r = copy(s);
    expect(r.code).toBe(403);
    expect(r.json.error.errors[0].reason).toBe('userRateLimitExceeded');
    expect(makeCopy(s).ok).toBe(false);
    s.ctx.clock.advanceTo(s.ctx.clock.now() + 24 * 60 * 60 * 1000);
    expect(copy(s).code).toBe(200);
    expect(s.store.children(s.to.id)).toHaveLength(3);
  });
});
