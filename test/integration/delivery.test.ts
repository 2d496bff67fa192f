import {
  Demo,
  call,
  demoWorkspace,
  duplicatesIn,
  rowOf,
  rows,
  setSliceBudget,
  tree,
} from '../helpers/workspace';
import {
  Progress,
  deliver,
  deliveryFolder,
  deliveryOutcome,
  jobKeys,
  stageAll,
  validTasks,
} from '../helpers/delivery';

const FOLDER_MIME = 'application/vnd.google-apps.folder';
const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';

function staged(options: { tasks?: number } = {}) {
  const d = demoWorkspace({ demo: { tasks: options.tasks ?? 24 } });
  const batchId = stageAll(d);
  return { d, batchId };
}

/** The staging task folder of a task, by name, in the batch's staging folder. */
function stagingTaskFolder(d: Demo, batchId: string, folderName: string) {
  const batch = d.ws.drive.children(d.demo.folders.staging).find((f) => f.name.endsWith(batchId))!;
  return { batch, task: d.ws.drive.children(batch.id).find((f) => f.name === folderName)! };
}

/** The handlers of the project's triggers. */
function handlers(d: Demo): string[] {
  return d.ws.triggers
    .list()
    .map((t) => t.handlerFunction)
    .sort();
}

/** Every item under a folder, at any depth. */
function everything(
  d: Demo,
  folderId: string,
): Array<{ name: string; description: string; mimeType: string }> {
  return d.ws.drive
    .children(folderId)
    .flatMap((item) => [item, ...(item.mimeType === FOLDER_MIME ? everything(d, item.id) : [])]);
}

