/**
 * Bad input catalogue (README "When something is wrong"): Drive changed under a running job. A
 * folder the job copies into goes to the trash, is deleted for good or stops being shared: the
 * job stops copying there at its next slice, gives each task it had not finished a plain reason,
 * leaves the tasks it had finished as they are, and ends (no trigger, no job left). The export
 * sheet deleted by hand before a job finishes is written again.
 */
import { Demo, call, callError, demoWorkspace, rowOf, setSliceBudget } from '../helpers/workspace';
import { deliver, deliveryFolder, stageAll, validTasks } from '../helpers/delivery';
import {
  Progress,
  allUnder,
  batchFolder,
  preview,
  reasons,
  stage,
  summaryOf,
} from '../helpers/bad-inputs';

const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';

/** Drives a job from the sidebar until `until` holds (or it ends); returns the last progress. */
function driveUntil(d: Demo, jobId: string, until: (p: Progress & { done: number }) => boolean) {
  for (let i = 0; i < 500; i++) {
    const p = call<Progress & { done: number }>(d, 'continueJob', jobId);
    if (p.finished || until(p)) return p;
  }
  throw new Error('the job did not get there');
}

/** Items under a folder (trashed ones included) by id. */
const idsUnder = (d: Demo, folderId: string) => new Set(allUnder(d, folderId).map((i) => i.id));

/** Takes a folder away from the user for good: it now belongs to someone who never shared it. */
function goneForGood(d: Demo, folderId: string): void {
  const other = d.demo.users.other;
  d.ws.drive.move(folderId, d.ws.drive.rootId(other));
  d.ws.drive.get(folderId)!.owner = other;
}

function expectEnded(d: Demo, jobId: string): void {
  expect(call<Progress>(d, 'getJobProgress', jobId).finished).toBe(true);
  expect(d.ws.triggers.list()).toEqual([]);
  expect([...d.ws.properties.script.keys()].filter((k) => k.startsWith('exportJob'))).toEqual([]);
}

