/**
 * Bad input catalogue (README "When something is wrong"): links and files in the task rows. One
 * batch holds a task for each bad link or file, beside sound tasks: each bad task fails staging
 * with a reason naming the task, the column and the cause (the preview shows it first), and every
 * other task of the batch still ends right, its files staged exactly once.
 */
import { Demo, demoWorkspace, duplicatesIn, rowOf, tree } from '../helpers/workspace';
import { FILE_LINK_HEADERS } from '../../emulator/demo';
import {
  batchFolder,
  fileLink,
  ofKind,
  preview,
  reasons,
  renameTask,
  setCell,
  stage,
  statuses,
  summaryOf,
} from '../helpers/bad-inputs';

type Task = Demo['demo']['tasks'][number];

const name = (d: Demo, id: string) => d.ws.drive.get(id)!.name;
const cell = (d: Demo, task: Task, column: string) => String(rowOf(d, task.taskId)[column]);

/** The demo with 40 rows, and each bad case made on a sound task of its own. */
function badBatch() {
  const d = demoWorkspace({ demo: { tasks: 40 } });
  const sound = ofKind(d, 'valid');
  const [
    foreign,
    folderLink,
    folderById,
    noFolderName,
    emptyObj,
    noLinks,
    allTrashed,
    linkedTwice,
    sameFileName,
    twinA,
    twinB,
    ...rest
  ] = sound;
  setCell(d, foreign.taskId, 'OBJ File', 'https://www.dropbox.com/s/a1b2c3/model.obj?dl=0');
  setCell(
    d,
    folderLink.taskId,
    'Video',
    `https://drive.google.com/drive/folders/${d.demo.folders.production}`,
  );
  setCell(
    d,
    folderById.taskId,
    'Video',
    `https://drive.google.com/open?id=${d.demo.folders.baseImages}`,
  );
  setCell(d, noFolderName.taskId, 'Folder Name', '');
  setCell(d, emptyObj.taskId, 'OBJ File', '');
  for (const column of FILE_LINK_HEADERS) setCell(d, noLinks.taskId, column, '');
  for (const id of allTrashed.fileIds) d.ws.drive.trash(id);
  // The alignment cell holds the .obj link again: one file, linked twice.
  setCell(d, linkedTwice.taskId, 'Alignment File', fileLink(linkedTwice.fileIds[3]));
  // Two different base images with the same name.
  d.ws.drive.update(sameFileName.fileIds[1], { name: name(d, sameFileName.fileIds[0]) });
  // Two tasks with the same Folder Name (and files named after it).
  renameTask(d, twinB, twinA.folderName);
  return {
    d,
    bad: { foreign, folderLink, folderById, noFolderName, emptyObj, noLinks, allTrashed },
    linkedTwice,
    sameFileName,
    twins: [twinA, twinB],
    rest,
  };
}

