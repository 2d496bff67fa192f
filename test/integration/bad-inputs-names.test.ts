/**
 * Bad input catalogue (README "When something is wrong"): unusual Folder Names. Drive takes any
 * characters in a name, so a task folder keeps its Folder Name exactly as typed, in staging and at
 * the client: Unicode, slashes, very long names. The add-on never renames it (the name is what
 * links a row to its folders); messages quote long names cut short, and the Export Log's cells
 * never overflow. The rest of the batch ends as usual.
 */
import { Demo, demoWorkspace, duplicatesIn, rowOf, tree } from '../helpers/workspace';
import { deliver, deliveryFolder } from '../helpers/delivery';
import {
  batchFolder,
  exportLog,
  ofKind,
  preview,
  reasons,
  renameTask,
  setCell,
  stage,
  summaryOf,
} from '../helpers/bad-inputs';

const UNICODE = 'Ünïcødé façade 漢字 🚀';
const SLASHES = 'Kit A/B: left/right \\ v2';
const LONG = `Long-${'abcdefghij'.repeat(30)}`;
/** As long as a cell allows, nearly: 49,990 characters. */
const HUGE = `Huge-${'x'.repeat(49985)}`;

function names(d: Demo, folderId: string): string[] {
  return d.ws.drive
    .children(folderId)
    .map((f) => f.name)
    .sort();
}

describe('unusual Folder Names are kept as typed, from the sheet to the client', () => {
  test('Unicode, slashes and very long names are staged and delivered under that exact name', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const [unicode, slashes, long, huge, ...rest] = ofKind(d, 'valid');
    const given = new Map([
      [unicode, UNICODE],
      [slashes, SLASHES],
      [long, LONG],
      [huge, HUGE],
    ]);
    for (const [task, folderName] of given) renameTask(d, task, folderName);
    // A very long name whose files do not carry it: the task fails, the name is quoted cut short.
    const [unmatched] = rest.splice(0, 1);
    setCell(d, unmatched.taskId, 'Folder Name', `Unmatched-${'y'.repeat(20000)}`);

    const start = stage(d, preview(d).taskIds);
    d.ws.settle();
    const why = reasons(summaryOf(d, start.jobId));
    expect(why[unmatched.taskId]).toBe(
      `Task ${unmatched.taskId}: no .obj file whose name contains "Unmatched-${'y'.repeat(67)}..."; no .jpg (not a base image) file whose name contains "Unmatched-${'y'.repeat(67)}..."; no .mp4 file whose name contains "Unmatched-${'y'.repeat(67)}...".`,
    );
    expect(rowOf(d, unmatched.taskId)['Export Status']).toBe('staging_failed');

    const batch = batchFolder(d, start.batchId);
    const stagedNames = names(d, batch.id);
    for (const [task, folderName] of given) {
      expect([task.taskId, rowOf(d, task.taskId)['Export Status']]).toEqual([
        task.taskId,
        'staged',
      ]);
      expect(rowOf(d, task.taskId)['Staged Count']).toBe(task.expectedFiles);
      expect(stagedNames).toContain(folderName);
    }
    for (const task of rest) expect(rowOf(d, task.taskId)['Export Status']).toBe('staged');

    deliver(d, start.batchId);
    d.ws.settle();
    const delivered = deliveryFolder(d, start.batchId)!;
    const clientNames = names(d, delivered.id);
    for (const [task, folderName] of given) {
      expect([task.taskId, rowOf(d, task.taskId)['Export Status']]).toEqual([
        task.taskId,
        'delivered',
      ]);
      expect(clientNames).toContain(folderName);
      const folder = d.ws.drive.children(delivered.id).find((f) => f.name === folderName)!;
      expect(d.ws.drive.children(folder.id)).toHaveLength(task.expectedFiles);
    }
    for (const task of rest) expect(rowOf(d, task.taskId)['Export Status']).toBe('delivered');
    expect(clientNames).toHaveLength(given.size + rest.length);
    expect(duplicatesIn(tree(d, delivered.id))).toEqual([]);

    // A message quoting the 49,990-character name is cut to fit its Export Log cell, with room
    // for the apostrophe that keeps it text.
    const hugeDelivered = exportLog(d).find(
      (e) => e.taskId === huge.taskId && e.to === 'delivered',
    )!;
    expect(hugeDelivered.reason).toHaveLength(49999);
    expect(hugeDelivered.reason.startsWith('Delivered 8 files to "Huge-xxx')).toBe(true);
    expect(hugeDelivered.reason.endsWith('...')).toBe(true);
    expect(d.ws.triggers.list()).toEqual([]);
  });
});
