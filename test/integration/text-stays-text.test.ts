/**
 * Sheets reads what a script writes as if someone typed it: `00123` becomes the number 123 and
 * text beginning with `=` a live formula. Every text the add-on writes into a sheet reaches it as
 * text (src/storage/sheets.ts, keepText): a batch id of digits keeps its zeros from staging to
 * delivery, and a Task ID, Folder Name or reviewer note beginning with `=` stays inert text in the
 * export sheet, the Export Log and a job's ledger, sheets that are passed around.
 */
import { Demo, call, demoWorkspace, rowOf } from '../helpers/workspace';
import { deliver, deliveryFolder, validTasks } from '../helpers/delivery';
import { batchFolder, preview, setCell } from '../helpers/bad-inputs';

/** A sheet of the tracking spreadsheet (or another) as objects keyed by header, cells as read. */
function table(d: Demo, sheetName: string, spreadsheetId = d.demo.spreadsheetId) {
  const [header, ...body] = d.ws.sheets.values(spreadsheetId, sheetName);
  return body.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

/** Every formula a sheet holds: none, when the add-on wrote only values. */
function formulasIn(d: Demo, sheetName: string, spreadsheetId = d.demo.spreadsheetId): string[] {
  return d.ws.sheets
    .formulas(spreadsheetId, sheetName)
    .flat()
    .filter((f) => f !== '');
}

/** The batch's internal export sheet: its id and first sheet's name. */
function exportSheet(d: Demo, batchId: string) {
  const file = d.ws.drive.all().find((i) => i.name === `Export_${batchId}_Data` && !i.trashed)!;
  return { id: file.id, sheet: d.ws.sheets.get(file.id)!.sheets[0].name };
}

describe('a batch id of digits keeps its leading zeros', () => {
  test('00123 stages and delivers, and reads back as 00123 in the Tasks sheet, the Export Log and the registry', () => {
    const d = demoWorkspace();
    const taskIds = preview(d).taskIds;
    const start = call<{ batchId: string }>(
      d,
      'executeStagingWizard',
      { filters: {}, taskIds },
      '00123',
    );
    expect(start.batchId).toBe('00123');
    d.ws.settle();
    const valid = validTasks(d);
    expect(valid.length).toBeGreaterThan(0);
    for (const t of valid) {
      const row = rowOf(d, t.taskId);
      expect([t.taskId, row['Export Status'], row['Export Batch ID']]).toEqual([
        t.taskId,
        'staged',
        '00123',
      ]);
      expect(row['Staged Count']).toBe(t.expectedFiles);
    }
    const staged = call<Array<{ batchId: string }>>(d, 'getStagedExportBatches');
    expect(staged.map((b) => b.batchId)).toContain('00123');

    const delivery = deliver(d, '00123');
    expect(delivery.taskCount).toBe(valid.length);
    d.ws.settle();
    for (const t of valid) {
      const row = rowOf(d, t.taskId);
      expect([t.taskId, row['Export Status'], row['Export Batch ID']]).toEqual([
        t.taskId,
        'delivered',
        '00123',
      ]);
      expect(row['Export Time']).toBeInstanceOf(Date);
    }
    expect(deliveryFolder(d, '00123')).toBeDefined();

    // Every Export Log row of the batch's tasks names the batch as written, its time a date.
    const logged = table(d, 'Export Log').filter((r) =>
      valid.some((t) => t.taskId === r['Task ID']),
    );
    expect(logged.map((r) => r.To).sort()).toEqual(
      valid.flatMap(() => ['delivered', 'delivering', 'staged', 'staging']).sort(),
    );
    for (const r of logged) {
      expect(r['Export Batch ID']).toBe('00123');
      expect(r.Time).toBeInstanceOf(Date);
    }

    // The registry's readable row and the record the add-on reads back.
    const registry = table(d, 'Export Batches');
    expect(registry.map((r) => r['Batch ID'])).toEqual(['00123']);
    expect(registry[0].Created).toBeInstanceOf(Date);
    expect(registry[0].Deliveries).toBe(1);
    expect(JSON.parse(String(registry[0]['Record (used by the export add-on)'])).batchId).toBe(
      '00123',
    );
  });
});

describe('text beginning with = stays text in every sheet the add-on writes', () => {
  const LINK = '=HYPERLINK("https://example.com","x")';
  const TASK_ID = '=TSK-7&"!"';
  const FOLDER = '=HYPERLINK("https://example.com/kit","Kit 7")';

  test('a reviewer cell, a Task ID and a Folder Name typed as text reach the export sheet, the Export Log and the ledger as that text', () => {
    const d = demoWorkspace();
    const [reviewed, renamed, folder] = validTasks(d);
    // Typed with a leading apostrophe, as a person keeps such text from being a formula.
    setCell(d, reviewed.taskId, 'Reviewer', `'${LINK}`);
    setCell(d, renamed.taskId, 'Task ID', `'${TASK_ID}`);
    setCell(d, folder.taskId, 'Folder Name', `'${FOLDER}`);
    for (const id of folder.fileIds) {
      const item = d.ws.drive.get(id)!;
      if (item.name.includes(folder.folderName)) {
        d.ws.drive.update(id, { name: item.name.split(folder.folderName).join(FOLDER) });
      }
    }
    expect(rowOf(d, reviewed.taskId).Reviewer).toBe(LINK);
    expect(rowOf(d, TASK_ID)['Folder Name']).toBe(renamed.folderName);

    const taskIds = preview(d).taskIds;
    expect(taskIds).toEqual(expect.arrayContaining([reviewed.taskId, TASK_ID, folder.taskId]));
    const start = call<{ jobId: string; batchId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds,
    });
    // The job's ledger, written at the start, holds the Task ID as text.
    const ledger = `Export Job ${start.jobId}`;
    expect(table(d, ledger).map((r) => r['Task ID'])).toContain(TASK_ID);
    expect(formulasIn(d, ledger)).toEqual([]);
    d.ws.settle();

    for (const id of [reviewed.taskId, TASK_ID, folder.taskId]) {
      expect([id, rowOf(d, id)['Export Status']]).toEqual([id, 'staged']);
    }
    expect(d.ws.drive.children(batchFolder(d, start.batchId).id).map((f) => f.name)).toContain(
      FOLDER,
    );

    const exported = exportSheet(d, start.batchId);
    const rows = table(d, exported.sheet, exported.id);
    const rowFor = (id: string) => rows.find((r) => r['Task ID'] === id)!;
    expect(rowFor(reviewed.taskId).Reviewer).toBe(LINK);
    expect(rowFor(TASK_ID)).toBeDefined();
    expect(rowFor(folder.taskId)['Folder Name']).toBe(FOLDER);
    expect(formulasIn(d, exported.sheet, exported.id)).toEqual([]);
    // Numbers and dates copied from the tracking sheet are still numbers and dates.
    expect(typeof rowFor(reviewed.taskId)['Review Score']).toBe('number');
    expect(rowFor(reviewed.taskId)['Completed Date']).toBeInstanceOf(Date);

    deliver(d, start.batchId);
    d.ws.settle();
    expect(rowOf(d, TASK_ID)['Export Status']).toBe('delivered');
    expect(d.ws.drive.children(deliveryFolder(d, start.batchId)!.id).map((f) => f.name)).toContain(
      FOLDER,
    );
    const logged = table(d, 'Export Log').filter((r) => r['Task ID'] === TASK_ID);
    expect(logged.map((r) => r.To)).toEqual(['staging', 'staged', 'delivering', 'delivered']);
    expect(formulasIn(d, 'Export Log')).toEqual([]);
    expect(formulasIn(d, 'Export Batches')).toEqual([]);
    expect(formulasIn(d, 'Tasks')).toEqual([]);
  });
});
