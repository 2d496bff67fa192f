import { createHash } from 'node:crypto';
import { createContext } from '../core/context';
import { EmulatorUsageError } from '../core/errors';
import { DriveStore, FOLDER_MIME } from './store';

const OPS = 'ops@example.com';
const CLIENT = 'client@example.com';
const OTHER = 'other@example.com';

function setup() {
  const ctx = createContext({ seed: 3 });
  const store = new DriveStore(ctx);
  const root = store.rootId(OPS);
  const staging = store.createFolder({ name: 'Staging', parentId: root, owner: OPS });
  const file = store.createFile({
    name: 'a.obj',
    mimeType: 'model/obj',
    parentId: staging.id,
    owner: OPS,
    size: 42,
  });
  return { ctx, store, root, staging, file };
}

describe('DriveStore', () => {
  test('gives each user one My Drive root and Drive-like ids that repeat for a seed', () => {
    const { store, root, file } = setup();
    expect(store.rootId(OPS)).toBe(root);
    expect(store.get(root)).toMatchObject({
      name: 'My Drive',
      mimeType: FOLDER_MIME,
      parentId: null,
    });
    expect(store.rootId(CLIENT)).not.toBe(root);
    expect(file.id).toMatch(/^[A-Za-z0-9_-]{28,44}$/);
    expect(setup().file.id).toBe(file.id);
  });

  test('permissions are inherited from every folder above', () => {
    const { store, staging, file } = setup();
    expect(store.canView(file.id, CLIENT)).toBe(false);
    store.share(staging.id, CLIENT, 'viewer');
    expect(store.canView(file.id, CLIENT)).toBe(true);
    expect(store.canEdit(file.id, CLIENT)).toBe(false);
    store.share(staging.id, CLIENT, 'editor');
    expect(store.canEdit(file.id, CLIENT)).toBe(true);
    expect(store.get(staging.id)!.viewers).not.toContain(CLIENT);
  });

  test('a trashed item, or one under a trashed folder, is trashed and hidden from non-owners', () => {
    const { store, staging, file } = setup();
    store.share(staging.id, CLIENT, 'editor');
    store.trash(staging.id);
    expect(store.isTrashed(file.id)).toBe(true);
    expect(store.get(file.id)!.trashed).toBe(false);
    expect(store.canView(file.id, OPS)).toBe(true);
    expect(store.canView(file.id, CLIENT)).toBe(false);
    expect(store.children(staging.id)).toEqual([]);
    expect(store.children(staging.id, { includeTrashed: true })).toHaveLength(1);
    store.untrash(staging.id);
    expect(store.canView(file.id, CLIENT)).toBe(true);
  });

  test('children come in creation order, also after a move back', () => {
    const { store, root, staging, file } = setup();
    const second = store.createFile({
      name: 'b',
      mimeType: 'text/plain',
      parentId: staging.id,
      owner: OPS,
    });
    store.move(file.id, root);
    expect(store.children(staging.id).map((i) => i.name)).toEqual(['b']);
    store.move(file.id, staging.id);
    expect(store.children(staging.id).map((i) => i.id)).toEqual([file.id, second.id]);
    expect(store.pathOf(file.id)).toBe('My Drive/Staging/a.obj');
  });

  test('refuses a move that makes a cycle and a parent that is not a folder', () => {
    const { store, staging, file } = setup();
    const inner = store.createFolder({ name: 'Inner', parentId: staging.id, owner: OPS });
    expect(() => store.move(staging.id, inner.id)).toThrow(EmulatorUsageError);
    expect(() =>
      store.createFile({ name: 'x', mimeType: 'text/plain', parentId: file.id, owner: OPS }),
    ).toThrow(EmulatorUsageError);
  });

  test('a copy keeps type, size and description and belongs to the copier', () => {
    const { store, root, file } = setup();
    store.update(file.id, { description: 'task 7' });
    const copy = store.copy(file.id, { parentId: store.rootId(OTHER), owner: OTHER });
    expect(copy).toMatchObject({ name: 'a.obj', mimeType: 'model/obj', size: 42, owner: OTHER });
    expect(copy.description).toBe('task 7');
    expect(() => store.copy(root, { parentId: root, owner: OPS })).toThrow(EmulatorUsageError);
  });

  test('name searches see an item only once the search lag has passed', () => {
    const { ctx, store, file } = setup();
    expect(store.searchable(file, ctx.clock.now())).toBe(false);
    ctx.clock.advance(store.searchLagMs);
    expect(store.searchable(file, ctx.clock.now())).toBe(true);
  });

  test('toJSON / fromJSON keeps items, order, sharing, roots and the search lag', () => {
    const { ctx, store, staging, file } = setup();
    store.share(staging.id, CLIENT, 'editor');
    store.trash(file.id);
    store.searchLagMs = 2500;
    const copy = DriveStore.fromJSON(ctx, JSON.parse(JSON.stringify(store.toJSON())));
    expect(copy.toJSON()).toEqual(store.toJSON());
    expect(copy.rootId(OPS)).toBe(store.rootId(OPS));
    expect(copy.canEdit(file.id, CLIENT)).toBe(false); // trashed: hidden from non-owners
    expect(copy.children(staging.id, { includeTrashed: true }).map((i) => i.id)).toEqual([file.id]);
    const added = copy.createFile({
      name: 'new',
      mimeType: 'text/plain',
      parentId: staging.id,
      owner: OPS,
    });
    expect(copy.ordinal(added.id)).toBeGreaterThan(copy.ordinal(file.id));
    expect(() => DriveStore.fromJSON(ctx, { items: 3 })).toThrow(EmulatorUsageError);
  });
});

