import { createHash } from 'node:crypto';
import { ContextOptions, createContext } from '../core/context';
import { createDriveApp } from '.';
import { DriveStore, FOLDER_MIME } from './store';

const OPS = 'ops@example.com';
const CLIENT = 'client@example.com';

type Folder = GoogleAppsScript.Drive.Folder;

function setup(opts: ContextOptions = {}) {
  const ctx = createContext({ seed: 11, ...opts });
  const store = new DriveStore(ctx);
  const drive = createDriveApp(ctx, store);
  const root = store.rootId(OPS);
  const staging = store.createFolder({ name: 'Staging', parentId: root, owner: OPS });
  const task = store.createFolder({ name: 'Task 1', parentId: staging.id, owner: OPS });
  const file = store.createFile({
    name: 'scan.obj',
    mimeType: 'model/obj',
    parentId: task.id,
    owner: OPS,
    size: 1234,
  });
  const run = <T>(body: () => T, user = OPS) => ctx.runtime.execute('test', user, body);
  return { ctx, store, drive, root, staging, task, file, run };
}

describe('DriveApp lookups', () => {
  test('getFileById returns the file as Drive holds it', () => {
    const { drive, file, run } = setup();
    const r = run(() => {
      const f = drive.getFileById(file.id);
      return [f.getId(), f.getName(), f.getMimeType(), f.getSize(), f.getUrl(), f.isTrashed()];
    });
    expect(r.value).toEqual([
      file.id,
      'scan.obj',
      'model/obj',
      1234,
      `https://drive.google.com/file/d/${file.id}/view?usp=drivesdk`,
      false,
    ]);
  });

  test('a missing id and an item the user cannot see throw the same exception', () => {
    const { drive, file, run } = setup();
    const missing = run(() => drive.getFileById('1doesNotExist0000000000000000000'), OPS);
    const hidden = run(() => drive.getFileById(file.id), CLIENT);
    expect(missing.ok).toBe(false);
    expect(hidden.ok).toBe(false);
    expect(hidden.error).toBe(missing.error);
  });

  test('access granted on a folder reaches everything below it', () => {
    const { drive, store, staging, file, run } = setup();
    store.share(staging.id, CLIENT, 'viewer');
    expect(run(() => drive.getFileById(file.id).getName(), CLIENT).value).toBe('scan.obj');
  });

  test('getFileById on a folder and getFolderById on a file throw', () => {
    const { drive, task, file, run } = setup();
    expect(run(() => drive.getFileById(task.id)).ok).toBe(false);
    expect(run(() => drive.getFolderById(file.id)).ok).toBe(false);
    expect(run(() => drive.getFolderById(task.id).getName()).value).toBe('Task 1');
  });

  test('a trashed file is still returned to its owner and reports isTrashed', () => {
    const { drive, store, task, file, run } = setup();
    store.trash(task.id);
    expect(run(() => drive.getFileById(file.id).isTrashed()).value).toBe(true);
  });

  test('every call passes the gate and advances the clock', () => {
    const { ctx, drive, file, run } = setup();
    const before = ctx.clock.now();
    const r = run(() => {
      const f = drive.getFileById(file.id);
      f.getName();
      f.getName();
    });
    expect(r.execution.calls).toBe(3);
    expect(ctx.clock.now() - before).toBe(15);
  });
});

