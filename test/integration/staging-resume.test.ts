import { SeededRandom } from '../../emulator/core/random';
import {
  asUser,
  demoWorkspace,
  duplicatesIn,
  rowOf,
  setSliceBudget,
  stagingOutcome,
  startStagingAll,
  tree,
} from '../helpers/workspace';

function baseline() {
  const d = demoWorkspace();
  const s = startStagingAll(d);
  d.ws.settle();
  return stagingOutcome(d, s.batchId);
}

describe('staging survives slicing and crashes', () => {
  test('with a tiny time budget the job needs several trigger executions and ends identical', () => {
    const expected = baseline();
    const d = demoWorkspace();
    setSliceBudget(d, 400);
    const s = startStagingAll(d);
    const runs = d.ws.settle();
    const slices = runs.filter((r) => r.execution.fn === 'runExportJobs' && r.ok);
    expect(slices.length).toBeGreaterThan(3);
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(stagingOutcome(d, s.batchId)).toEqual(expected);
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('every slice ends inside its budget', () => {
    const d = demoWorkspace();
    setSliceBudget(d, 2000);
    startStagingAll(d);
    const runs = d.ws.settle();
    for (const r of runs) {
      // The budget, plus the one call in flight when it ran out and the closing bookkeeping of
      // the last slice (the job's clean-up, the day's usage saved, the person's turn given back):
      // a few dozen calls of 5 ms.
      expect(r.execution.endedAt! - r.execution.startedAt).toBeLessThan(2000 + 300);
    }
  });

  test.each([11, 29, 47, 83, 131])(
    'killed at a random call (seed %i), the trigger resumes it: same end, no duplicate file',
    (seed) => {
      const expected = baseline();
      const d = demoWorkspace();
      setSliceBudget(d, 1500);
      const s = startStagingAll(d);
      const firstCall = d.ws.runtime.callCount + 1;
      // Count how many calls the rest of the job takes on a twin, then kill somewhere inside.
      const twin = demoWorkspace();
      setSliceBudget(twin, 1500);
      startStagingAll(twin);
      const twinStart = twin.ws.runtime.callCount;
      twin.ws.settle();
      const span = twin.ws.runtime.callCount - twinStart;
      const at = firstCall + new SeededRandom(seed).int(span);
      d.ws.faults.killAt(at, seed % 2 === 0);
      const runs = d.ws.settle();
      expect(runs.some((r) => r.killed)).toBe(true);
      expect(stagingOutcome(d, s.batchId)).toEqual(expected);
      const batch = d.ws.drive
        .children(d.demo.folders.staging)
        .find((f) => f.name.endsWith(s.batchId))!;
      expect(duplicatesIn(tree(d, batch.id))).toEqual([]);
      expect(d.ws.triggers.list()).toEqual([]);
    },
  );

  test('rows sorted and a row inserted while the job runs: the right rows get the right statuses', () => {
    const expected = baseline();
    const d = demoWorkspace();
    setSliceBudget(d, 600);
    const s = startStagingAll(d);
    let edits = 0;
    const stop = d.ws.runtime.onCall((c) => {
      // While the job's slices copy (a Drive request of a slice), never inside a sheet call.
      if (c.executionId === 0 || c.service !== 'UrlFetchApp' || edits >= 2 || c.index % 7 !== 0)
        return;
      edits += 1;
      asUser(d, 'ops@example.com', ({ SpreadsheetApp }) => {
        const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tasks')!;
        if (edits === 1) sheet.sort(5, false);
        else {
          sheet.insertRowBefore(2);
          sheet.getRange(2, 1, 1, 3).setValues([['NOTE', 'inserted by hand', '']]);
        }
      });
    });
    d.ws.settle();
    stop();
    expect(edits).toBe(2);
    const outcome = stagingOutcome(d, s.batchId);
    expect(outcome.files).toEqual(expected.files);
    expect(outcome.status.filter((r) => r[0] !== 'NOTE')).toEqual(expected.status);
    for (const task of d.demo.tasks.filter((t) => t.kind === 'valid')) {
      expect(rowOf(d, task.taskId)['Staged Count']).toBe(task.expectedFiles);
    }
    expect(rowOf(d, 'NOTE')['Export Status']).toBe('');
  });
});
