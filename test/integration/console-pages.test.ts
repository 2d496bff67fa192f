/**
 * The server side of the pages for the PLAN functions ops staff reach from the menu: the list of
 * export batches (6.1), the manual status change with a reason (4.1) and the clean-up of old
 * failures (6.1), previewed before it is done. Through the built bundle.
 */
import { call, callError, demoWorkspace, rowOf, rows, snapshot } from '../helpers/workspace';
import { deliver, stageAll, validTasks } from '../helpers/delivery';
import type { ExportBatchInfo as BatchInfo } from '../../src/shared/rpc';

const DAY_MS = 24 * 60 * 60 * 1000;

interface Choices {
  taskId: string;
  batchId: string;
  status: string;
  known: boolean;
  running: string | null;
  choices: string[];
}

interface Cleanup {
  olderThanDays: number;
  cutoff: string;
  reset: Array<{ taskId: string; batchId: string; from: string; to: string }>;
  keptRecent: number;
  clearedBatches: string[];
}

function stageSome(d: ReturnType<typeof demoWorkspace>, taskIds: string[]): string {
  const start = call<{ batchId: string }>(d, 'executeStagingWizard', { filters: {}, taskIds });
  d.ws.settle();
  return start.batchId;
}

function logRows(d: ReturnType<typeof demoWorkspace>): unknown[][] {
  return d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log');
}

describe('the export batches page', () => {
  test('lists every batch newest first: counts, who and when, staging folder, export sheet, each delivery with its client folder', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    call(d, 'getTasksForStaging', {});
    const valid = validTasks(d).map((t) => t.taskId);
    const first = stageSome(d, valid.slice(0, 3));
    d.ws.advance(2 * DAY_MS);
    const second = stageSome(d, valid.slice(3, 5));
    d.ws.advance(DAY_MS);
    deliver(d, first);
    d.ws.settle();
    d.ws.advance(DAY_MS);
    const third = stageSome(d, valid.slice(5, 6));

    const batches = call<BatchInfo[]>(d, 'listAllExportBatches');
    expect(batches.slice(0, 3).map((b) => b.batchId)).toEqual([third, second, first]);
    // Batches only the sheet names (exported before the registry) come last: no date is known.
    for (const old of batches.slice(3))
      expect(old).toMatchObject({ createdAt: null, deliveries: [] });
    const owner = d.demo.users.owner;
    const [c, b, a] = batches;
    expect(a).toMatchObject({
      taskCount: 3,
      counts: { delivered: 3 },
      createdBy: owner,
      stagingFolderName: expect.stringMatching(
        new RegExp(`^Export_\\d{4}-\\d{2}-\\d{2}_${first}$`),
      ),
      stagingFolderUrl: expect.stringMatching(/^https:\/\//),
      exportSheetUrl: expect.stringMatching(/^https:\/\/docs\.google\.com\/spreadsheets\//),
      running: null,
    });
    expect(a.deliveries).toEqual([
      {
        clientFolderUrl: expect.stringContaining(d.demo.folders.clientAcme),
        clientFolderName: 'Acme Corp',
        deliveryFolderUrl: expect.stringMatching(/^https:\/\//),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        by: owner,
      },
    ]);
    expect(b).toMatchObject({ taskCount: 2, counts: { staged: 2 }, deliveries: [] });
    expect(c).toMatchObject({ taskCount: 1, counts: { staged: 1 }, deliveries: [] });
    expect(Date.parse(c.createdAt!)).toBeGreaterThan(Date.parse(b.createdAt!));
    expect(Date.parse(b.createdAt!)).toBeGreaterThan(Date.parse(a.createdAt!));
  });

  test('the batches page opens Resume failed exports on one batch, and the delivery wizard on one batch', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    expect(d.ws.run('showResumeFailedExportsForBatch', [batchId]).ok).toBe(true);
    expect(d.ws.ui.sidebar?.title).toBe('Resume failed exports');
    expect(d.ws.ui.sidebar?.content).toContain(`{"batchId":"${batchId}"}`);
    expect(d.ws.run('showDeliveryWizardForBatch', [batchId]).ok).toBe(true);
    expect(d.ws.ui.sidebar?.title).toBe('Deliver staged export');
    expect(d.ws.run('showExportBatches').ok).toBe(true);
    expect(d.ws.ui.sidebar?.title).toBe('Export batches');
  });
});

describe('the status change page', () => {
  test('shows a task’s status and the changes allowed; a change with a reason is made and logged with who made it', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const task = validTasks(d)[0].taskId;
    expect(call<Choices>(d, 'getTaskStatusChoices', ` ${task} `)).toEqual({
      taskId: task,
      batchId,
      status: 'staged',
      known: true,
      running: null,
      choices: ['not exported'],
    });
    const delivered = d.demo.tasks.find((t) => t.kind === 'alreadyExported')!.taskId;
    expect(call<Choices>(d, 'getTaskStatusChoices', delivered)).toMatchObject({
      status: 'delivered',
      choices: [],
    });

    const before = logRows(d).length;
    call(d, 'resetTaskExportStatus', task, '', 'Client asked for this task again');
    expect(rowOf(d, task)['Export Status']).toBe('');
    expect(rowOf(d, task)['Export Batch ID']).toBe('');
    const added = logRows(d).slice(before);
    expect(added).toHaveLength(1);
    const line = added[0].map(String);
    expect(line).toContain(task);
    expect(line).toContain(d.demo.users.owner);
    expect(line.join(' ')).toContain('Manual change: Client asked for this task again');
    expect(call<Choices>(d, 'getTaskStatusChoices', task)).toMatchObject({
      status: 'not exported',
      choices: [],
    });
  });

  test('a Task ID typed in another case, with spaces around it, finds the task as the sheet spells it', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const task = validTasks(d)[0].taskId;
    const typed = ` ${task.toLowerCase()} `;
    expect(typed.trim()).not.toBe(task);
    expect(call<Choices>(d, 'getTaskStatusChoices', typed)).toMatchObject({
      taskId: task,
      batchId,
      status: 'staged',
      choices: ['not exported'],
    });
    call(d, 'resetTaskExportStatus', typed, '', 'Client asked for this task again');
    expect(rowOf(d, task)['Export Status']).toBe('');
    expect(logRows(d).at(-1)!.map(String)).toContain(task);
  });

  test('refuses plainly, naming the task and the cause, and changes nothing', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const failed = String(rows(d).find((r) => r['Export Status'] === 'staging_failed')!['Task ID']);
    expect(callError(d, 'getTaskStatusChoices', 'NO-SUCH-TASK')).toMatch(
      /There is no task NO-SUCH-TASK in the sheet/,
    );
    expect(callError(d, 'getTaskStatusChoices', '  ')).toMatch(/Type a Task ID first/);

    // A delivery of the batch is running: its tasks are the job's until it ends.
    deliver(d, batchId);
    expect(call<Choices>(d, 'getTaskStatusChoices', failed)).toMatchObject({
      status: 'staging_failed',
      running: 'delivery',
      choices: [],
    });
    const before = snapshot(d);
    expect(callError(d, 'resetTaskExportStatus', failed, '', 'try again')).toMatch(
      new RegExp(
        `Task ${failed} is in export batch ${batchId}, which is being delivered right now\\. Nothing was changed`,
      ),
    );
    expect(callError(d, 'updateTaskExportStatus', [failed], '', null, 'try again')).toMatch(
      /being delivered right now/,
    );
    expect(snapshot(d)).toEqual(before);
    d.ws.settle();

    // Once the job ended, the change is made.
    call(d, 'resetTaskExportStatus', failed, '', 'try again');
    expect(rowOf(d, failed)['Export Status']).toBe('');
  });
});