describe('DriveApp writes', () => {
  test('makeCopy() and makeCopy(name) copy beside the original', () => {
    const { drive, store, task, file, run } = setup();
    const r = run(() => {
      const f = drive.getFileById(file.id);
      return [f.makeCopy().getName(), f.makeCopy('renamed.obj').getName()];
    });
    expect(r.value).toEqual(['Copy of scan.obj', 'renamed.obj']);
    expect(store.children(task.id).map((i) => i.name)).toEqual([
      'scan.obj',
      'Copy of scan.obj',
      'renamed.obj',
    ]);
  });

  test('makeCopy(destination) and makeCopy(name, destination) copy into the folder', () => {
    const { drive, store, staging, file, run } = setup();
    const r = run(() => {
      const dest: Folder = drive.getFolderById(staging.id);
      const f = drive.getFileById(file.id);
      const a = f.makeCopy(dest);
      const b = f.makeCopy('final.obj', dest);
      return [a.getName(), b.getName(), b.getParents().next().getId(), b.getSize()];
    });
    expect(r.value).toEqual(['Copy of scan.obj', 'final.obj', staging.id, 1234]);
    expect(store.children(staging.id).map((i) => i.name)).toEqual([
      'Task 1',
      'Copy of scan.obj',
      'final.obj',
    ]);
  });

  test('a copy belongs to the user who made it; without edit access beside, it goes to their root', () => {
    const { drive, store, staging, file, run } = setup();
    store.share(staging.id, CLIENT, 'viewer');
    const r = run(() => {
      const copy = drive.getFileById(file.id).makeCopy();
      return [copy.getOwner().getEmail(), copy.getParents().next().getId()];
    }, CLIENT);
    expect(r.value).toEqual([CLIENT, store.rootId(CLIENT)]);
  });

  test('writes need edit access to the target or destination', () => {
    const { drive, store, staging, task, file, run } = setup();
    store.share(staging.id, CLIENT, 'viewer');
    const attempts: Array<() => unknown> = [
      () => drive.getFileById(file.id).setName('x'),
      () => drive.getFileById(file.id).setDescription('x'),
      () => drive.getFileById(file.id).makeCopy('x', drive.getFolderById(task.id)),
      () => drive.getFolderById(task.id).createFolder('x'),
      () => drive.getFolderById(task.id).createFile('x', 'y'),
      () => drive.getFileById(file.id).moveTo(drive.getRootFolder()),
      () => drive.getFileById(file.id).addEditor(CLIENT),
    ];
    for (const attempt of attempts) {
      const r = run(attempt, CLIENT);
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/Access denied/);
    }
    expect(store.children(task.id)).toHaveLength(1);
    expect(store.get(file.id)!.name).toBe('scan.obj');
  });

  test('only the owner may trash, even an editor may not', () => {
    const { drive, store, staging, file, run } = setup();
    store.share(staging.id, CLIENT, 'editor');
    expect(run(() => drive.getFileById(file.id).setTrashed(true), CLIENT).ok).toBe(false);
    expect(store.isTrashed(file.id)).toBe(false);
    expect(run(() => drive.getFileById(file.id).setTrashed(true).isTrashed()).value).toBe(true);
    expect(run(() => drive.getFileById(file.id).setTrashed(false).isTrashed()).value).toBe(false);
  });

  test('edits by an editor take effect; sharing shows in getEditors', () => {
    const { drive, store, staging, file, run } = setup();
    run(() => drive.getFolderById(staging.id).addEditor(CLIENT));
    const r = run(() => {
      const f = drive.getFileById(file.id).setName('renamed.obj').setDescription('checked');
      return [f.getName(), f.getDescription(), f.getEditors().map((u) => u.getEmail())];
    }, CLIENT);
    expect(r.value).toEqual(['renamed.obj', 'checked', [CLIENT]]);
    expect(store.get(file.id)!.updatedAt).toBeGreaterThan(store.get(file.id)!.createdAt);
  });

  test('createFolder and createFile make items in the root or a folder', () => {
    const { drive, store, root, task, run } = setup();
    const r = run(() => {
      const top = drive.createFolder('Exports');
      const text = drive.getFolderById(task.id).createFile('notes.txt', 'héllo');
      const csv = drive.getFolderById(task.id).createFile('a.csv', 'a,b', 'text/csv');
      return [top.getId(), text.getMimeType(), text.getSize(), csv.getMimeType(), text.getId()];
    });
    const [topId, ...rest] = r.value as [string, string, number, string, string];
    expect(store.get(topId)).toMatchObject({ parentId: root, mimeType: FOLDER_MIME });
    expect(rest.slice(0, 3)).toEqual(['text/plain', 6, 'text/csv']);
    // The checksum of the content written, as Drive would have it.
    expect(store.get(rest[3])!.md5Checksum).toBe(createHash('md5').update('héllo').digest('hex'));
  });

  test('moveTo moves into a folder the user can edit, never into the item itself', () => {
    const { drive, store, staging, task, file, run } = setup();
    run(() => drive.getFileById(file.id).moveTo(drive.getFolderById(staging.id)));
    expect(store.get(file.id)!.parentId).toBe(staging.id);
    const loop = run(() => drive.getFolderById(staging.id).moveTo(drive.getFolderById(task.id)));
    expect(loop.ok).toBe(false);
    expect(loop.error).toMatch(/Invalid argument/);
    expect(run(() => drive.getRootFolder().setTrashed(true)).error).toMatch(/Access denied/);
  });

  test('over the write ceiling a write throws and takes no effect', () => {
    const { drive, store, task, file, run } = setup({ ceiling: { perSecond: 3, burst: 3 } });
    const r = run(() => {
      const f = drive.getFileById(file.id);
      for (let i = 0; i < 4; i += 1) f.makeCopy(`copy ${i}`);
    });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/too many times/);
    expect(store.children(task.id).map((i) => i.name)).toEqual([
      'scan.obj',
      'copy 0',
      'copy 1',
      'copy 2',
    ]);
  });

  test('pacing the writes stays under the ceiling', () => {
    const { ctx, drive, store, task, file, run } = setup({ ceiling: { perSecond: 3, burst: 3 } });
    const r = run(() => {
      const f = drive.getFileById(file.id);
      for (let i = 0; i < 6; i += 1) {
        f.makeCopy(`copy ${i}`);
        ctx.runtime.wait(400);
      }
    });
    expect(r.ok).toBe(true);
    expect(store.children(task.id)).toHaveLength(7);
  });
});

