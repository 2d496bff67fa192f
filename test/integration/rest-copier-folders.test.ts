/**
 * The copiers' own interface, called directly (as the engine's jobs call it) inside executions of
 * the emulator: folders filled from a source folder's files, the per-folder copyFiles, paging.
 */
import { Workspace, seedDemo } from '../../emulator';
import {
  Copier,
  FolderCopy,
  FolderCopyResult,
  FolderEntry,
  copyFolders,
} from '../../src/drive/copier';
import { DriveAppCopier } from '../../src/drive/driveapp-copier';
import { RestCopier } from '../../src/drive/rest-copier';
import { planTargets } from '../../src/batches/copy-plan';

const SERVICES = [
  'DriveApp',
  'UrlFetchApp',
  'ScriptApp',
  'CacheService',
  'Utilities',
  'PropertiesService',
  'Date',
];

/** Runs `body` as one execution with the emulated services as the globals the copiers use. */
function inExecution<T>(ws: Workspace, body: () => T): T {
  const globals = ws.globals();
  const host = globalThis as Record<string, unknown>;
  const saved = SERVICES.map((k) => [k, host[k]] as const);
  for (const k of SERVICES) host[k] = globals[k];
  try {
    const result = ws.execute(body);
    if (!result.ok) throw new Error(result.error);
    return result.value as T;
  } finally {
    for (const [k, v] of saved) host[k] = v;
  }
}

/** Drive's write ceiling is on except for DriveApp, which cannot pace its one-by-one copies. */
function setup(ceiling = true) {
  const ws = new Workspace({ seed: 3, driveWriteCeiling: ceiling });
  const demo = seedDemo(ws, { tasks: 6, filesPerTask: 9, invalid: false });
  const target = ws.drive.createFolder({
    name: 'Delivery',
    parentId: demo.folders.clientAcme,
    owner: ws.owner,
  }).id;
  // One source folder per task, holding its files, as a staged batch folder does.
  const sources = demo.tasks.map((task) => {
    const folder = ws.drive.createFolder({
      name: task.folderName,
      parentId: demo.folders.staging,
      owner: ws.owner,
    });
    for (const id of task.fileIds) ws.drive.copy(id, { parentId: folder.id, owner: ws.owner });
    return folder;
  });
  return { ws, demo, target, sources };
}

function folderCopies(target: string, sources: Array<{ id: string; name: string }>): FolderCopy[] {
  return sources.map((folder) => ({
    key: folder.name,
    parentId: target,
    folderName: folder.name,
    plan: {
      sourceFolderId: folder.id,
      make: (files: readonly FolderEntry[]) =>
        files.length ? planTargets(files) : { problem: `${folder.name} is empty` },
    },
  }));
}

function treeOf(ws: Workspace, folderId: string): string[] {
  return ws.drive
    .children(folderId)
    .flatMap((f) => ws.drive.children(f.id).map((c) => `${f.name}/${c.name}`))
    .sort();
}