describe('the clean-up page', () => {
  test('previews what it will reset, changing nothing; then does exactly that', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    deliver(d, batchId);
    d.ws.settle();
    const failed = rows(d)
      .filter((r) => r['Export Status'] === 'staging_failed')
      .map((r) => String(r['Task ID']));
    expect(failed.length).toBeGreaterThan(0);

    expect(call<Cleanup>(d, 'previewCleanupFailedExports', 30).reset).toEqual([]);
    d.ws.advance(31 * DAY_MS);
    const before = snapshot(d);
    const preview = call<Cleanup>(d, 'previewCleanupFailedExports', 30);
    expect(snapshot(d)).toEqual(before);
    expect(preview.reset.map((r) => r.taskId).sort()).toEqual([...failed].sort());
    for (const r of preview.reset) {
      expect(r).toEqual({ taskId: r.taskId, batchId, from: 'staging_failed', to: 'not exported' });
    }
    expect(callError(d, 'previewCleanupFailedExports', 0)).toMatch(/is not a number of days/);

    const done = call<Cleanup>(d, 'cleanupFailedExports', 30);
    expect(done.reset).toEqual(preview.reset);
    expect(done.clearedBatches).toEqual(preview.clearedBatches);
    for (const id of failed) expect(rowOf(d, id)['Export Status']).toBe('');
    const log = logRows(d).slice(-failed.length);
    for (const e of log) expect(e[6]).toMatch(/more than 30 days ago/);
    expect(call<Cleanup>(d, 'previewCleanupFailedExports', 30).reset).toEqual([]);
    expect(d.ws.run('showCleanUp').ok).toBe(true);
    expect(d.ws.ui.sidebar?.title).toBe('Clean up old failures');
  });
});
