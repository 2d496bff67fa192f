/**
 * Files shared by link (with and without a resource key), files whose owner turned off copying for
 * viewers and commenters, and shortcuts: in the store and through DriveApp.
 */
import { createContext } from '../core/context';
import { EmulatorUsageError } from '../core/errors';
import { createDriveApp } from '.';
import { DriveStore, FOLDER_MIME, SHORTCUT_MIME } from './store';

const OPS = 'ops@example.com';
const OWNER = 'owner@example.com';

function setup() {
  const ctx = createContext({ seed: 21 });
  const store = new DriveStore(ctx);
  const drive = createDriveApp(ctx, store);
  const opsRoot = store.rootId(OPS);
  const ownerRoot = store.rootId(OWNER);
  const inbox = store.createFolder({ name: 'Inbox', parentId: opsRoot, owner: OPS });
  const work = store.createFolder({ name: 'Work', parentId: ownerRoot, owner: OWNER });
  const file = (name: string) =>
    store.createFile({ name, mimeType: 'model/obj', parentId: work.id, owner: OWNER, size: 77 });
  const run = <T>(body: () => T, user = OPS) => ctx.runtime.execute('test', user, body);
  return { ctx, store, drive, inbox, work, file, run };
}

describe('files shared by link', () => {
  test('without a key anyone with the link opens it by id; listings never show it', () => {
    const { store, drive, inbox, work, file, run } = setup();
    const obj = file('scan.obj');
    expect(store.canOpen(obj.id, OPS)).toBe(false);
    expect(store.shareByLink(obj.id)).toBeUndefined();
    expect(store.canOpen(obj.id, OPS)).toBe(true);
    expect(store.canView(obj.id, OPS)).toBe(false);
    expect(store.roleOf(obj.id, OPS)).toBe('viewer');
    expect(run(() => drive.getFileById(obj.id).getName()).value).toBe('scan.obj');
    // Not discovered: its folder is not OPS's to list.
    expect(run(() => drive.getFolderById(work.id)).ok).toBe(false);
    // A viewer by link may copy it into a folder of their own.
    const copied = run(() =>
      drive.getFileById(obj.id).makeCopy('mine.obj', drive.getFolderById(inbox.id)).getId(),
    );
    expect(store.get(copied.value!)).toMatchObject({ name: 'mine.obj', owner: OPS, size: 77 });
  });

  test('with a key, only a request presenting that key opens it; a missing or wrong key is a missing file', () => {
    const { store, drive, inbox, file, run } = setup();
    const obj = file('scan.obj');
    const key = store.shareByLink(obj.id, { withResourceKey: true })!;
    expect(key).toMatch(/^0-[A-Za-z0-9_-]{22}$/);
    expect(store.get(obj.id)!.resourceKey).toBe(key);
    expect(store.canOpen(obj.id, OPS)).toBe(false);
    expect(store.canOpen(obj.id, OPS, new Map([[obj.id, 'wrong']]))).toBe(false);
    expect(store.canOpen(obj.id, OPS, new Map([[obj.id, key]]))).toBe(true);

    const missing = run(() => drive.getFileById('1NoSuchFileXXXXXXXXXXXXXXXXXXXXXX'));
    const withoutKey = run(() => drive.getFileById(obj.id));
    const wrongKey = run(() => drive.getFileByIdAndResourceKey(obj.id, '0-wrong'));
    expect(withoutKey.ok).toBe(false);
    expect(withoutKey.error).toBe(missing.error);
    expect(wrongKey.error).toBe(missing.error);

    // The File it returns presents the key in its own calls, a copy included.
    const r = run(() => {
      const f = drive.getFileByIdAndResourceKey(obj.id, key);
      const copy = f.makeCopy('mine.obj', drive.getFolderById(inbox.id));
      return [f.getName(), f.getSize(), f.getUrl(), copy.getOwner().getEmail()];
    });
    expect(r.value).toEqual([
      'scan.obj',
      77,
      `https://drive.google.com/file/d/${obj.id}/view?usp=drivesdk&resourcekey=${key}`,
      OPS,
    ]);
  });

  test('people with access, and its owner, need no key; a file in the trash is not reached by link', () => {
    const { store, drive, file, run } = setup();
    const obj = file('scan.obj');
    store.shareByLink(obj.id, { withResourceKey: true });
    expect(run(() => drive.getFileById(obj.id).getName(), OWNER).value).toBe('scan.obj');
    store.share(obj.id, OPS, 'viewer');
    expect(run(() => drive.getFileById(obj.id).getName()).value).toBe('scan.obj');

    const other = file('other.obj');
    const key = store.shareByLink(other.id, { withResourceKey: true })!;
    store.trash(other.id);
    expect(store.canOpen(other.id, OPS, new Map([[other.id, key]]))).toBe(false);
  });

  test('link sharing of folders and shortcuts is not emulated', () => {
    const { store, work, file } = setup();
    expect(() => store.shareByLink(work.id)).toThrow(EmulatorUsageError);
    const shortcut = store.createShortcut({
      targetId: file('a.obj').id,
      parentId: work.id,
      owner: OWNER,
    });
    expect(() => store.shareByLink(shortcut.id)).toThrow(EmulatorUsageError);
  });

  test('getFileByIdAndResourceKey wants a string key', () => {
    const { drive, file, run } = setup();
    const obj = file('scan.obj');
    const r = run(() => drive.getFileByIdAndResourceKey(obj.id, null as unknown as string), OWNER);
    expect(r.error).toMatch(/Invalid argument: resourceKey/);
  });

  test('link sharing and keys survive a save', () => {
    const { ctx, store, file } = setup();
    const obj = file('scan.obj');
    const key = store.shareByLink(obj.id, { withResourceKey: true })!;
    store.restrictCopying(obj.id);
    const copy = DriveStore.fromJSON(ctx, JSON.parse(JSON.stringify(store.toJSON())));
    expect(copy.toJSON()).toEqual(store.toJSON());
    expect(copy.canOpen(obj.id, OPS, new Map([[obj.id, key]]))).toBe(true);
    expect(copy.canCopy(obj.id, OPS, new Map([[obj.id, key]]))).toBe(false);
  });
});