describe('copyFolders: task folders filled from source folders', () => {
  test.each([
    ['the REST copier', () => new RestCopier(3), true],
    ['the DriveApp copier (one folder after the other)', () => new DriveAppCopier(), false],
  ])('%s copies every file once and reports each folder with its listing', (_n, make, ceiling) => {
    const { ws, target, sources } = setup(ceiling);
    const seen: FolderCopyResult[] = [];
    const results = inExecution(ws, () => {
      const copier: Copier = make();
      return copyFolders(copier, folderCopies(target, sources), Date.now() + 300_000, (r) =>
        seen.push(r),
      );
    });
    expect(results.map((r) => r.state)).toEqual(sources.map(() => 'done'));
    expect(seen.map((r) => r.key)).toEqual(sources.map((s) => s.name));
    for (const [i, r] of results.entries()) {
      if (r.state !== 'done') continue;
      expect(r.present).toHaveLength(ws.drive.children(sources[i].id).length);
      expect(r.copied).toBe(r.present.length);
    }
    const expected = sources.flatMap((s) =>
      ws.drive.children(s.id).map((c) => `${s.name}/${c.name}`),
    );
    expect(treeOf(ws, target)).toEqual(expected.sort());
  });

  test('run again over what is there, nothing is copied twice', () => {
    const { ws, target, sources } = setup();
    const copies = folderCopies(target, sources);
    inExecution(ws, () => copyFolders(new RestCopier(3), copies, Date.now() + 300_000));
    const before = treeOf(ws, target);
    const again = inExecution(ws, () =>
      copyFolders(new RestCopier(3), copies, Date.now() + 300_000),
    );
    expect(again.map((r) => r.state)).toEqual(sources.map(() => 'done'));
    expect(again.map((r) => r.copied)).toEqual(sources.map(() => 0));
    expect(treeOf(ws, target)).toEqual(before);
  });

  test('a deadline leaves the rest pending, with the folders made so far, and nothing half-known', () => {
    const { ws, target, sources } = setup();
    const copies = folderCopies(target, sources);
    const first = inExecution(ws, () => copyFolders(new RestCopier(3), copies, Date.now() + 6000));
    expect(first.some((r) => r.state === 'pending')).toBe(true);
    expect(first.some((r) => r.state === 'done')).toBe(true);
    const rest = inExecution(ws, () =>
      copyFolders(
        new RestCopier(3),
        copies.map((c, i) => ({ ...c, folderId: first[i].folderId })),
        Date.now() + 300_000,
      ),
    );
    expect(rest.map((r) => r.state)).toEqual(sources.map(() => 'done'));
    const expected = sources.flatMap((s) =>
      ws.drive.children(s.id).map((c) => `${s.name}/${c.name}`),
    );
    expect(treeOf(ws, target)).toEqual(expected.sort());
  });

  test('a plan that cannot be made is reported as invalid with its problem', () => {
    const { ws, target, sources } = setup();
    const empty = ws.drive.createFolder({
      name: 'Empty',
      parentId: sources[0].parentId!,
      owner: ws.owner,
    });
    const [result] = inExecution(ws, () =>
      copyFolders(new RestCopier(3), folderCopies(target, [empty]), Date.now() + 60_000),
    );
    expect(result).toMatchObject({ key: 'Empty', state: 'invalid', problem: 'Empty is empty' });
  });
});

describe('copyFolders: a copy removed after it was made, before the folder is checked', () => {
  /** The first folder's files once its copies are all made; trashes one of them at `method`. */
  function removeOnceComplete(
    ws: Workspace,
    target: string,
    source: { id: string; name: string },
    method: string,
  ): () => string | null {
    let removed: string | null = null;
    ws.runtime.onCall((c) => {
      if (removed || c.method !== method) return;
      const folder = ws.drive.children(target).find((f) => f.name === source.name);
      const files = folder ? ws.drive.children(folder.id) : [];
      if (files.length === 0 || files.length !== ws.drive.children(source.id).length) return;
      removed = files[1].name;
      ws.drive.trash(files[1].id);
    });
    return () => removed;
  }

  test.each([
    ['the REST copier', () => new RestCopier(3), true, 'drive.files.list'],
    ['the DriveApp copier', () => new DriveAppCopier(), false, 'Folder.getFiles'],
  ])(
    '%s with remakeLost false reports it short, with the listing and the lost copy, and does not make it again',
    (_n, make, ceiling, method) => {
      const { ws, target, sources } = setup(ceiling);
      const [first] = sources;
      const removed = removeOnceComplete(ws, target, first, method);
      const copies = folderCopies(target, [first]).map((c) => ({ ...c, remakeLost: false }));
      const [result] = inExecution(ws, () => copyFolders(make(), copies, Date.now() + 300_000));
      expect(removed()).not.toBeNull();
      const files = ws.drive.children(first.id).length;
      expect(result).toMatchObject({
        key: first.name,
        state: 'short',
        copied: files,
        lost: [{ targetName: removed() }],
      });
      if (result.state !== 'short') return;
      expect(result.present).toHaveLength(files - 1);
      expect(result.present.map((f) => f.name)).not.toContain(removed());
      const folder = ws.drive.children(target)[0];
      expect(ws.drive.children(folder.id).map((f) => f.name)).not.toContain(removed());
    },
  );

  test('by default the REST copier makes it again and reports the folder done and whole', () => {
    const { ws, target, sources } = setup();
    const [first] = sources;
    const removed = removeOnceComplete(ws, target, first, 'drive.files.list');
    const [result] = inExecution(ws, () =>
      copyFolders(new RestCopier(3), folderCopies(target, [first]), Date.now() + 300_000),
    );
    expect(removed()).not.toBeNull();
    expect(result.state).toBe('done');
    if (result.state !== 'done') return;
    expect(result.present.map((f) => f.name)).toContain(removed());
    expect(treeOf(ws, target)).toEqual(
      ws.drive
        .children(first.id)
        .map((c) => `${first.name}/${c.name}`)
        .sort(),
    );
  });
});

