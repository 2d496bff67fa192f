/**
 * Manual status changes and deliveries name the person who made them in the Export Log, even when
 * the slices of a delivery run under a trigger that another person's job armed.
 */
import { exportLog } from '../helpers/bad-inputs';
import { Demo, call, demoWorkspace, rowOf, setSliceBudget } from '../helpers/workspace';
import { stageAll, validTasks } from '../helpers/delivery';

const OWNER = 'ops@example.com';

/** other@ may use the spreadsheet, read what is staged and add files to the client folder. */
function teamOfTwo(): { d: Demo; other: string } {
  const d = demoWorkspace({ demo: { tasks: 24 } });
  const other = d.demo.users.other;
  for (const id of [d.demo.spreadsheetId, d.demo.folders.staging, d.demo.folders.clientAcme]) {
    d.ws.drive.share(id, other, 'editor');
  }
  d.ws.drive.share(d.demo.folders.production, other, 'viewer');
  return { d, other };
}

describe('the Export Log names the person who acted', () => {
  test('a delivery started by one person is logged as theirs, though another person’s sidebar drives it', () => {
    const { d, other } = teamOfTwo();
    const batchId = stageAll(d);
    setSliceBudget(d, 500);
    const start = d.ws.callFromPage<{ jobId: string }>(
      'executeDeliveryWizard',
      [batchId, d.demo.folders.clientAcme],
      { user: other },
    );
    expect(start.error).toBeUndefined();
    // The owner opens the delivery wizard, finds the job running, and their sidebar drives it.
    let slices = 0;
    for (let finished = false; !finished; slices++) {
      const slice = d.ws.callFromPage<{ finished: boolean }>('continueJob', [start.value!.jobId], {
        user: OWNER,
      });
      expect(slice.error).toBeUndefined();
      finished = slice.value!.finished;
    }
    expect(slices).toBeGreaterThan(1);
    d.ws.settle();

    const delivered = validTasks(d).map((t) => t.taskId);
    for (const id of delivered) expect(rowOf(d, id)['Export Status']).toBe('delivered');
    const steps = exportLog(d).filter((e) => e.batchId === batchId && delivered.includes(e.taskId));
    const byStep = (to: string) => steps.filter((e) => e.to === to).map((e) => e.user);
    expect(byStep('delivering')).toEqual(delivered.map(() => other));
    expect(byStep('delivered')).toEqual(delivered.map(() => other));
    // Staging was the owner's, and is logged as such.
    expect(byStep('staged')).toEqual(delivered.map(() => OWNER));
  });

  test('a manual reset is logged as the person who made it, with the reason', () => {
    const { d, other } = teamOfTwo();
    stageAll(d);
    const [mine, theirs] = d.demo.tasks
      .filter((t) => t.kind === 'deadLink' || t.kind === 'missingObj')
      .map((t) => t.taskId);
    call(d, 'resetTaskExportStatus', mine, '', 'links fixed, stage again');
    const reset = d.ws.callFromPage('resetTaskExportStatus', [theirs, '', 'file re-uploaded'], {
      user: other,
    });
    expect(reset.error).toBeUndefined();
    const [a, b] = exportLog(d).slice(-2);
    expect(a).toMatchObject({
      user: OWNER,
      taskId: mine,
      from: 'staging_failed',
      to: 'not exported',
      reason: 'Manual change: links fixed, stage again',
    });
    expect(b).toMatchObject({
      user: other,
      taskId: theirs,
      from: 'staging_failed',
      to: 'not exported',
      reason: 'Manual change: file re-uploaded',
    });
    // The bulk change too.
    const [valid] = validTasks(d);
    const bulk = d.ws.callFromPage(
      'updateTaskExportStatus',
      [[valid.taskId], '', null, 'client cancelled'],
      { user: other },
    );
    expect(bulk.error).toBeUndefined();
    expect(exportLog(d).at(-1)).toMatchObject({
      user: other,
      taskId: valid.taskId,
      to: 'not exported',
    });
  });
});
