/**
 * A count is not a proof: staging records each task's files (name, size, type, MD5) in the
 * export sheet's Staged Files tab, and delivery checks both the staged folder (before copying)
 * and the client's task folder (after) file by file against it.
 */
import {
  Demo,
  addGoogleDoc,
  asUser,
  call,
  demoWorkspace,
  duplicatesIn,
  rowOf,
  tree,
} from '../helpers/workspace';
import {
  Progress,
  deliver,
  deliveryFolder,
  exportSheetId,
  stageAll,
  stagedBefore,
  validTasks,
} from '../helpers/delivery';
import { ofKind, reasons, summaryOf } from '../helpers/bad-inputs';

const DOC_MIME = 'application/vnd.google-apps.document';
const STAGE_AGAIN =
  'Stage it again: press "Reset to stage again" by it in Production Tracker › Tools › Resume failed exports, then stage it with Production Tracker › Tools › Stage tasks for export and deliver the new export batch.';

type DemoTask = Demo['demo']['tasks'][number];
type DriveItem = ReturnType<Demo['ws']['drive']['children']>[number];

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

function batchFolderOf(d: Demo, batchId: string): DriveItem {
  return d.ws.drive.children(d.demo.folders.staging).find((f) => f.name.endsWith(batchId))!;
}

/** A task's folder in the batch's staging folder. */
function stagedFolder(d: Demo, batchId: string, task: DemoTask): DriveItem {
  return d.ws.drive.children(batchFolderOf(d, batchId).id).find((f) => f.name === task.folderName)!;
}

/**
 * The Staged Files tab as a person reads it, header first. Sheets drops the apostrophe that keeps
 * text as text; where the emulated Sheets keeps it, a row's Staged File ID shows it.
 */