describe('copies with a description of their own', () => {
  test.each([
    ['the REST copier', () => new RestCopier(3), true],
    ['the DriveApp copier', () => new DriveAppCopier(), false],
  ])(
    '%s gives each copy the description asked for instead of its source’s',
    (_n, make, ceiling) => {
      const { ws, target, sources } = setup(ceiling);
      const files = ws.drive.children(sources[0].id);
      for (const f of files) ws.drive.update(f.id, { description: `reviewer notes on ${f.name}` });
      const plan = planTargets(files).map((r) => ({ ...r, description: '' }));
      const outcomes = inExecution(ws, () => {
        const copier: Copier = make();
        const folder = copier.createFolder(target, 'Clean');
        return copier.copyFiles(plan, folder, Date.now() + 120_000);
      });
      expect(outcomes.every((o) => o.ok)).toBe(true);
      const made = ws.drive.children(ws.drive.children(target)[0].id);
      expect(made.map((f) => [f.name, f.description])).toEqual(files.map((f) => [f.name, '']));
      // Without one, a copy keeps its source's: staging relies on that.
      const kept = inExecution(ws, () =>
        make().copyFiles(planTargets(files.slice(0, 1)), sources[1].id, Date.now() + 60_000),
      );
      expect(ws.drive.get(kept[0].ok ? kept[0].id : '')!.description).toBe(
        `reviewer notes on ${files[0].name}`,
      );
    },
  );

  test('the REST listings report descriptions, so that whoever counts can check them', () => {
    const { ws, sources } = setup();
    const [one, two] = ws.drive.children(sources[0].id);
    ws.drive.update(one.id, { description: 'score 93' });
    const listed = inExecution(ws, () => new RestCopier(3).listFiles(sources[0].id));
    expect(listed.find((f) => f.id === one.id)!.description).toBe('score 93');
    expect(listed.find((f) => f.id === two.id)!.description ?? '').toBe('');
  });
});

describe('copyFiles: one folder, the copies asked for', () => {
  test('answers one outcome per copy; under 500s that hide made copies, no duplicate', () => {
    const { ws, target, sources } = setup();
    ws.faults.add({
      kind: 'successWithError',
      probability: 0.4,
      match: (c) => c.method === 'drive.files.copy',
    });
    const files = ws.drive.children(sources[0].id);
    const outcomes = inExecution(ws, () => {
      const copier = new RestCopier(3);
      const folder = copier.createFolder(target, 'One');
      return copier.copyFiles(planTargets(files), folder, Date.now() + 120_000);
    });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(ws.faults.fired.length).toBeGreaterThan(0);
    const made = ws.drive.children(ws.drive.children(target)[0].id).map((f) => f.name);
    expect(made.sort()).toEqual(files.map((f) => f.name).sort());
  });

  test('lists a folder of more than one page completely', () => {
    const { ws, target } = setup();
    for (let i = 0; i < 1234; i++) {
      ws.drive.createFile({
        name: `f${i}.txt`,
        mimeType: 'text/plain',
        parentId: target,
        owner: ws.owner,
      });
    }
    const listed = inExecution(ws, () => new RestCopier(3).listFiles(target));
    expect(new Set(listed.map((f) => f.name)).size).toBe(1234);
  });
});