describe('delivery through the built bundle', () => {
  test('stage then deliver a mixed batch: the client gets exactly the task folders and their files, nothing internal', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    // Internal data in a source file's description: staging keeps it (a copy keeps its
    // description), delivery must not let it through.
    const marked = validTasks(d)[0];
    const sheet = rows(d);
    const reviewer = String(sheet.find((r) => r['Task ID'] === marked.taskId)!['Reviewer']);
    d.ws.drive.update(marked.fileIds[3], {
      description: `Reviewer ${reviewer}, score 93, review passed`,
    });
    const batchId = stageAll(d);
    const { batch } = stagingTaskFolder(d, batchId, marked.folderName);
    // Things in the staging batch folder that are not task folders of the batch stay behind.
    d.ws.drive.createFile({
      name: 'review notes.txt',
      mimeType: 'text/plain',
      parentId: batch.id,
      owner: d.ws.owner,
    });
    d.ws.drive.createFolder({ name: 'Rejected takes', parentId: batch.id, owner: d.ws.owner });

    const start = deliver(d, batchId);
    expect(start.jobId).toBe(`deliver-${batchId}`);
    expect(start.taskCount).toBe(validTasks(d).length);
    expect(start.leftOut).toEqual([]);
    expect(start.clientFolder.name).toBe('Acme Corp');
    d.ws.settle();

    const progress = call<Progress>(d, 'getJobProgress', start.jobId);
    expect(progress.finished).toBe(true);
    expect(progress.succeeded).toBe(validTasks(d).length);
    expect(progress.summary!.failed).toEqual([]);
    expect(progress.summary!.folderUrl).toBe(start.deliveryFolderUrl);

    // The client folder holds one folder for the batch, holding exactly the task folders.
    const client = d.ws.drive.children(d.demo.folders.clientAcme);
    expect(client.map((i) => i.name)).toEqual([batchId]);
    const delivered = deliveryFolder(d, batchId)!;
    expect(start.deliveryFolderUrl).toContain(delivered.id);
    const top = d.ws.drive.children(delivered.id);
    expect(top.every((i) => i.mimeType === FOLDER_MIME)).toBe(true);
    expect(top.map((i) => i.name).sort()).toEqual(
      validTasks(d)
        .map((t) => t.folderName)
        .sort(),
    );
    // Each task folder holds exactly the staged files, once each.
    for (const task of validTasks(d)) {
      const client = top.find((f) => f.name === task.folderName)!;
      const stagedNames = d.ws.drive
        .children(stagingTaskFolder(d, batchId, task.folderName).task.id)
        .map((f) => f.name)
        .sort();
      const names = d.ws.drive
        .children(client.id)
        .map((f) => f.name)
        .sort();
      expect([task.taskId, names]).toEqual([task.taskId, stagedNames]);
      expect(names).toHaveLength(task.expectedFiles);
    }
    expect(duplicatesIn(tree(d, delivered.id))).toEqual([]);

    // Nothing internal: no sheet, no log, no description, no reviewer, agent or export sheet name.
    const items = everything(d, d.demo.folders.clientAcme);
    expect(items.filter((i) => i.mimeType === SHEET_MIME)).toEqual([]);
    expect(items.filter((i) => i.description !== '')).toEqual([]);
    const internal = rows(d)
      .flatMap((r) => [String(r['Reviewer']), String(r['Agent'])])
      .filter((v) => v);
    for (const item of items) {
      expect(internal.filter((v) => item.name.includes(v))).toEqual([]);
      expect(item.name).not.toMatch(/Export_|_Data|Export Log|review notes|Rejected takes/);
    }
    // The staged copy still carries its description: staging is internal.
    const stagedFiles = d.ws.drive.children(
      stagingTaskFolder(d, batchId, marked.folderName).task.id,
    );
    expect(stagedFiles.some((f) => f.description.includes(reviewer))).toBe(true);

    // The sheet: delivered with an Export Time; the log has each step.
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log').slice(1);
    for (const task of validTasks(d)) {
      const row = rowOf(d, task.taskId);
      expect([task.taskId, row['Export Status']]).toEqual([task.taskId, 'delivered']);
      expect(row['Export Time']).toBeInstanceOf(Date);
      expect(row['Export Batch ID']).toBe(batchId);
      expect(row['Staged Count']).toBe(task.expectedFiles);
      const steps = log.filter((e) => e[2] === task.taskId).map((e) => `${e[4]}>${e[5]}`);
      expect(steps).toEqual([
        'not exported>staging',
        'staging>staged',
        'staged>delivering',
        'delivering>delivered',
      ]);
    }
    // Tasks that failed staging are not touched by the delivery.
    for (const task of d.demo.tasks.filter(
      (t) => t.kind === 'missingObj' || t.kind === 'deadLink',
    )) {
      expect(rowOf(d, task.taskId)['Export Status']).toBe('staging_failed');
    }
  });

  test('with the DriveApp copier (EXPORT_COPIER=driveapp) it ends as with the REST copier, nothing internal', () => {
    const outcome = (copier: 'rest' | 'driveapp') => {
      const d = demoWorkspace({ demo: { tasks: 24 } });
      if (copier === 'driveapp') d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
      const marked = validTasks(d)[2];
      d.ws.drive.update(marked.fileIds[0], { description: 'Reviewer notes: score 88' });
      const batchId = stageAll(d);
      const copies: string[] = [];
      d.ws.runtime.onCall((c) => {
        if (c.method === 'File.makeCopy' || c.method === 'drive.files.copy') copies.push(c.method);
      });
      deliver(d, batchId);
      d.ws.settle();
      const delivered = deliveryFolder(d, batchId)!;
      expect(everything(d, delivered.id).filter((i) => i.description !== '')).toEqual([]);
      expect(duplicatesIn(tree(d, delivered.id))).toEqual([]);
      for (const task of validTasks(d)) {
        expect(rowOf(d, task.taskId)['Export Status']).toBe('delivered');
      }
      return { end: deliveryOutcome(d, batchId), copies: [...new Set(copies)] };
    };
    const rest = outcome('rest');
    const driveApp = outcome('driveapp');
    expect(rest.copies).toEqual(['drive.files.copy']);
    expect(driveApp.copies).toEqual(['File.makeCopy']);
    expect(driveApp.end).toEqual(rest.end);
  });

  test('a description that reached a delivered copy anyway is cleared when the folder is counted', () => {
    const { d, batchId } = staged();
    const victim = validTasks(d)[3];
    let marked: string | null = null;
    // Once the task's copies are all made, before the listing that counts them.
    d.ws.runtime.onCall((c) => {
      if (marked || c.method !== 'drive.files.list') return;
      const delivery = deliveryFolder(d, batchId);
      const folder =
        delivery && d.ws.drive.children(delivery.id).find((f) => f.name === victim.folderName);
      const files = folder ? d.ws.drive.children(folder.id) : [];
      if (files.length !== victim.expectedFiles) return;
      marked = files[0].id;
      d.ws.drive.update(marked, { description: 'Reviewer notes: score 71' });
    });
    deliver(d, batchId);
    d.ws.settle();
    expect(marked).not.toBeNull();
    expect(d.ws.drive.get(marked!)!.description).toBe('');
    expect(rowOf(d, victim.taskId)['Export Status']).toBe('delivered');
  });

  test('the delivery is recorded in the batch registry and the client folder remembered for the user', () => {
    const { d, batchId } = staged();
    const start = deliver(d, batchId);
    d.ws.settle();
    const batches = call<
      Array<{
        batchId: string;
        deliveries: Array<{ clientFolderUrl: string; deliveryFolderUrl: string }>;
      }>
    >(d, 'listAllExportBatches');
    const mine = batches.find((b) => b.batchId === batchId)!;
    expect(mine.deliveries).toEqual([
      expect.objectContaining({
        clientFolderUrl: start.clientFolder.url,
        deliveryFolderUrl: start.deliveryFolderUrl,
      }),
    ]);
    const recent = call<Array<{ id: string; name: string }>>(d, 'getRecentClientFolders');
    expect(recent.map((f) => [f.id, f.name])).toEqual([[d.demo.folders.clientAcme, 'Acme Corp']]);
    // Per user: someone else has no recent folders.
    const other = d.ws.callFromPage<unknown[]>('getRecentClientFolders', [], {
      user: d.demo.users.other,
    });
    expect(other.value).toEqual([]);
  });

  test('driven by the open sidebar slice by slice, it ends as the trigger-driven delivery does', () => {
    const expected = (() => {
      const { d, batchId } = staged();
      deliver(d, batchId);
      d.ws.settle();
      return deliveryOutcome(d, batchId);
    })();
    const { d, batchId } = staged();
    setSliceBudget(d, 400);
    const start = deliver(d, batchId);
    let progress = call<Progress>(d, 'continueJob', start.jobId);
    let slices = 1;
    while (!progress.finished) {
      progress = call<Progress>(d, 'continueJob', start.jobId);
      slices += 1;
      expect(slices).toBeLessThan(200);
    }
    expect(slices).toBeGreaterThan(3);
    expect(deliveryOutcome(d, batchId)).toEqual(expected);
  });

  test('a staged task folder that vanished fails that task with a plain reason; the others are delivered', () => {
    const { d, batchId } = staged();
    const [gone, ...rest] = validTasks(d);
    d.ws.drive.trash(stagingTaskFolder(d, batchId, gone.folderName).task.id);
    const start = deliver(d, batchId);
    d.ws.settle();
    const progress = call<Progress>(d, 'getJobProgress', start.jobId);
    expect(progress.summary!.failed).toEqual([
      {
        taskId: gone.taskId,
        reason: expect.stringMatching(
          new RegExp(
            `^Task ${gone.taskId}: its folder "${gone.folderName}" is no longer in the staging folder of export batch ${batchId}`,
          ),
        ),
      },
    ]);
    expect(rowOf(d, gone.taskId)['Export Status']).toBe('delivery_failed');
    expect(rowOf(d, gone.taskId)['Export Time']).toBe('');
    for (const task of rest) expect(rowOf(d, task.taskId)['Export Status']).toBe('delivered');
    const names = d.ws.drive.children(deliveryFolder(d, batchId)!.id).map((f) => f.name);
    expect(names).not.toContain(gone.folderName);
  });

  test('when the job ends no trigger or job property is left', () => {
    const { d, batchId } = staged();
    const before = jobKeys(d);
    expect(d.ws.triggers.list()).toEqual([]);
    const start = deliver(d, batchId);
    // The guard, the prompt for the first slice should no sidebar drive it, and the watchdog.
    expect(handlers(d)).toEqual(['runExportJobs', 'runExportJobs', 'runExportWatchdog']);
    // The open sidebar finishes the job: its continuation and the watchdog go with it.
    while (!call<Progress>(d, 'continueJob', start.jobId).finished);
    expect(d.ws.triggers.list()).toEqual([]);
    expect(jobKeys(d)).toEqual(before);
  });

  test('a last slice killed after its job was forgotten leaves the watchdog, whose next round removes it', () => {
    const { d, batchId } = staged();
    const before = jobKeys(d);
    const start = deliver(d, batchId);
    // Once the job is forgotten, the slice reads the sheet to see if the watchdog may go: it dies there.
    d.ws.faults.add({
      kind: 'kill',
      nth: 1,
      match: (c) =>
        c.method === 'Range.getValues' &&
        d.ws.runtime.current().fn === 'continueJob' &&
        !d.ws.properties.script.has('exportJobs.active'),
    });
    let last = d.ws.callFromPage<Progress>('continueJob', [start.jobId]);
    while (last.ok && !last.value!.finished)
      last = d.ws.callFromPage<Progress>('continueJob', [start.jobId]);
    expect(last.killed).toBe(true);
    expect(handlers(d)).toEqual(['runExportWatchdog']);
    expect(jobKeys(d)).toEqual(before);
    const runs = d.ws.advance(16 * 60 * 1000);
    expect(runs.map((r) => [r.execution.fn, r.ok])).toEqual([['runExportWatchdog', true]]);
    expect(d.ws.triggers.list()).toEqual([]);
    expect(jobKeys(d)).toEqual(before);
    for (const task of validTasks(d))
      expect(rowOf(d, task.taskId)['Export Status']).toBe('delivered');
  });

  test('the staged exports on offer, a preview marking what goes to the client, and folder checks', () => {
    const { d, batchId } = staged();
    const offered = call<
      Array<{ batchId: string; taskCount: number; exportSheetUrl: string; running: string | null }>
    >(d, 'getAvailableStagedExports');
    expect(offered).toEqual([
      expect.objectContaining({ batchId, taskCount: validTasks(d).length, running: null }),
    ]);
    expect(offered[0].exportSheetUrl).toMatch(/^https:\/\/docs\.google\.com\/spreadsheets\//);

    const preview = call<{
      taskCount: number;
      items: Array<{
        name: string;
        kind: string;
        taskId: string | null;
        files: number | null;
        toClient: boolean;
      }>;
      missingTaskFolders: unknown[];
      complete: boolean;
      exportSheet: {
        columns: Array<{ name: string; internal: boolean }>;
        rows: string[][];
        totalRows: number;
        error: string | null;
      };
    }>(d, 'previewStagedExport', batchId);
    expect(preview.taskCount).toBe(validTasks(d).length);
    expect(preview.complete).toBe(true);
    expect(preview.missingTaskFolders).toEqual([]);
    const toClient = preview.items.filter((i) => i.toClient);
    expect(toClient.map((i) => [i.taskId, i.name, i.files]).sort()).toEqual(
      validTasks(d)
        .map((t) => [t.taskId, t.folderName, t.expectedFiles])
        .sort(),
    );
    expect(preview.items.filter((i) => !i.toClient)).toEqual([
      expect.objectContaining({ name: `Export_${batchId}_Data`, kind: 'exportSheet' }),
    ]);
    const columns = Object.fromEntries(
      preview.exportSheet.columns.map((c) => [c.name, c.internal]),
    );
    expect(columns).toMatchObject({
      'Task ID': false,
      Reviewer: true,
      'Review Score': true,
      Agent: true,
    });
    expect(preview.exportSheet.totalRows).toBe(validTasks(d).length);
    // The first rows only, each a staged task.
    const ids = validTasks(d).map((t) => t.taskId);
    expect(preview.exportSheet.rows).toHaveLength(Math.min(10, ids.length));
    for (const row of preview.exportSheet.rows) expect(ids).toContain(row[0]);

    const ok = call<{ ok: boolean; folder: { name: string } }>(
      d,
      'checkClientFolder',
      d.demo.folders.clientAcme,
      batchId,
    );
    expect(ok.ok).toBe(true);
    expect(ok.folder.name).toBe('Acme Corp');
    const viewOnly = call<{ ok: boolean; error: string }>(
      d,
      'checkClientFolder',
      d.demo.folders.clientViewOnly,
      batchId,
    );
    expect(viewOnly).toEqual({
      ok: false,
      folder: null,
      error: expect.stringMatching(/cannot add files to the client folder "Globex"/),
    });
    const inside = call<{ ok: boolean; error: string }>(
      d,
      'checkClientFolder',
      d.demo.folders.insideStaging!,
      null,
    );
    expect(inside.error).toMatch(/"Not a client folder" is inside the staging folder/);
  });
});