describe('a staging folder that goes away mid-job', () => {
  test('trashed between slices: tasks not yet staged fail with the reason; nothing more is copied into the trash', () => {
    const d = demoWorkspace({ demo: { tasks: 30 } });
    setSliceBudget(d, 700);
    const selected = preview(d).taskIds;
    const start = stage(d, selected);
    const atTrash = driveUntil(d, start.jobId, (p) => p.succeeded >= 3);
    expect(atTrash.finished).toBe(false);
    const stagedBefore = selected.filter((id) => rowOf(d, id)['Export Status'] === 'staged');
    expect(stagedBefore.length).toBeGreaterThanOrEqual(3);
    d.ws.drive.trash(d.demo.folders.staging);
    const inTrash = idsUnder(d, d.demo.folders.staging);
    d.ws.settle();

    expectEnded(d, start.jobId);
    const why = reasons(summaryOf(d, start.jobId));
    const batch = batchFolder(d, start.batchId);
    const lost = `the staging folder "${batch.name}" of export batch ${start.batchId} was moved to the trash while the export ran, so the task was not staged and nothing more was copied into the trash. Restore the folder from the trash, then retry the task from Resume failed exports.`;
    const stopped = selected.filter((id) => why[id]?.endsWith(lost));
    expect(stopped.length).toBeGreaterThan(5);
    for (const id of stopped) {
      expect(why[id]).toBe(`Task ${id}: ${lost}`);
      expect(rowOf(d, id)['Export Status']).toBe('staging_failed');
    }
    // Staged before the trash: left staged, their files untouched.
    for (const id of stagedBefore) expect(rowOf(d, id)['Export Status']).toBe('staged');
    // Every selected task ended, staged or failed with a reason; none is left in flight.
    for (const id of selected)
      expect(['staged', 'staging_failed']).toContain(rowOf(d, id)['Export Status']);
    // Nothing was written into the trash, not even the export sheet: a retry once the folder is
    // restored writes it.
    expect(idsUnder(d, d.demo.folders.staging)).toEqual(inTrash);
    expect(summaryOf(d, start.jobId).exportSheetUrl).toBeNull();
  });

  test('trashed while a slice copies: that slice is the last to copy; the job then ends with reasons', () => {
    const d = demoWorkspace({ demo: { tasks: 30 } });
    setSliceBudget(d, 2000);
    const selected = preview(d).taskIds;
    const start = stage(d, selected);
    let trashedIn: number | null = null;
    let afterThatSlice: Set<string> | null = null;
    let copies = 0;
    const stop = d.ws.runtime.onCall((c) => {
      if (trashedIn === null && c.detail?.endsWith('/copy') && ++copies === 30) {
        trashedIn = c.executionId;
        d.ws.drive.trash(d.demo.folders.staging);
      } else if (trashedIn !== null && c.executionId !== trashedIn && !afterThatSlice) {
        afterThatSlice = idsUnder(d, d.demo.folders.staging);
      }
    });
    d.ws.settle();
    stop();
    expect(trashedIn).not.toBeNull();
    expectEnded(d, start.jobId);
    const why = reasons(summaryOf(d, start.jobId));
    const failedForTrash = selected.filter((id) =>
      /was moved to the trash while the export ran/.test(why[id] ?? ''),
    );
    expect(failedForTrash.length).toBeGreaterThan(0);
    for (const id of selected)
      expect(['staged', 'staging_failed']).toContain(rowOf(d, id)['Export Status']);
    expect(idsUnder(d, d.demo.folders.staging)).toEqual(afterThatSlice);
  });

  test('trashed before a retry runs: the retry stops with the reason; restored, the batch is whole', () => {
    const d = demoWorkspace();
    const s = stage(d, preview(d).taskIds);
    d.ws.settle();
    const before = call<Array<{ batchId: string; exportSheetUrl: string | null }>>(
      d,
      'listAllExportBatches',
    ).find((b) => b.batchId === s.batchId)!;
    expect(before.exportSheetUrl).not.toBeNull();
    const fixed = d.demo.tasks.find((t) => t.kind === 'trashedFile')!;
    d.ws.drive.untrash(fixed.badFileId!);
    call(d, 'retryFailedStagingTasks', s.batchId, [fixed.taskId]);
    const batch = batchFolder(d, s.batchId);
    d.ws.drive.trash(batch.id);
    const inTrash = idsUnder(d, batch.id);
    d.ws.settle();
    expect(rowOf(d, fixed.taskId)['Export Status']).toBe('staging_failed');
    expect(idsUnder(d, batch.id)).toEqual(inTrash);
    // The record still points at the batch's export sheet, which is back with the folder.
    d.ws.drive.untrash(batch.id);
    const after = call<Array<{ batchId: string; exportSheetUrl: string | null }>>(
      d,
      'listAllExportBatches',
    ).find((b) => b.batchId === s.batchId)!;
    expect(after.exportSheetUrl).toBe(before.exportSheetUrl);
    const review = call<{ exportSheet: { error: string | null; totalRows: number } }>(
      d,
      'previewStagedExport',
      s.batchId,
    );
    expect(review.exportSheet).toMatchObject({ error: null, totalRows: validTasks(d).length });
  });

  test('deleted for good or no longer shared: tasks not yet staged fail with the reason', () => {
    const d = demoWorkspace({ demo: { tasks: 30 } });
    setSliceBudget(d, 700);
    const selected = preview(d).taskIds;
    const start = stage(d, selected);
    driveUntil(d, start.jobId, (p) => p.succeeded >= 3);
    const batch = batchFolder(d, start.batchId);
    goneForGood(d, batch.id);
    d.ws.settle();
    expectEnded(d, start.jobId);
    const why = reasons(summaryOf(d, start.jobId));
    const lost = `the staging folder "${batch.name}" of export batch ${start.batchId} was deleted or is no longer shared with you while the export ran, so the task was not staged. Retry it from Resume failed exports.`;
    const stopped = selected.filter((id) => why[id] === `Task ${id}: ${lost}`);
    expect(stopped.length).toBeGreaterThan(5);
    for (const id of stopped) expect(rowOf(d, id)['Export Status']).toBe('staging_failed');
    for (const id of selected)
      expect(['staged', 'staging_failed']).toContain(rowOf(d, id)['Export Status']);
  });
});