describe('content checksums', () => {
  const SHORTCUT_MIME = 'application/vnd.google-apps.shortcut';
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  test('a binary file has an md5 and a sha256 of its content, its own when none was given', () => {
    const { store, staging, file } = setup();
    expect(file.md5Checksum).toMatch(/^[0-9a-f]{32}$/);
    expect(file.sha256Checksum).toMatch(/^[0-9a-f]{64}$/);
    const twin = store.createFile({
      name: 'a.obj',
      mimeType: 'model/obj',
      parentId: staging.id,
      owner: OPS,
      size: 42,
    });
    // Same name, type and size, yet other bytes: other checksums.
    expect(twin.md5Checksum).not.toBe(file.md5Checksum);
    expect(twin.sha256Checksum).not.toBe(file.sha256Checksum);
    const text = store.createFile({
      name: 'notes.txt',
      mimeType: 'text/plain',
      parentId: staging.id,
      owner: OPS,
      content: 'héllo',
    });
    expect(text).toMatchObject({
      size: 6,
      md5Checksum: md5('héllo'),
      sha256Checksum: sha256('héllo'),
    });
  });

  test('a copy shares its source checksums; new content changes them, the copy keeps the old', () => {
    const { store, staging, file } = setup();
    const copy = store.copy(file.id, { parentId: staging.id, owner: CLIENT, name: 'b.obj' });
    expect([copy.md5Checksum, copy.sha256Checksum]).toEqual([
      file.md5Checksum,
      file.sha256Checksum,
    ]);
    const before = file.md5Checksum;
    store.updateContent(file.id);
    expect(store.get(file.id)!.size).toBe(42);
    expect(store.get(file.id)!.md5Checksum).not.toBe(before);
    expect(store.get(file.id)!.sha256Checksum).not.toBe(copy.sha256Checksum);
    expect(store.get(copy.id)!.md5Checksum).toBe(before);
    store.updateContent(copy.id, { content: 'v2' });
    expect(store.get(copy.id)).toMatchObject({ size: 2, md5Checksum: md5('v2') });
    store.updateContent(copy.id, { size: 9000 });
    expect(store.get(copy.id)!.size).toBe(9000);
    expect(store.get(copy.id)!.md5Checksum).not.toBe(md5('v2'));
  });

  test('folders, shortcuts and Google files have none, nor their copies', () => {
    const { store, staging } = setup();
    const doc = store.createFile({
      name: 'Brief',
      mimeType: 'application/vnd.google-apps.document',
      parentId: staging.id,
      owner: OPS,
      size: 1024,
      content: 'ignored: Google files keep no bytes Drive sums',
    });
    const shortcut = store.createFile({
      name: 'link',
      mimeType: SHORTCUT_MIME,
      parentId: staging.id,
      owner: OPS,
    });
    const copy = store.copy(doc.id, { parentId: staging.id, owner: OPS });
    for (const item of [staging, doc, shortcut, copy]) {
      expect([item.name, item.md5Checksum, item.sha256Checksum]).toEqual([
        item.name,
        undefined,
        undefined,
      ]);
    }
    expect(() => store.updateContent(doc.id)).toThrow(EmulatorUsageError);
  });

  test('a saved Drive keeps the checksums; one saved before them gives each binary file its own', () => {
    const { ctx, store, file } = setup();
    store.updateContent(file.id, { content: 'kept' });
    const json = store.toJSON();
    expect(DriveStore.fromJSON(ctx, json).get(file.id)!.md5Checksum).toBe(md5('kept'));
    const old = JSON.parse(JSON.stringify(json)) as { items: Array<Record<string, unknown>> };
    for (const item of old.items) {
      delete item.md5Checksum;
      delete item.sha256Checksum;
    }
    const loaded = DriveStore.fromJSON(ctx, old);
    expect(loaded.get(file.id)!.md5Checksum).toMatch(/^[0-9a-f]{32}$/);
    expect(loaded.get(loaded.rootId(OPS))!.md5Checksum).toBeUndefined();
  });
});
