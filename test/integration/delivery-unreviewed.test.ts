/**
 * Tasks staged with an override although their review had not passed: staging warned that someone
 * should check them before delivery, so the delivery review and the batch list say which they are.
 */
import { Demo, asUser, call, demoWorkspace, rowOf } from '../helpers/workspace';
import { setCell, stage } from '../helpers/bad-inputs';
import { validTasks } from '../helpers/delivery';

interface Unreviewed {
  tasks: Array<{ taskId: string; review: string }>;
  more: number;
}

const reviewOf = (d: Demo, batchId: string) =>
  call<{ unreviewed: Unreviewed; taskCount: number }>(d, 'previewStagedExport', batchId);

const cardOf = (d: Demo, batchId: string) =>
  call<Array<{ batchId: string; unreviewed: Unreviewed }>>(d, 'listAllExportBatches').find(
    (b) => b.batchId === batchId,
  )!;

/** Stages every valid task, one with a failed review and one not reviewed, with both overrides. */
function stagedWithOverrides() {
  const d = demoWorkspace({ demo: { tasks: 24 } });
  const [failed, pending, ...passed] = validTasks(d);
  setCell(d, failed.taskId, 'Review Status', 'failed');
  setCell(d, pending.taskId, 'Review Status', '');
  const start = stage(
    d,
    [failed, pending, ...passed].map((t) => t.taskId),
    {
      includeFailed: true,
      includeUnreviewed: true,
    },
  );
  d.ws.settle();
  expect(rowOf(d, failed.taskId)['Export Status']).toBe('staged');
  expect(rowOf(d, pending.taskId)['Export Status']).toBe('staged');
  return { d, batchId: start.batchId, failed, pending };
}

describe('tasks staged without passing review', () => {
  test('the delivery review and the batch list name them, as their review stood at staging', () => {
    const { d, batchId, failed, pending } = stagedWithOverrides();
    const expected = {
      tasks: [
        { taskId: failed.taskId, review: 'failed' },
        { taskId: pending.taskId, review: 'notReviewed' },
      ],
      more: 0,
    };
    expect(reviewOf(d, batchId).unreviewed).toEqual(expected);
    expect(cardOf(d, batchId).unreviewed).toEqual(expected);

    // A review passed after staging does not undo that the files staged were never checked.
    setCell(d, failed.taskId, 'Review Status', 'passed');
    expect(reviewOf(d, batchId).unreviewed).toEqual(expected);
  });

  test('a task reset out of the batch is no longer named', () => {
    const { d, batchId, failed, pending } = stagedWithOverrides();
    call(d, 'resetTaskExportStatus', failed.taskId, '', 'Left out of this delivery.');
    const left = { tasks: [{ taskId: pending.taskId, review: 'notReviewed' }], more: 0 };
    expect(reviewOf(d, batchId).unreviewed).toEqual(left);
    expect(cardOf(d, batchId).unreviewed).toEqual(left);
  });

  test('a batch staged with no override names none', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const start = stage(
      d,
      validTasks(d).map((t) => t.taskId),
    );
    d.ws.settle();
    expect(reviewOf(d, start.batchId).unreviewed).toEqual({ tasks: [], more: 0 });
    expect(cardOf(d, start.batchId).unreviewed).toEqual({ tasks: [], more: 0 });
  });

  test('a batch staged before the record was kept is judged by the Tasks sheet as it is now', () => {
    const { d, batchId, failed } = stagedWithOverrides();
    asUser(d, d.ws.owner, ({ SpreadsheetApp }) => {
      const registry = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Export Batches')!;
      const values = registry.getDataRange().getValues();
      const cell = registry.getRange(
        values.findIndex((r) => r[0] === batchId) + 1,
        values[0].length,
      );
      const record = JSON.parse(String(cell.getValue())) as Record<string, unknown>;
      delete record.unreviewed;
      cell.setValue(JSON.stringify(record));
    });
    setCell(d, failed.taskId, 'Review Status', 'passed');
    expect(reviewOf(d, batchId).unreviewed.tasks.map((t) => t.review)).toEqual(['notReviewed']);
  });
});