function stagedFilesTab(d: Demo, batchId: string): unknown[][] {
  const [header, ...body] = d.ws.sheets.values(exportSheetId(d, batchId), 'Staged Files');
  const id = header.indexOf('Staged File ID');
  return [
    header,
    ...body.map((row) => {
      const kept = String(row[id]).startsWith("'");
      return row.map((c) => (kept && typeof c === 'string' ? c.replace(/^'/, '') : c));
    }),
  ];
}

/** The client task folder a delivery of `batchId` made for a task, if any. */
function clientFolder(d: Demo, batchId: string, task: DemoTask): DriveItem | undefined {
  const delivery = deliveryFolder(d, batchId);
  return delivery && d.ws.drive.children(delivery.id).find((f) => f.name === task.folderName);
}

/**
 * Runs `action` once on a task's client folder, as soon as a listing comes once its copies are all
 * there: someone touching the client folder between the copies and the check.
 */
function whenCopied(
  d: Demo,
  batchId: string,
  task: DemoTask,
  files: number,
  action: (copies: DriveItem[], folder: DriveItem) => void,
): () => boolean {
  let done = false;
  d.ws.runtime.onCall((c) => {
    if (done || (c.method !== 'drive.files.list' && c.method !== 'Folder.getFiles')) return;
    const folder = clientFolder(d, batchId, task);
    const copies = folder ? d.ws.drive.children(folder.id) : [];
    if (copies.length !== files) return;
    done = true;
    action([...copies].sort(byName), folder!);
  });
  return () => done;
}

/** The names in a client task folder, each with how many files have it. */
function namesIn(d: Demo, folder: DriveItem): Record<string, number> {
  const names: Record<string, number> = {};
  for (const f of d.ws.drive.children(folder.id)) names[f.name] = (names[f.name] ?? 0) + 1;
  return names;
}

function stagedNames(d: Demo, batchId: string, task: DemoTask): Record<string, number> {
  return namesIn(d, stagedFolder(d, batchId, task));
}

/** Adds a Google Doc to a task's Alignment File cell: a native file among its files. */
function addDoc(d: Demo, task: DemoTask): DriveItem {
  return addGoogleDoc(d, task, `${task.folderName} notes`, 2048);
}

interface ReviewPreview {
  taskCount: number;
  stagingChanges: Array<{ taskId: string; message: string; failsDelivery: boolean }>;
}

describe('the staging manifest', () => {
  test('staging records each staged file in the Staged Files tab of the internal export sheet', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const batchId = stageAll(d);
    const [header, ...rows] = stagedFilesTab(d, batchId);
    expect(header).toEqual([
      'Task ID',
      'Task Folder',
      'File Name',
      'Size (bytes)',
      'MIME Type',
      'MD5 Checksum',
      'Staged File ID',
    ]);
    const expected = validTasks(d).flatMap((task) => {
      const staged = d.ws.drive.children(stagedFolder(d, batchId, task).id).sort(byName);
      // Staged Count stays the number of staged files.
      expect([task.taskId, rowOf(d, task.taskId)['Staged Count']]).toEqual([
        task.taskId,
        staged.length,
      ]);
      return staged.map((f) => [
        task.taskId,
        task.folderName,
        f.name,
        f.size,
        f.mimeType,
        f.md5Checksum,
        f.id,
      ]);
    });
    expect(rows).toEqual(expected);
    // The checksums are the content's: each staged copy's is its source's.
    const sources = new Map(
      validTasks(d).flatMap((t) =>
        t.fileIds.map((id) => [`${t.taskId} ${d.ws.drive.get(id)!.name}`, id]),
      ),
    );
    for (const row of rows) {
      expect(row[5]).toMatch(/^[0-9a-f]{32}$/);
      const source = sources.get(`${String(row[0])} ${String(row[2])}`)!;
      expect(d.ws.drive.get(source)!.md5Checksum).toBe(row[5]);
    }
    // Kept from casual edits with a warning, and internal: delivery takes task folders only.
    const book = d.ws.sheets.get(exportSheetId(d, batchId))!;
    const tab = book.sheets.find((s) => s.name === 'Staged Files')!;
    expect(tab.protections.map((p) => p.warningOnly)).toEqual([true]);
    deliver(d, batchId);
    d.ws.settle();
    for (const task of validTasks(d)) {
      expect(rowOf(d, task.taskId)['Export Status']).toBe('delivered');
    }
    const client = [...tree(d, d.demo.folders.clientAcme).keys()];
    expect(client.filter((p) => /Staged Files|Export_|_Data/.test(p))).toEqual([]);
  });

  test('a staging retry adds the rows of its own tasks and keeps the others as they were', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const [broken] = ofKind(d, 'trashedFile');
    const batchId = stageAll(d);
    expect(rowOf(d, broken.taskId)['Export Status']).toBe('staging_failed');
    const before = stagedFilesTab(d, batchId);
    expect(before.filter((r) => r[0] === broken.taskId)).toEqual([]);

    d.ws.drive.untrash(broken.badFileId!);
    call(d, 'retryFailedStagingTasks', batchId, null);
    d.ws.settle();
    expect(rowOf(d, broken.taskId)['Export Status']).toBe('staged');
    const after = stagedFilesTab(d, batchId);
    expect(after.slice(0, before.length)).toEqual(before);
    const added = after.slice(before.length);
    const staged = d.ws.drive.children(stagedFolder(d, batchId, broken).id).sort(byName);
    expect(added.map((r) => [r[0], r[2], r[6]])).toEqual(
      staged.map((f) => [broken.taskId, f.name, f.id]),
    );
    expect(rowOf(d, broken.taskId)['Staged Count']).toBe(staged.length);
  });
});

describe('delivery checks each client task folder file by file against the manifest', () => {
  /**
   * Four tasks whose client folders someone touches between the copies and the check: one file
   * removed, a file added, one replaced by a stranger's file of the same name, one file's content
   * changed. With REST copies the checksums tell a file of the same size apart; DriveApp has no
   * checksum to read, so there the replacements differ in size.
   */
  test.each(['rest', 'driveapp'] as const)(
    '%s copier: removed, added, swapped and changed files each fail their task naming them; fixed and retried, they are delivered once each',
    (copier) => {
      const d = demoWorkspace({ demo: { tasks: 24 } });
      if (copier === 'driveapp') d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
      const batchId = stageAll(d);
      const [removed, added, swapped, changed, ...rest] = validTasks(d);
      const size = (f: DriveItem) => (copier === 'rest' ? f.size : f.size + 1);
      const touched: Record<string, string> = {};
      const cases: Array<[DemoTask, (copies: DriveItem[], folder: DriveItem) => void]> = [
        [
          removed,
          (copies) => {
            touched.removed = copies[1].name;
            d.ws.drive.trash(copies[1].id);
          },
        ],
        [
          added,
          (_copies, folder) => {
            touched.added = 'client notes.txt';
            d.ws.drive.createFile({
              name: 'client notes.txt',
              mimeType: 'text/plain',
              parentId: folder.id,
              owner: d.demo.users.other,
              content: 'ours',
            });
          },
        ],
        [
          swapped,
          (copies, folder) => {
            const victim = copies[2];
            touched.swapped = victim.name;
            d.ws.drive.trash(victim.id);
            d.ws.drive.createFile({
              name: victim.name,
              mimeType: victim.mimeType,
              parentId: folder.id,
              owner: d.demo.users.other,
              size: size(victim),
            });
          },
        ],
        [
          changed,
          (copies) => {
            const victim = copies[0];
            touched.changed = victim.name;
            d.ws.drive.updateContent(victim.id, { size: size(victim) });
          },
        ],
      ];
      const came = cases.map(([task, action]) =>
        whenCopied(d, batchId, task, task.expectedFiles, action),
      );
      const start = deliver(d, batchId);
      d.ws.settle();
      expect(came.map((c) => c())).toEqual([true, true, true, true]);

      const why = reasons(summaryOf(d, start.jobId));
      const folder = (t: DemoTask) => `Task ${t.taskId}: the client folder "${t.folderName}"`;
      const retry =
        'retry the delivery from Resume failed exports: it copies only what is missing.';
      expect(why).toEqual({
        [removed.taskId]: `${folder(removed)} does not hold exactly what was staged: "${touched.removed}" is missing. Retry the delivery from Resume failed exports: it copies only what is missing.`,
        [added.taskId]: `${folder(added)} does not hold exactly what was staged: "client notes.txt" was not staged. Remove "client notes.txt" from it, then ${retry}`,
        [swapped.taskId]: `${folder(swapped)} does not hold exactly what was staged: "${touched.swapped}" differs from the staged file. Remove "${touched.swapped}" from it, then ${retry}`,
        [changed.taskId]: `${folder(changed)} does not hold exactly what was staged: "${touched.changed}" differs from the staged file. Remove "${touched.changed}" from it, then ${retry}`,
      });
      for (const t of [removed, added, swapped, changed]) {
        expect(rowOf(d, t.taskId)['Export Status']).toBe('delivery_failed');
      }
      for (const t of rest) expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');

      // The causes fixed as the reasons say: the added, swapped-in and changed files removed.
      for (const [task, name] of [
        [added, touched.added],
        [swapped, touched.swapped],
        [changed, touched.changed],
      ] as const) {
        const stray = d.ws.drive.children(clientFolder(d, batchId, task)!.id);
        d.ws.drive.trash(stray.find((f) => f.name === name)!.id);
      }
      const again = call<{ jobId: string; taskCount: number }>(
        d,
        'retryFailedDelivery',
        batchId,
        null,
      );
      expect(again.taskCount).toBe(4);
      d.ws.settle();
      expect(call<Progress>(d, 'getJobProgress', again.jobId)).toMatchObject({
        succeeded: 4,
        failed: 0,
        filesCopied: 3,
      });
      for (const t of validTasks(d)) {
        expect([t.taskId, rowOf(d, t.taskId)['Export Status']]).toEqual([t.taskId, 'delivered']);
        // Every staged file once, nothing else.
        expect(namesIn(d, clientFolder(d, batchId, t)!)).toEqual(stagedNames(d, batchId, t));
      }
      expect(duplicatesIn(tree(d, deliveryFolder(d, batchId)!.id))).toEqual([]);
    },
  );

  test('a Google Doc is copied and checked by name and type: its size may differ, its type may not', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const [kept, retyped] = validTasks(d);
    const docs = [addDoc(d, kept), addDoc(d, retyped)];
    const batchId = stageAll(d);
    const rows = stagedFilesTab(d, batchId);
    for (const doc of docs) {
      // Recorded with its type and no checksum (Drive has none for Google's own files).
      expect(rows.filter((r) => r[2] === doc.name).map((r) => [r[4], r[5]])).toEqual([
        [DOC_MIME, ''],
      ]);
    }
    const files = (t: DemoTask) => t.expectedFiles + 1;
    whenCopied(d, batchId, kept, files(kept), (copies) => {
      // A copy of a Google Doc need not be the size of its source.
      const copy = copies.find((f) => f.name === docs[0].name)!;
      d.ws.drive.get(copy.id)!.size += 100;
    });
    whenCopied(d, batchId, retyped, files(retyped), (copies, folder) => {
      const copy = copies.find((f) => f.name === docs[1].name)!;
      d.ws.drive.trash(copy.id);
      d.ws.drive.createFile({
        name: copy.name,
        mimeType: 'application/pdf',
        parentId: folder.id,
        owner: d.ws.owner,
        size: copy.size,
      });
    });
    const start = deliver(d, batchId);
    d.ws.settle();
    expect(rowOf(d, kept.taskId)['Export Status']).toBe('delivered');
    expect(rowOf(d, retyped.taskId)['Export Status']).toBe('delivery_failed');
    expect(reasons(summaryOf(d, start.jobId))[retyped.taskId]).toContain(
      `"${docs[1].name}" differs from the staged file.`,
    );
  });
});