describe('a client folder that goes away mid-delivery', () => {
  function delivering() {
    const d = demoWorkspace({ demo: { tasks: 30 } });
    const batchId = stageAll(d);
    setSliceBudget(d, 700);
    return { d, batchId };
  }

  test('the delivery folder trashed between slices: the rest fail with the reason, nothing more goes to the trash', () => {
    const { d, batchId } = delivering();
    const start = deliver(d, batchId);
    driveUntil(d, start.jobId, (p) => p.succeeded >= 2);
    const folder = deliveryFolder(d, batchId)!;
    const deliveredBefore = validTasks(d)
      .map((t) => t.taskId)
      .filter((id) => rowOf(d, id)['Export Status'] === 'delivered');
    d.ws.drive.trash(folder.id);
    const inTrash = idsUnder(d, folder.id);
    d.ws.settle();

    expectEnded(d, start.jobId);
    const why = reasons(summaryOf(d, start.jobId));
    const lost = `the delivery folder "${batchId}" in the client folder was moved to the trash while the delivery ran, so the task was not delivered and nothing more was copied into the trash. Restore the folder, or retry the delivery into another client folder from Resume failed exports.`;
    const stopped = validTasks(d).filter((t) => why[t.taskId] === `Task ${t.taskId}: ${lost}`);
    expect(stopped.length).toBeGreaterThan(3);
    for (const t of stopped) expect(rowOf(d, t.taskId)['Export Status']).toBe('delivery_failed');
    for (const id of deliveredBefore) expect(rowOf(d, id)['Export Status']).toBe('delivered');
    for (const t of validTasks(d)) {
      expect(['delivered', 'delivery_failed']).toContain(rowOf(d, t.taskId)['Export Status']);
    }
    expect(idsUnder(d, folder.id)).toEqual(inTrash);
  });

  test('the delivery folder deleted for good mid-delivery: the rest fail with the reason', () => {
    const { d, batchId } = delivering();
    const start = deliver(d, batchId);
    driveUntil(d, start.jobId, (p) => p.succeeded >= 2);
    goneForGood(d, deliveryFolder(d, batchId)!.id);
    d.ws.settle();

    expectEnded(d, start.jobId);
    const why = reasons(summaryOf(d, start.jobId));
    const lost = `the delivery folder "${batchId}" in the client folder was deleted or is no longer shared with you while the delivery ran, so the task was not delivered. Check the client folder's sharing, then retry the delivery from Resume failed exports.`;
    const stopped = validTasks(d).filter((t) => why[t.taskId] === `Task ${t.taskId}: ${lost}`);
    expect(stopped.length).toBeGreaterThan(3);
    for (const t of validTasks(d)) {
      expect(['delivered', 'delivery_failed']).toContain(rowOf(d, t.taskId)['Export Status']);
    }
  });

  test('the client folder unshared mid-delivery: the delivery folder is the user’s own, so it goes on', () => {
    const { d, batchId } = delivering();
    const other = d.demo.users.other;
    const client = d.ws.drive.createFolder({
      name: 'Initech',
      parentId: d.ws.drive.rootId(other),
      owner: other,
    });
    d.ws.drive.share(client.id, d.ws.owner, 'editor');
    const start = deliver(d, batchId, client.id);
    driveUntil(d, start.jobId, (p) => p.succeeded >= 2);
    // The client's owner removes the ops person from the folder: what the add-on made in it (the
    // delivery folder) still belongs to the ops person, as Drive keeps it.
    d.ws.drive.get(client.id)!.editors = [];
    d.ws.settle();
    expectEnded(d, start.jobId);
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
    const folder = d.ws.drive.children(client.id).find((f) => f.name === batchId)!;
    expect(d.ws.drive.children(folder.id)).toHaveLength(validTasks(d).length);
  });

  test('the staging batch folder trashed mid-delivery: tasks not yet started fail with the reason', () => {
    const { d, batchId } = delivering();
    const start = deliver(d, batchId);
    driveUntil(d, start.jobId, (p) => p.succeeded >= 2);
    const staged = batchFolder(d, batchId);
    d.ws.drive.trash(staged.id);
    d.ws.settle();
    expectEnded(d, start.jobId);
    const why = reasons(summaryOf(d, start.jobId));
    const stopped = validTasks(d).filter((t) =>
      (why[t.taskId] ?? '').startsWith(
        `Task ${t.taskId}: its folder "${t.folderName}" is no longer in the staging folder of export batch ${batchId} (deleted or renamed), so nothing of it was delivered. Stage it again: press "Reset to stage again" by it in Production Tracker › Tools › Resume failed exports, then stage it with Production Tracker › Tools › Stage tasks for export and deliver the new export batch.`,
      ),
    );
    expect(stopped.length).toBeGreaterThan(3);
    for (const t of validTasks(d)) {
      expect(['delivered', 'delivery_failed']).toContain(rowOf(d, t.taskId)['Export Status']);
    }
  });
});

