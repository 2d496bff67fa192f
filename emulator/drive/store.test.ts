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
