/**
 * Bad input catalogue (README "The links and files of a task"): files shared by link with a
 * resource key, files whose owner turned off copying for viewers and commenters, and shortcuts,
 * with both copiers (the REST copier, the default, and DriveApp's: EXPORT_COPIER=driveapp). A link
 * that carries its key stages; the same file linked without it, a file that may not be copied, a
 * shortcut to a folder and a broken shortcut each fail their task with a reason naming the task,
 * the column and the cause, while the rest of the batch is staged; a shortcut stages its target.
 */
import { Demo, call, demoWorkspace, duplicatesIn, rowOf, tree } from '../helpers/workspace';
import {
  batchFolder,
  fileLink,
  ofKind,
  preview,
  reasons,
  setCell,
  stage,
  summaryOf,
} from '../helpers/bad-inputs';
import { deliver, deliveryFolder } from '../helpers/delivery';
import type { FaultRule } from '../../emulator';

type Task = Demo['demo']['tasks'][number];
interface PlannedCopy {
  sourceId: string;
  resourceKey?: string;
}

/** The copy plans a job keeps in its head (script properties) between slices, by Task ID. */
function planOf(d: Demo, jobId: string): Record<string, PlannedCopy[]> {
  const key = `exportJob.${jobId}`;
  const parts = Number(d.ws.properties.script.get(key) ?? 0);
  if (!parts) return {};
  const text = Array.from({ length: parts }, (_, i) => d.ws.properties.script.get(`${key}#${i}`));
  return (JSON.parse(text.join('')) as { plans: Record<string, PlannedCopy[]> }).plans;
}
type Copier = 'rest' | 'driveapp';

const COPIERS: Copier[] = ['rest', 'driveapp'];

function workspace(copier: Copier): Demo {
  const d = demoWorkspace({ demo: { tasks: 8, invalid: false, alreadyExported: 0 } });
  if (copier === 'driveapp') d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
  return d;
}

/**
 * Hands a file over to the other user, in their own My Drive: the ops person no longer reaches it
 * by their access to the Production folder.
 */
function handOver(d: Demo, fileId: string): void {
  const other = d.demo.users.other;
  d.ws.drive.move(fileId, d.ws.drive.rootId(other));
  d.ws.drive.get(fileId)!.owner = other;
}

/** The .obj file of a demo task (its fourth file, named after its folder). */
const objOf = (task: Task) => task.fileIds[3];

const keyLink = (id: string, key: string) =>
  `https://drive.google.com/file/d/${id}/view?usp=sharing&resourcekey=${key}`;

/** Stages every task the preview lists, lets the triggers finish, and returns what it did. */
function stageListed(d: Demo) {
  const selected = preview(d);
  const start = stage(d, selected.taskIds);
  d.ws.settle();
  const summary = summaryOf(d, start.jobId);
  return { selected, start, summary, why: reasons(summary) };
}

/** The names of a task's staged files. */
function stagedNames(d: Demo, batchId: string, task: Task): string[] {
  const staged = tree(d, batchFolder(d, batchId).id);
  expect(duplicatesIn(staged)).toEqual([]);
  return [...staged.keys()]
    .filter((p) => p.startsWith(`${task.folderName}/`))
    .map((p) => p.slice(task.folderName.length + 1))
    .sort();
}

const expectStaged = (d: Demo, task: Task, files = task.expectedFiles) => {
  expect([task.taskId, rowOf(d, task.taskId)['Export Status']]).toEqual([task.taskId, 'staged']);
  expect(rowOf(d, task.taskId)['Staged Count']).toBe(files);
};

const expectFailed = (d: Demo, task: Task) => {
  expect([task.taskId, rowOf(d, task.taskId)['Export Status']]).toEqual([
    task.taskId,
    'staging_failed',
  ]);
  expect(rowOf(d, task.taskId)['Staged Count']).toBe('');
};