describe('delivery checks the staged folder against the manifest before copying', () => {
  test('a staged file trashed during review: the review warns, delivery copies nothing of the task and says to stage it again; staged again, it is delivered', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const batchId = stageAll(d);
    const [victim, edited, extended, ...rest] = validTasks(d);
    const files = (t: DemoTask) => d.ws.drive.children(stagedFolder(d, batchId, t).id).sort(byName);
    const trashed = files(victim)[1];
    d.ws.drive.trash(trashed.id);
    const touched = files(edited)[0];
    d.ws.drive.updateContent(touched.id, { size: touched.size });
    d.ws.drive.createFile({
      name: 'take 2.mp4',
      mimeType: 'video/mp4',
      parentId: stagedFolder(d, batchId, extended).id,
      owner: d.ws.owner,
      size: 1000,
    });

    const review = call<ReviewPreview>(d, 'previewStagedExport', batchId);
    expect(review.stagingChanges).toEqual(
      [
        {
          taskId: victim.taskId,
          message: `Task ${victim.taskId}: "${trashed.name}" was removed from its staging folder since staging; this task will fail delivery. Stage it again first.`,
          failsDelivery: true,
        },
        {
          taskId: edited.taskId,
          message: `Task ${edited.taskId}: "${touched.name}" changed in its staging folder since staging; this task will fail delivery. Stage it again first.`,
          failsDelivery: true,
        },
        {
          taskId: extended.taskId,
          message: `Task ${extended.taskId}: "take 2.mp4" was added to its staging folder after staging; it is not part of the task and will not be delivered.`,
          failsDelivery: false,
        },
      ].sort((a, b) => a.taskId.localeCompare(b.taskId)),
    );

    const start = deliver(d, batchId);
    d.ws.settle();
    expect(reasons(summaryOf(d, start.jobId))).toEqual({
      [victim.taskId]: `Task ${victim.taskId}: its staging folder "${victim.folderName}" changed after staging: "${trashed.name}" is no longer there. Nothing of it was delivered. ${STAGE_AGAIN}`,
      [edited.taskId]: `Task ${edited.taskId}: its staging folder "${edited.folderName}" changed after staging: "${touched.name}" changed. Nothing of it was delivered. ${STAGE_AGAIN}`,
    });
    // Nothing of the two reached the client; the added file stayed in staging.
    expect(clientFolder(d, batchId, victim)).toBeUndefined();
    expect(clientFolder(d, batchId, edited)).toBeUndefined();
    expect(namesIn(d, clientFolder(d, batchId, extended)!)).not.toHaveProperty('take 2.mp4');
    for (const t of [extended, ...rest]) {
      expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
    }

    // As the reason says: reset from Resume failed exports, stage again, deliver the new batch.
    for (const t of [victim, edited]) {
      call(
        d,
        'resetTaskExportStatus',
        t.taskId,
        '',
        'Reset to stage again from Resume failed exports.',
      );
      expect(rowOf(d, t.taskId)['Export Status']).toBe('');
    }
    const restaged = call<{ batchId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: [victim.taskId, edited.taskId],
    });
    d.ws.settle();
    expect(restaged.batchId).not.toBe(batchId);
    deliver(d, restaged.batchId);
    d.ws.settle();
    for (const t of [victim, edited]) {
      expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
      const delivered = d.ws.drive
        .children(deliveryFolder(d, restaged.batchId)!.id)
        .find((f) => f.name === t.folderName)!;
      expect(namesIn(d, delivered)).toEqual(stagedNames(d, restaged.batchId, t));
      expect(Object.keys(namesIn(d, delivered))).toHaveLength(t.expectedFiles);
    }
  });

  test('the record of what was staged deleted: its tasks fail with nothing copied and the way to stage them again', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const batchId = stageAll(d);
    asUser(d, d.ws.owner, ({ SpreadsheetApp }) => {
      const book = SpreadsheetApp.openById(exportSheetId(d, batchId));
      book.deleteSheet(book.getSheetByName('Staged Files')!);
    });
    const review = call<ReviewPreview>(d, 'previewStagedExport', batchId);
    expect(review.stagingChanges.map((c) => [c.taskId, c.failsDelivery])).toEqual(
      validTasks(d)
        .map((t) => [t.taskId, true])
        .sort(),
    );
    const start = deliver(d, batchId);
    d.ws.settle();
    const why = reasons(summaryOf(d, start.jobId));
    for (const t of validTasks(d)) {
      expect(why[t.taskId]).toBe(
        `Task ${t.taskId}: the record of what was staged for it (the Staged Files tab of the export sheet "Export_${batchId}_Data") is missing, so what reaches the client could not be checked. Nothing of it was delivered. ${STAGE_AGAIN}`,
      );
    }
    expect(d.ws.drive.children(deliveryFolder(d, batchId)!.id)).toEqual([]);
  });

  test('a batch staged before manifests were recorded is delivered from its staged folders, checked against its Staged Count', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const batchId = stageAll(d);
    stagedBefore(d, batchId);
    const [shrunk, ...rest] = validTasks(d);
    const gone = d.ws.drive.children(stagedFolder(d, batchId, shrunk).id).sort(byName)[0];
    d.ws.drive.trash(gone.id);
    expect(call<ReviewPreview>(d, 'previewStagedExport', batchId).stagingChanges).toEqual([
      {
        taskId: shrunk.taskId,
        message: `Task ${shrunk.taskId}: its staging folder holds ${shrunk.expectedFiles - 1} files, but its Staged Count is ${shrunk.expectedFiles}; this task will fail delivery. Stage it again first.`,
        failsDelivery: true,
      },
    ]);
    const start = deliver(d, batchId);
    d.ws.settle();
    expect(reasons(summaryOf(d, start.jobId))).toEqual({
      [shrunk.taskId]: `Task ${shrunk.taskId}: its staging folder "${shrunk.folderName}" holds ${shrunk.expectedFiles - 1} files, but its Staged Count is ${shrunk.expectedFiles}, so what was staged cannot be told. Nothing of it was delivered. ${STAGE_AGAIN}`,
    });
    expect(clientFolder(d, batchId, shrunk)).toBeUndefined();
    for (const t of rest) {
      expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
      expect(namesIn(d, clientFolder(d, batchId, t)!)).toEqual(stagedNames(d, batchId, t));
    }
  });
});