describe('the export sheet deleted by hand', () => {
  test('before a job of its batch finishes: a new one is written in the batch folder, listing every staged task', () => {
    const d = demoWorkspace();
    const s = stage(d, preview(d).taskIds);
    d.ws.settle();
    const batch = batchFolder(d, s.batchId);
    const sheetName = `Export_${s.batchId}_Data`;
    const first = d.ws.drive.children(batch.id).find((i) => i.name === sheetName)!;
    // Someone deletes the export sheet, and a failed task is retried meanwhile.
    d.ws.drive.trash(first.id);
    const trashedFile = d.demo.tasks.find((t) => t.kind === 'trashedFile')!;
    d.ws.drive.untrash(trashedFile.badFileId!);
    call(d, 'retryFailedStagingTasks', s.batchId, [trashedFile.taskId]);
    d.ws.settle();

    expect(rowOf(d, trashedFile.taskId)['Export Status']).toBe('staged');
    const sheets = d.ws.drive.children(batch.id).filter((i) => i.name === sheetName);
    expect(sheets).toHaveLength(1);
    expect(sheets[0].id).not.toBe(first.id);
    const values = d.ws.sheets.values(sheets[0].id, d.ws.sheets.get(sheets[0].id)!.sheets[0].name);
    expect(
      values
        .slice(1)
        .map((r) => String(r[0]))
        .sort(),
    ).toEqual([...validTasks(d).map((t) => t.taskId), trashedFile.taskId].sort());
    // The deleted one stays in the trash as it was; the batch record points at the new one.
    expect(d.ws.drive.get(first.id)!.trashed).toBe(true);
    const batches = call<Array<{ batchId: string; exportSheetUrl: string | null }>>(
      d,
      'listAllExportBatches',
    );
    expect(batches.find((b) => b.batchId === s.batchId)!.exportSheetUrl).toContain(sheets[0].id);
  });

  test('after staging (in the trash): the review says where it is, and the delivery, which reads what was staged from it and never takes it, goes on', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const batch = batchFolder(d, batchId);
    const sheet = d.ws.drive.children(batch.id).find((i) => i.mimeType === SHEET_MIME)!;
    d.ws.drive.trash(sheet.id);
    const review = call<{ exportSheet: { error: string | null } }>(
      d,
      'previewStagedExport',
      batchId,
    );
    expect(review.exportSheet.error).toBe(
      `The export sheet of export batch ${batchId} is in the trash. Restore it to review it here; the delivery still reads from it what was staged.`,
    );
    deliver(d, batchId);
    d.ws.settle();
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
    expect(callError(d, 'executeDeliveryWizard', batchId, d.demo.folders.clientAcme)).toMatch(
      /has no staged tasks to deliver/,
    );
  });
});