describe('files whose owner turned off copying for viewers and commenters', () => {
  test('canCopy is false for a viewer only; owner and editors may copy', () => {
    const { store, file } = setup();
    const obj = file('scan.obj');
    store.share(obj.id, OPS, 'viewer');
    expect(store.canCopy(obj.id, OPS)).toBe(true);
    store.restrictCopying(obj.id);
    expect(store.get(obj.id)!.copyRequiresWriterPermission).toBe(true);
    expect(store.canCopy(obj.id, OPS)).toBe(false);
    expect(store.canCopy(obj.id, OWNER)).toBe(true);
    store.share(obj.id, OPS, 'editor');
    expect(store.canCopy(obj.id, OPS)).toBe(true);
    store.restrictCopying(obj.id, false);
    expect(store.get(obj.id)!.copyRequiresWriterPermission).toBeUndefined();
  });

  test('DriveApp makeCopy by a viewer throws and copies nothing; the owner copies', () => {
    const { store, drive, inbox, work, file, run } = setup();
    const obj = file('scan.obj');
    store.share(obj.id, OPS, 'viewer');
    store.restrictCopying(obj.id);
    const refused = run(() =>
      drive.getFileById(obj.id).makeCopy('mine.obj', drive.getFolderById(inbox.id)),
    );
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/Access denied/);
    expect(store.children(inbox.id)).toEqual([]);
    // Still readable: the refusal is of the copy only.
    expect(run(() => drive.getFileById(obj.id).getName()).value).toBe('scan.obj');
    const own = run(() => drive.getFileById(obj.id).makeCopy('again.obj').getName(), OWNER);
    expect(own.value).toBe('again.obj');
    expect(store.children(work.id).map((i) => i.name)).toEqual(['scan.obj', 'again.obj']);
  });

  test('a viewer by link of a restricted file may not copy it either', () => {
    const { store, drive, inbox, file, run } = setup();
    const obj = file('scan.obj');
    const key = store.shareByLink(obj.id, { withResourceKey: true })!;
    store.restrictCopying(obj.id);
    expect(store.canCopy(obj.id, OPS, new Map([[obj.id, key]]))).toBe(false);
    const r = run(() =>
      drive
        .getFileByIdAndResourceKey(obj.id, key)
        .makeCopy('mine.obj', drive.getFolderById(inbox.id)),
    );
    expect(r.ok).toBe(false);
    expect(store.children(inbox.id)).toEqual([]);
  });

  test('folders have no copy restriction', () => {
    const { store, work } = setup();
    expect(() => store.restrictCopying(work.id)).toThrow(EmulatorUsageError);
    expect(store.canCopy(work.id, OWNER)).toBe(false);
  });
});

