import { Demo, call, callError, demoWorkspace, rowOf, snapshot } from '../helpers/workspace';
import { deliver, stageAll, validTasks } from '../helpers/delivery';

function staged(): { d: Demo; batchId: string } {
  const d = demoWorkspace();
  const batchId = stageAll(d);
  return { d, batchId };
}

/** Asks for a delivery that must be refused; returns the message, checking nothing changed. */
function refused(d: Demo, batchId: unknown, folder: unknown): string {
  const before = snapshot(d);
  const message = callError(d, 'executeDeliveryWizard', batchId, folder);
  expect(snapshot(d)).toEqual(before);
  return message;
}

describe('delivery refuses bad input with a clear message and changes nothing', () => {
  test('the client folder does not exist, is in the trash, or is not a folder', () => {
    const { d, batchId } = staged();
    expect(refused(d, batchId, '1NoSuchFolderIdAtAllXXXXXXXXXXX')).toMatch(
      /The client folder you chose does not exist or is not shared with you\. Check the link or ask its owner to share it\.$/,
    );
    expect(refused(d, batchId, '')).toMatch(/Choose the client's folder to deliver to/);
    expect(refused(d, batchId, 'see the Acme share')).toMatch(
      /: "see the Acme share" is not a Drive folder link\. Open the folder in Drive and copy its address, or browse to it\.$/,
    );
    const file = d.demo.tasks.find((t) => t.kind === 'valid')!.fileIds[0];
    expect(refused(d, batchId, file)).toMatch(
      /: ".*" is a file, not a folder\. Choose the folder to use as the client folder\.$/,
    );
    d.ws.drive.trash(d.demo.folders.clientAcme);
    expect(refused(d, batchId, d.demo.folders.clientAcme)).toMatch(
      /The client folder "Acme Corp" is in the trash/,
    );
  });

  test('the client folder is shared with the user as viewer only', () => {
    const { d, batchId } = staged();
    expect(refused(d, batchId, d.demo.folders.clientViewOnly)).toMatch(
      /You cannot add files to the client folder "Globex"\. Ask its owner for edit access/,
    );
  });

  test('the client folder is the staging folder, inside it, or the batch folder itself', () => {
    const { d, batchId } = staged();
    expect(refused(d, batchId, d.demo.folders.insideStaging)).toMatch(
      /The folder "Not a client folder" is inside the staging folder, which stays internal/,
    );
    expect(refused(d, batchId, d.demo.folders.staging)).toMatch(
      /"Exports Staging" is the staging folder itself/,
    );
    const batchFolder = d.ws.drive
      .children(d.demo.folders.staging)
      .find((f) => f.name.endsWith(batchId))!;
    expect(refused(d, batchId, batchFolder.id)).toMatch(
      new RegExp(`is the staging folder of export batch ${batchId} itself`),
    );
    // Inside a task folder of the batch: still inside staging.
    const taskFolder = d.ws.drive
      .children(batchFolder.id)
      .find((f) => f.mimeType.endsWith('folder'))!;
    expect(refused(d, batchId, taskFolder.id)).toMatch(
      /is inside the staging folder of export batch/,
    );
  });

  test('a batch that is not staged, unknown, or not given', () => {
    const { d, batchId } = staged();
    expect(refused(d, 'EXP-000000-NONE', d.demo.folders.clientAcme)).toMatch(
      /There is no export batch EXP-000000-NONE\. Pick one from the list of staged exports/,
    );
    expect(refused(d, '', d.demo.folders.clientAcme)).toMatch(/Choose an export batch first/);
    deliver(d, batchId);
    d.ws.settle();
    // Delivered in full: nothing staged is left.
    expect(refused(d, batchId, d.demo.folders.clientAcme)).toMatch(
      new RegExp(
        `Export batch ${batchId} has no staged tasks to deliver \\(\\d+ staging_failed, \\d+ delivered\\)`,
      ),
    );
  });

  test('a delivery started twice: the second is refused while the first runs, nothing done twice', () => {
    const { d, batchId } = staged();
    const first = deliver(d, batchId);
    expect(refused(d, batchId, d.demo.folders.clientAcme)).toMatch(
      new RegExp(
        `Export batch ${batchId} is already being delivered \\(started by ops@example\\.com at .*\\)\\. Follow it in the delivery wizard`,
      ),
    );
    d.ws.settle();
    expect(d.ws.drive.children(d.demo.folders.clientAcme).map((f) => f.name)).toEqual([batchId]);
    for (const task of validTasks(d))
      expect(rowOf(d, task.taskId)['Export Status']).toBe('delivered');
    expect(first.taskCount).toBe(validTasks(d).length);
  });

  test('two deliveries started at the same moment: one runs, the other is told plainly', () => {
    const { d, batchId } = staged();
    let fired = false;
    let second: ReturnType<typeof d.ws.callFromPage> | null = null;
    // Once the first start holds the lock and writes, a second start comes in.
    const stop = d.ws.runtime.onCall((c) => {
      if (fired || c.method !== 'Range.setValues') return;
      fired = true;
      second = d.ws.callFromPage('executeDeliveryWizard', [batchId, d.demo.folders.clientAcme]);
    });
    deliver(d, batchId);
    stop();
    expect(second!.ok).toBe(false);
    expect(second!.error).toMatch(/Another export is being started or changed right now/);
    d.ws.settle();
    expect(d.ws.drive.children(d.demo.folders.clientAcme).map((f) => f.name)).toEqual([batchId]);
  });

  test('a batch whose tasks all failed staging', () => {
    const d = demoWorkspace();
    const bad = d.demo.tasks
      .filter((t) => t.kind === 'missingObj' || t.kind === 'deadLink')
      .map((t) => t.taskId);
    call(d, 'getTasksForStaging', {});
    const start = call<{ batchId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: bad,
    });
    d.ws.settle();
    expect(refused(d, start.batchId, d.demo.folders.clientAcme)).toMatch(
      new RegExp(
        `Export batch ${start.batchId} has no staged tasks to deliver \\(2 staging_failed\\)\\.$`,
      ),
    );
  });

  test('the staging folder of the batch was deleted', () => {
    const { d, batchId } = staged();
    const batchFolder = d.ws.drive
      .children(d.demo.folders.staging)
      .find((f) => f.name.endsWith(batchId))!;
    d.ws.drive.trash(batchFolder.id);
    expect(refused(d, batchId, d.demo.folders.clientAcme)).toMatch(
      new RegExp(
        `Export batch ${batchId}: its staging folder "${batchFolder.name}" is in the trash`,
      ),
    );
  });

  test('a manual reset without a reason, or a bulk change that is not allowed', () => {
    const { d } = staged();
    const task = validTasks(d)[0];
    const before = snapshot(d);
    expect(callError(d, 'resetTaskExportStatus', task.taskId, '', '  ')).toMatch(
      new RegExp(`Task ${task.taskId}: a reason is needed to change an export status by hand`),
    );
    expect(callError(d, 'updateTaskExportStatus', [task.taskId], '', null, '')).toMatch(
      /A reason is needed to change the export status of/,
    );
    expect(
      callError(d, 'updateTaskExportStatus', [task.taskId], 'delivered', null, 'client said so'),
    ).toMatch(
      new RegExp(
        `Task ${task.taskId}: its export status cannot change from "staged" to "delivered"`,
      ),
    );
    expect(
      callError(d, 'updateTaskExportStatus', [task.taskId, 'TSK-9999'], '', null, 'redo'),
    ).toMatch(/not in the sheet.*TSK-9999\. Nothing was changed/);
    expect(callError(d, 'updateTaskExportStatus', [], '', null, 'redo')).toMatch(
      /no Task ID given/,
    );
    expect(callError(d, 'getTasksByExportStatus', 'shipped', null)).toMatch(
      /"shipped" is not an export status/,
    );
    expect(snapshot(d)).toEqual(before);
    // Allowed with a reason: staged back to not exported, logged with who did it.
    call(d, 'updateTaskExportStatus', [task.taskId], '', null, 'client cancelled this one');
    expect(rowOf(d, task.taskId)['Export Status']).toBe('');
    expect(rowOf(d, task.taskId)['Export Batch ID']).toBe('');
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log');
    expect(log[log.length - 1].slice(1, 7)).toEqual([
      'ops@example.com',
      task.taskId,
      expect.any(String),
      'staged',
      'not exported',
      'Manual change: client cancelled this one',
    ]);
  });
});