describe('bad links and files in task rows: the task fails with its reason, the batch goes on', () => {
  test('each bad link or file is named; every other task of the batch is staged exactly once', () => {
    const { d, bad, linkedTwice, sameFileName, twins, rest } = badBatch();
    const selected = preview(d);
    const before = statuses(d);
    const start = stage(d, selected.taskIds);
    d.ws.settle();
    const summary = summaryOf(d, start.jobId);
    const why = reasons(summary);
    const only = (kind: Task['kind']) => ofKind(d, kind)[0];
    const folder = (t: Task) => t.folderName;
    const expected: Record<string, string> = {
      // Built by the demo.
      [only('malformedLink').taskId]:
        `"Video": "${cell(d, only('malformedLink'), 'Video')}" is not`,
      [only('deadLink').taskId]:
        `"OBJ File": the file ${only('deadLink').badFileId} does not exist or is not shared with you, or it was shared by a link that only works whole (with its "resourcekey"): paste the whole link from Drive's Share › Copy link; no .obj file whose name contains "${folder(only('deadLink'))}"`,
      [only('noAccessFile').taskId]:
        `"OBJ File": the file ${only('noAccessFile').badFileId} does not exist or is not shared with you, or it was shared by a link that only works whole (with its "resourcekey"): paste the whole link from Drive's Share › Copy link; no .obj file whose name contains "${folder(only('noAccessFile'))}"`,
      [only('trashedFile').taskId]:
        `"Video": the file "${name(d, only('trashedFile').badFileId!)}" is in the trash; no .mp4 file whose name contains "${folder(only('trashedFile'))}"`,
      [only('missingObj').taskId]:
        `no .obj file whose name contains "${folder(only('missingObj'))}"`,
      [only('missingMp4').taskId]:
        `no .mp4 file whose name contains "${folder(only('missingMp4'))}"`,
      [only('jpgWithoutFolderName').taskId]:
        `no .jpg (not a base image) file whose name contains "${folder(only('jpgWithoutFolderName'))}"`,
      [only('tooFewFiles').taskId]: `only 5 usable files; at least 6 are needed`,
      // Made on sound tasks.
      [bad.foreign.taskId]:
        `"OBJ File": "https://www.dropbox.com/s/a1b2c3/model.obj?dl=0" is not a Google Drive file link; no .obj file whose name contains "${folder(bad.foreign)}"`,
      [bad.folderLink.taskId]:
        `"Video": "https://drive.google.com/drive/folders/${d.demo.folders.production}" is a link to a folder, not to a file; no .mp4 file whose name contains "${folder(bad.folderLink)}"`,
      [bad.folderById.taskId]:
        `"Video": "Base Images" is a folder, not a file; link the file itself; no .mp4 file whose name contains "${folder(bad.folderById)}"`,
      [bad.noFolderName.taskId]: 'the Folder Name cell is empty',
      [bad.emptyObj.taskId]: `no .obj file whose name contains "${folder(bad.emptyObj)}"`,
      [bad.noLinks.taskId]: 'none of its file cells holds a link',
      [bad.allTrashed.taskId]:
        `a Base Image column: the file "base_front.jpg" is in the trash; a Base Image column: the file "base_side.jpg" is in the trash; a Base Image column: the file "base_top.jpg" is in the trash; ${bad.allTrashed.fileIds.length - 3} more links cannot be used either; none of its links leads to a file that can be copied`,
    };
    for (const [taskId, text] of Object.entries(expected)) {
      expect([taskId, why[taskId]]).toEqual([taskId, expect.stringContaining(`Task ${taskId}: `)]);
      expect([taskId, why[taskId]]).toEqual([taskId, expect.stringContaining(text)]);
      // The preview showed the same problems before anything was done.
      const problems = selected.perTask.find((t) => t.taskId === taskId)!.problems;
      expect(why[taskId]).toBe(`Task ${taskId}: ${problems.join('; ')}.`);
      expect([taskId, rowOf(d, taskId)['Export Status']]).toEqual([taskId, 'staging_failed']);
      expect(rowOf(d, taskId)['Staged Count']).toBe('');
    }
    expect(Object.keys(why).sort()).toEqual(Object.keys(expected).sort());

    // Every other task: staged, each of its files exactly once.
    const batch = batchFolder(d, start.batchId);
    const staged = tree(d, batch.id);
    expect(duplicatesIn(staged)).toEqual([]);
    const filesIn = (folderName: string) =>
      [...staged.keys()].filter((p) => p.startsWith(`${folderName}/`)).length;
    for (const task of [...rest, sameFileName]) {
      expect([task.taskId, rowOf(d, task.taskId)['Export Status']]).toEqual([
        task.taskId,
        'staged',
      ]);
      expect(rowOf(d, task.taskId)['Staged Count']).toBe(task.expectedFiles);
      expect(filesIn(task.folderName)).toBe(task.expectedFiles);
    }
    // Linked twice: copied once (the alignment file it replaced is no longer linked).
    expect(rowOf(d, linkedTwice.taskId)['Staged Count']).toBe(linkedTwice.expectedFiles - 1);
    expect(filesIn(linkedTwice.folderName)).toBe(linkedTwice.expectedFiles - 1);
    // Two files of one name: both copied, the second one numbered.
    expect(staged.get(`${sameFileName.folderName}/base_front.jpg`)).toBe(1);
    expect(staged.get(`${sameFileName.folderName}/base_front (2).jpg`)).toBe(1);
    // Two tasks with one Folder Name: each folder gets its Task ID, and holds its own files.
    for (const twin of twins) {
      const own = `${twins[0].folderName} (${twin.taskId})`;
      expect([twin.taskId, rowOf(d, twin.taskId)['Export Status']]).toEqual([
        twin.taskId,
        'staged',
      ]);
      expect(filesIn(own)).toBe(twin.expectedFiles);
    }
    expect(staged.has(twins[0].folderName)).toBe(false);

    // Tasks outside the selection did not change.
    const after = statuses(d);
    for (const [taskId, was] of Object.entries(before)) {
      if (!selected.taskIds.includes(taskId))
        expect([taskId, after[taskId]]).toEqual([taskId, was]);
    }
    expect(summary.succeeded).toBe(rest.length + 4);
    expect(d.ws.triggers.list()).toEqual([]);
  });
});

describe('a big batch whose every link broke', () => {
  test('every task fails with a short reason, the job ends, and its summary can be read back', () => {
    const d = demoWorkspace({ demo: { tasks: 400 } });
    const selected = preview(d).taskIds;
    expect(selected.length).toBeGreaterThan(380);
    // Someone moved the whole Production folder to the trash after the preview.
    d.ws.drive.trash(d.demo.folders.production);
    const start = stage(d, selected);
    const runs = d.ws.settle();
    expect(runs.every((r) => r.ok)).toBe(true);
    const summary = summaryOf(d, start.jobId);
    expect(summary.succeeded).toBe(0);
    expect(summary.failed).toHaveLength(selected.length);
    for (const f of summary.failed) {
      expect(f.reason.startsWith(`Task ${f.taskId}: `)).toBe(true);
      expect(f.reason.endsWith('; none of its links leads to a file that can be copied.')).toBe(
        true,
      );
      expect(f.reason.length).toBeLessThan(600);
      expect(rowOf(d, f.taskId)['Export Status']).toBe('staging_failed');
    }
    expect(d.ws.triggers.list()).toEqual([]);
  });
});