describe('shortcuts', () => {
  test('a shortcut takes its target’s name and type; copying it makes another shortcut', () => {
    const { store, inbox, work, file } = setup();
    const obj = file('scan.obj');
    const key = store.shareByLink(obj.id, { withResourceKey: true });
    const shortcut = store.createShortcut({ targetId: obj.id, parentId: inbox.id, owner: OPS });
    expect(shortcut).toMatchObject({
      name: 'scan.obj',
      mimeType: SHORTCUT_MIME,
      shortcut: { targetId: obj.id, targetMimeType: 'model/obj' },
    });
    expect(store.targetResourceKey(shortcut)).toBe(key);
    // Its name and its target's change apart.
    store.update(obj.id, { name: 'renamed.obj' });
    expect(store.get(shortcut.id)!.name).toBe('scan.obj');
    const copy = store.copy(shortcut.id, { parentId: inbox.id, owner: OPS, name: 'again' });
    expect(copy).toMatchObject({ mimeType: SHORTCUT_MIME, shortcut: shortcut.shortcut });
    const toFolder = store.createShortcut({ targetId: work.id, parentId: inbox.id, owner: OPS });
    expect(toFolder.shortcut).toEqual({ targetId: work.id, targetMimeType: FOLDER_MIME });
    expect(() =>
      store.createShortcut({ targetId: shortcut.id, parentId: inbox.id, owner: OPS }),
    ).toThrow(EmulatorUsageError);
  });

  test('DriveApp reads a shortcut’s target; other files have none', () => {
    const { store, drive, inbox, file, run } = setup();
    const obj = file('scan.obj');
    const key = store.shareByLink(obj.id, { withResourceKey: true });
    const shortcut = store.createShortcut({ targetId: obj.id, parentId: inbox.id, owner: OPS });
    const r = run(() => {
      const f = drive.getFileById(shortcut.id);
      const plain = drive.getFileById(shortcut.id).makeCopy('copy');
      return [
        f.getMimeType(),
        f.getTargetId(),
        f.getTargetMimeType(),
        f.getTargetResourceKey(),
        plain.getMimeType(),
        plain.getTargetId(),
      ];
    });
    expect(r.value).toEqual([SHORTCUT_MIME, obj.id, 'model/obj', key, SHORTCUT_MIME, obj.id]);
    const none = run(
      () => [
        drive.getFileById(obj.id).getTargetId(),
        drive.getFileById(obj.id).getTargetMimeType(),
        drive.getFileById(obj.id).getTargetResourceKey(),
      ],
      OWNER,
    );
    expect(none.value).toEqual([null, null, null]);
  });

  test('a shortcut is reached through its parent’s access, its target through its own', () => {
    const { store, drive, inbox, file, run } = setup();
    const obj = file('scan.obj');
    const shortcut = store.createShortcut({ targetId: obj.id, parentId: inbox.id, owner: OPS });
    expect(run(() => drive.getFileById(shortcut.id).getTargetId()).value).toBe(obj.id);
    // The target is not shared with OPS: the shortcut is broken for them.
    expect(run(() => drive.getFileById(obj.id)).ok).toBe(false);
  });
});