describe('DriveApp faults', () => {
  const isCopy = (c: { method: string }) => c.method === 'File.makeCopy';

  test('successWithError: the copy exists but the script sees an exception', () => {
    const { ctx, drive, store, task, file, run } = setup();
    ctx.runtime.faults.add({ kind: 'successWithError', nth: 1, match: isCopy });
    const r = run(() => drive.getFileById(file.id).makeCopy('a'));
    expect(r.ok).toBe(false);
    expect(r.killed).toBe(false);
    expect(store.children(task.id).map((i) => i.name)).toContain('a');
  });

  test('kill stops before the copy; killAfter stops after it', () => {
    const { ctx, drive, store, task, file, run } = setup();
    ctx.runtime.faults.add({ kind: 'kill', nth: 1, match: isCopy });
    const killed = run(() => drive.getFileById(file.id).makeCopy('before'));
    ctx.runtime.faults.add({ kind: 'killAfter', nth: 1, match: isCopy });
    const killedAfter = run(() => drive.getFileById(file.id).makeCopy('after'));
    expect([killed.killed, killedAfter.killed]).toEqual([true, true]);
    expect(store.children(task.id).map((i) => i.name)).toEqual(['scan.obj', 'after']);
  });
});

describe('DriveApp iterators', () => {
  function withFiles(n: number) {
    const s = setup();
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

  test('getFiles lists non-trashed files in creation order; getFolders the folders', () => {
    const { drive, store, staging, ids, run } = withFiles(3);
    store.trash(ids[1]);
    const r = run(() => {
      const names: string[] = [];
      const files = drive.getFolderById(staging.id).getFiles();
      while (files.hasNext()) names.push(files.next().getName());
      const folders = drive.getFolderById(staging.id).getFolders();
      return [names, folders.next().getName(), folders.hasNext()];
    });
    expect(r.value).toEqual([['f0', 'f2'], 'Task 1', false]);
  });

  test('next() past the end throws', () => {
    const { drive, task, run } = setup();
    const r = run(() => {
      const files = drive.getFolderById(task.id).getFiles();
      files.next();
      files.next();
    });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/reached the end/);
  });

  test('filters by name and by type within a folder', () => {
    const { drive, store, staging, run } = withFiles(2);
    store.createFile({ name: 'f0', mimeType: 'video/mp4', parentId: staging.id, owner: OPS });
    const r = run(() => {
      const folder = drive.getFolderById(staging.id);
      const count = (it: GoogleAppsScript.Drive.FileIterator) => {
        let n = 0;
        while (it.hasNext()) {
          it.next();
          n += 1;
        }
        return n;
      };
      return [
        count(folder.getFilesByName('f0')),
        count(folder.getFilesByType('video/mp4')),
        folder.getFoldersByName('Task 1').hasNext(),
      ];
    });
    expect(r.value).toEqual([2, 1, true]);
  });

  test('a continuation token resumes the listing in a later execution', () => {
    const { ctx, drive, store, staging, run } = withFiles(5);
    const first = run(() => {
      const files = drive.getFolderById(staging.id).getFiles();
      const seen = [files.next().getName(), files.next().getName()];
      return { seen, token: files.getContinuationToken() };
    });
    const { token } = first.value as { seen: string[]; token: string };
    store.createFile({ name: 'late', mimeType: 'image/jpeg', parentId: staging.id, owner: OPS });
    ctx.clock.advance(60_000);
    const second = run(() => {
      const rest: string[] = [];
      const files = drive.continueFileIterator(token);
      while (files.hasNext()) rest.push(files.next().getName());
      return rest;
    });
    expect(second.value).toEqual(['f2', 'f3', 'f4', 'late']);
  });

  test('an invalid, wrong-kind or week-old token throws', () => {
    const { ctx, drive, staging, run } = withFiles(2);
    const token = run(() => drive.getFolderById(staging.id).getFiles().getContinuationToken())
      .value as string;
    expect(run(() => drive.continueFileIterator('not a token')).ok).toBe(false);
    expect(run(() => drive.continueFolderIterator(token)).ok).toBe(false);
    expect(run(() => drive.continueFileIterator(token).hasNext()).value).toBe(true);
    ctx.clock.advance(8 * 24 * 60 * 60 * 1000);
    expect(run(() => drive.continueFileIterator(token)).ok).toBe(false);
  });

  test('Drive-wide name search lags new items; a folder listing does not', () => {
    const { ctx, drive, store, staging, run } = setup();
    const fresh = store.createFile({
      name: 'new.jpg',
      mimeType: 'image/jpeg',
      parentId: staging.id,
      owner: OPS,
    });
    const search = () => run(() => drive.getFilesByName('new.jpg').hasNext()).value;
    expect(search()).toBe(false);
    expect(
      run(() => drive.getFolderById(staging.id).getFilesByName('new.jpg').hasNext()).value,
    ).toBe(true);
    ctx.clock.advance(store.searchLagMs);
    expect(search()).toBe(true);
    expect(run(() => drive.getFilesByName('new.jpg').next().getId()).value).toBe(fresh.id);
    expect(run(() => drive.getFoldersByName('Staging').next().getId()).value).toBe(staging.id);
    store.trash(fresh.id);
    expect(search()).toBe(false);
  });

  test('iterator steps are gated reads', () => {
    const { drive, staging, run } = withFiles(2);
    const r = run(() => {
      const files = drive.getFolderById(staging.id).getFiles();
      files.next();
      files.next();
    });
    expect(r.execution.calls).toBe(4);
  });
});