describe.each(COPIERS)('links with a resource key (%s copier)', (copier) => {
  test('a link with its key stages the file; the same file linked without it fails, naming task and column', () => {
    const d = workspace(copier);
    const [withKey, withoutKey, ...rest] = ofKind(d, 'valid');
    for (const task of [withKey, withoutKey]) {
      handOver(d, objOf(task));
      const key = d.ws.drive.shareByLink(objOf(task), { withResourceKey: true })!;
      const link = task === withKey ? keyLink(objOf(task), key) : fileLink(objOf(task));
      setCell(d, task.taskId, 'OBJ File', link);
    }
    const { start, selected, why } = stageListed(d);

    expectStaged(d, withKey);
    const objName = d.ws.drive.get(objOf(withKey))!.name;
    expect(stagedNames(d, start.batchId, withKey)).toContain(objName);
    const copy = d.ws.drive
      .all()
      .find((i) => i.name === objName && i.owner === d.demo.users.owner)!;
    expect(copy).toMatchObject({ size: d.ws.drive.get(objOf(withKey))!.size });

    expectFailed(d, withoutKey);
    expect(why[withoutKey.taskId]).toBe(
      `Task ${withoutKey.taskId}: "OBJ File": the file ${objOf(withoutKey)} does not exist or is not shared with you, or it was shared by a link that only works whole (with its "resourcekey"): paste the whole link from Drive's Share › Copy link; no .obj file whose name contains "${withoutKey.folderName}".`,
    );
    // The preview said so before anything was copied.
    const problems = selected.perTask.find((t) => t.taskId === withoutKey.taskId)!.problems;
    expect(why[withoutKey.taskId]).toBe(`Task ${withoutKey.taskId}: ${problems.join('; ')}.`);
    for (const task of rest) expectStaged(d, task);
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('a link with a wrong key fails as a file that cannot be opened', () => {
    const d = workspace(copier);
    const [task] = ofKind(d, 'valid');
    handOver(d, objOf(task));
    d.ws.drive.shareByLink(objOf(task), { withResourceKey: true });
    setCell(d, task.taskId, 'OBJ File', keyLink(objOf(task), '0-NotTheKeyOfThisFile0'));
    const { why } = stageListed(d);
    expectFailed(d, task);
    expect(why[task.taskId]).toBe(
      `Task ${task.taskId}: "OBJ File": the file ${objOf(task)} does not exist or is not shared with you; no .obj file whose name contains "${task.folderName}".`,
    );
  });
});

describe('the resource key is kept with the job’s plan', () => {
  test.each(COPIERS)(
    'killed before the copy of the file, the job resumes from its saved plan and sends the key (%s copier)',
    (copier) => {
      const d = workspace(copier);
      const [task, ...rest] = ofKind(d, 'valid');
      handOver(d, objOf(task));
      const key = d.ws.drive.shareByLink(objOf(task), { withResourceKey: true })!;
      setCell(d, task.taskId, 'OBJ File', keyLink(objOf(task), key));
      const saved: PlannedCopy[] = [];
      const start = stage(d, preview(d).taskIds);
      // The copy of the file (REST), or the opening of it for its copy (DriveApp: the first
      // opening looks it up for the plan): the execution dies there, its plan saved before.
      const isCopy: FaultRule['match'] =
        copier === 'rest'
          ? (c) => c.detail === `files/${objOf(task)}/copy`
          : (c) => c.method === 'getFileByIdAndResourceKey';
      d.ws.faults.add({ kind: 'kill', nth: copier === 'rest' ? 1 : 2, match: isCopy });
      const stop = d.ws.runtime.onCall(() => {
        saved.push(...(planOf(d, start.jobId)[task.taskId] ?? []));
      });
      const runs = d.ws.settle();
      stop();
      expect(runs.filter((r) => r.killed)).toHaveLength(1);
      expect(d.ws.faults.fired).toHaveLength(1);
      // Saved with the job, the planned copy of the file carries its key.
      expect(saved.some((r) => r.sourceId === objOf(task) && r.resourceKey === key)).toBe(true);
      expectStaged(d, task);
      for (const t of rest) expectStaged(d, t);
    },
  );
});

describe('a task whose sources needed their keys is delivered', () => {
  test.each(COPIERS)(
    'staged from a link with a key, delivered from the staged copy (%s copier)',
    (copier) => {
      const d = workspace(copier);
      const [task] = ofKind(d, 'valid');
      handOver(d, objOf(task));
      const key = d.ws.drive.shareByLink(objOf(task), { withResourceKey: true })!;
      setCell(d, task.taskId, 'OBJ File', keyLink(objOf(task), key));
      const { start } = stageListed(d);
      expectStaged(d, task);
      // The owner stops sharing the file: the delivery copies the staged copy, which is the ops
      // person's own, and needs neither the file nor its key.
      d.ws.drive.get(objOf(task))!.linkShared = false;
      const delivery = deliver(d, start.batchId);
      d.ws.settle();
      const progress = call<{ finished: boolean; summary?: { failed: unknown[] } }>(
        d,
        'getJobProgress',
        delivery.jobId,
      );
      expect(progress.finished).toBe(true);
      expect(progress.summary!.failed).toEqual([]);
      expect(rowOf(d, task.taskId)['Export Status']).toBe('delivered');
      const delivered = tree(d, deliveryFolder(d, start.batchId)!.id);
      expect(delivered.get(`${task.folderName}/${d.ws.drive.get(objOf(task))!.name}`)).toBe(1);
      expect([...delivered.keys()].filter((p) => p.startsWith(`${task.folderName}/`))).toHaveLength(
        task.expectedFiles,
      );
    },
  );
});

describe.each(COPIERS)('a file its owner does not let viewers copy (%s copier)', (copier) => {
  test('its task fails with a plain reason; the rest of the batch is staged', () => {
    const d = workspace(copier);
    const [restricted, ...rest] = ofKind(d, 'valid');
    handOver(d, objOf(restricted));
    d.ws.drive.share(objOf(restricted), d.demo.users.owner, 'viewer');
    d.ws.drive.restrictCopying(objOf(restricted));
    const name = d.ws.drive.get(objOf(restricted))!.name;
    const { selected, why } = stageListed(d);

    expectFailed(d, restricted);
    if (copier === 'rest') {
      // Drive says so (capabilities.canCopy): the preview and the staging name the column.
      expect(why[restricted.taskId]).toBe(
        `Task ${restricted.taskId}: "OBJ File": "${name}" cannot be copied: its owner has turned off downloading, printing and copying for viewers and commenters. Ask the owner to allow it in the file's sharing settings, or to make you an editor; no .obj file whose name contains "${restricted.folderName}".`,
      );
      const problems = selected.perTask.find((t) => t.taskId === restricted.taskId)!.problems;
      expect(why[restricted.taskId]).toBe(`Task ${restricted.taskId}: ${problems.join('; ')}.`);
    } else {
      // DriveApp cannot read it: the copy, refused each time it was tried, fails the task.
      expect(why[restricted.taskId]).toBe(
        `Task ${restricted.taskId}: "${name}" could not be copied: Google Drive refused the copy 4 times, although the file opens: its owner may have turned off downloading, printing and copying for viewers and commenters (ask the owner to allow it, or to make you an editor of the file), or you may no longer add files to the folder it goes to.`,
      );
    }
    for (const task of rest) expectStaged(d, task);
    expect(d.ws.drive.all().filter((i) => i.name === name)).toHaveLength(1);
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('made an editor of the file, the task stages when retried', () => {
    const d = workspace(copier);
    const [restricted] = ofKind(d, 'valid');
    handOver(d, objOf(restricted));
    d.ws.drive.share(objOf(restricted), d.demo.users.owner, 'viewer');
    d.ws.drive.restrictCopying(objOf(restricted));
    const { start } = stageListed(d);
    expectFailed(d, restricted);
    d.ws.drive.share(objOf(restricted), d.demo.users.owner, 'editor');
    call(d, 'retryFailedStagingTasks', start.batchId, [restricted.taskId]);
    d.ws.settle();
    expectStaged(d, restricted);
    const names = stagedNames(d, start.batchId, restricted);
    expect(names).toContain(d.ws.drive.get(objOf(restricted))!.name);
    expect(names).toHaveLength(restricted.expectedFiles);
  });
});

describe('a file its owner stops letting viewers copy while the job runs (rest copier)', () => {
  test('Drive refuses the copy (403 cannotCopyFile): the task fails with the plain reason, not retried', () => {
    const d = workspace('rest');
    const [restricted, ...rest] = ofKind(d, 'valid');
    handOver(d, objOf(restricted));
    d.ws.drive.share(objOf(restricted), d.demo.users.owner, 'viewer');
    const name = d.ws.drive.get(objOf(restricted))!.name;
    let copies = 0;
    // Validated while it could be copied; the owner turns copying off as its copy goes.
    const stop = d.ws.runtime.onCall((c) => {
      if (c.detail === `files/${objOf(restricted)}/copy` && ++copies === 1) {
        d.ws.drive.restrictCopying(objOf(restricted));
      }
    });
    const { why } = stageListed(d);
    stop();
    expect(copies).toBe(1);
    expectFailed(d, restricted);
    expect(why[restricted.taskId]).toBe(
      `Task ${restricted.taskId}: "${name}" could not be copied: its owner has turned off downloading, printing and copying for viewers and commenters. Ask the owner to allow it, or to make you an editor of the file.`,
    );
    for (const task of rest) expectStaged(d, task);
  });
});

describe.each(COPIERS)('shortcuts in link cells (%s copier)', (copier) => {
  test('a shortcut stages its target, reached with the key the shortcut gives', () => {
    const d = workspace(copier);
    const [viaShortcut, viaKeyedShortcut, ...rest] = ofKind(d, 'valid');
    const shortcutTo = (task: Task, target: string) => {
      const s = d.ws.drive.createShortcut({
        targetId: target,
        parentId: d.demo.folders.production,
        owner: d.demo.users.owner,
        name: `Shortcut for ${task.taskId}`,
      });
      setCell(d, task.taskId, 'OBJ File', fileLink(s.id));
      return s;
    };
    shortcutTo(viaShortcut, objOf(viaShortcut));
    // The target is someone else's, shared by a link with a key: the shortcut carries the key.
    handOver(d, objOf(viaKeyedShortcut));
    d.ws.drive.shareByLink(objOf(viaKeyedShortcut), { withResourceKey: true });
    shortcutTo(viaKeyedShortcut, objOf(viaKeyedShortcut));
    const { start } = stageListed(d);

    for (const task of [viaShortcut, viaKeyedShortcut]) {
      expectStaged(d, task);
      const target = d.ws.drive.get(objOf(task))!;
      const names = stagedNames(d, start.batchId, task);
      expect(names).toContain(target.name);
      expect(names.some((n) => n.startsWith('Shortcut for'))).toBe(false);
      const copy = d.ws.drive
        .children(
          d.ws.drive
            .children(batchFolder(d, start.batchId).id)
            .find((f) => f.name === task.folderName)!.id,
        )
        .find((f) => f.name === target.name)!;
      // A copy of the file itself, not of the shortcut.
      expect(copy).toMatchObject({ mimeType: target.mimeType, size: target.size });
      expect(copy.shortcut).toBeUndefined();
    }
    for (const task of rest) expectStaged(d, task);
  });

  test('a file linked both directly and through a shortcut is copied once', () => {
    const d = workspace(copier);
    const [task] = ofKind(d, 'valid');
    const s = d.ws.drive.createShortcut({
      targetId: objOf(task),
      parentId: d.demo.folders.production,
      owner: d.demo.users.owner,
    });
    setCell(d, task.taskId, 'Alignment File', fileLink(s.id));
    const { start } = stageListed(d);
    // The alignment file it replaced is no longer linked; the .obj counts once.
    expectStaged(d, task, task.expectedFiles - 1);
    expect(stagedNames(d, start.batchId, task)).toHaveLength(task.expectedFiles - 1);
  });

  test('a shortcut to a folder and a broken shortcut fail their tasks with clear reasons', () => {
    const d = workspace(copier);
    const [toFolder, broken, ...rest] = ofKind(d, 'valid');
    const folderShortcut = d.ws.drive.createShortcut({
      targetId: d.demo.folders.baseImages,
      parentId: d.demo.folders.production,
      owner: d.demo.users.owner,
      name: 'Renders (shortcut)',
    });
    setCell(d, toFolder.taskId, 'Video', fileLink(folderShortcut.id));
    // The shortcut's target is taken away from the user: the shortcut breaks.
    const brokenShortcut = d.ws.drive.createShortcut({
      targetId: objOf(broken),
      parentId: d.demo.folders.production,
      owner: d.demo.users.owner,
      name: 'Model (shortcut)',
    });
    handOver(d, objOf(broken));
    setCell(d, broken.taskId, 'OBJ File', fileLink(brokenShortcut.id));
    const { selected, why } = stageListed(d);

    expectFailed(d, toFolder);
    expect(why[toFolder.taskId]).toBe(
      `Task ${toFolder.taskId}: "Video": "Renders (shortcut)" is a shortcut to a folder, not a file; link the file itself; no .mp4 file whose name contains "${toFolder.folderName}".`,
    );
    expectFailed(d, broken);
    expect(why[broken.taskId]).toBe(
      `Task ${broken.taskId}: "OBJ File": the shortcut "Model (shortcut)" leads to a file that no longer exists or is not shared with you; link the file itself; no .obj file whose name contains "${broken.folderName}".`,
    );
    for (const task of [toFolder, broken]) {
      const problems = selected.perTask.find((t) => t.taskId === task.taskId)!.problems;
      expect(why[task.taskId]).toBe(`Task ${task.taskId}: ${problems.join('; ')}.`);
    }
    for (const task of rest) expectStaged(d, task);
  });
});
