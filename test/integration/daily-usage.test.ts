/**
 * The add-on's own count of what it spends of the person's daily quotas (URL Fetch calls,
 * trigger runtime, bytes copied): the planner tells it as "so far today", and the day's 750 GB
 * of copies, which Drive answers like a rate limit, pauses a job until the window resets.
 */
import { Demo, call, demoWorkspace, rows, spendTriggerRuntime } from '../helpers/workspace';
import { stageAll } from '../helpers/delivery';

interface Plan {
  usage: Array<{ kind: string; spent: number; available: number; quota: number }>;
  text: { limits: Array<{ kind: string; spent: string | null }> };
}

interface Progress {
  finished: boolean;
  succeeded: number;
  failed: number;
  paused?: { limit: string; resumesAt: string; nextTry: string; message: string };
}

/** The job ended with its 8 tasks staged, 6 files each, and no execution failed on the way. */
function expectAllStaged(d: Demo, jobId: string): void {
  const done = call<Progress>(d, 'getJobProgress', jobId);
  expect(done).toMatchObject({ finished: true, succeeded: 8, failed: 0 });
  expect(rows(d).every((r) => r['Export Status'] === 'staged' && r['Staged Count'] === 6)).toBe(
    true,
  );
  const broken = d.ws.runtime.executions.filter((e) => e.outcome !== 'ok');
  expect(broken.map((e) => `${e.fn}: ${e.error}`)).toEqual([]);
}

describe('so far today', () => {
  it('after a staging job, the delivery preview plans with the calls and runtime already spent', () => {
    const d = demoWorkspace();
    const owner = d.ws.owner;
    const batchId = stageAll(d);
    const plan = call<{ plan: Plan }>(d, 'previewStagedExport', batchId).plan;
    const spent = (kind: string) => plan.usage.find((u) => u.kind === kind)!;
    // Every call the add-on made is counted, each request of a fetchAll one; Google's count
    // (the emulator's ledger) also has the preview's own calls, saved when it returns.
    const googleCalls = d.ws.quotas.used(owner, 'urlFetch');
    expect(spent('urlFetch').spent).toBeGreaterThan(0);
    expect(spent('urlFetch').spent).toBeLessThanOrEqual(googleCalls);
    expect(spent('urlFetch').spent).toBeGreaterThan(googleCalls * 0.8);
    expect(spent('urlFetch').available).toBe(20_000 - spent('urlFetch').spent);
    // The job ran on triggers: their runtime is counted, no more than Google counted.
    expect(spent('triggerRuntime').spent).toBeGreaterThan(0);
    expect(spent('triggerRuntime').spent).toBeLessThanOrEqual(
      d.ws.quotas.used(owner, 'triggerRuntime'),
    );
    // Staging copied the files: their bytes are the day's copies so far.
    expect(spent('driveTransfer').spent).toBeGreaterThan(0);
    expect(plan.text.limits.find((l) => l.kind === 'urlFetch')!.spent).toBe(
      `${spent('urlFetch').spent.toLocaleString('en-US')} calls`,
    );
    // Saved in the person's own properties, one small value.
    expect(d.ws.properties.user(owner).has('exportDailyUsage')).toBe(true);
  });

  it('forgets a day 24 hours after its first counted use', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    d.ws.advance(25 * 60 * 60 * 1000);
    const plan = call<{ plan: Plan }>(d, 'previewStagedExport', batchId).plan;
    const urlFetch = plan.usage.find((u) => u.kind === 'urlFetch')!;
    // Only the preview's own calls of the new day.
    expect(urlFetch.spent).toBeLessThan(50);
    expect(plan.usage.find((u) => u.kind === 'driveTransfer')!.spent).toBe(0);
  });
});

const LIMIT = 600_000_000;

describe("the day's 750 GB of copies", () => {
  for (const copier of ['rest', 'driveapp'] as const) {
    it(`reached mid-job (${copier}), the job pauses until the window resets, then every task ends right`, () => {
      // Google's 750 GB, lowered for the test in Drive and in the add-on alike: about half the
      // selection (seeded alike every time).
      const limit = LIMIT;
      const d = demoWorkspace({
        ws: { driveLimits: { dailyTransferBytes: limit } },
        demo: { tasks: 8, invalid: false, filesPerTask: 6 },
      });
      d.ws.properties.script.set('EXPORT_DAILY_COPY_BYTES', String(limit));
      if (copier === 'driveapp') d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
      const owner = d.ws.owner;
      const preview = call<{ totalBytes: number; selection: { tasks: Array<{ taskId: string }> } }>(
        d,
        'getTasksForStaging',
        {},
      );
      expect(preview.totalBytes).toBeGreaterThan(1.5 * limit);
      expect(preview.totalBytes).toBeLessThan(3 * limit);
      const start = call<{ jobId: string }>(d, 'executeStagingWizard', {
        filters: {},
        taskIds: preview.selection.tasks.map((t) => t.taskId),
        bytes: preview.totalBytes,
      });
      d.ws.settle(2 * 60 * 60 * 1000);
      const paused = call<Progress>(d, 'getJobProgress', start.jobId);
      expect(paused.finished).toBe(false);
      expect(paused.failed).toBe(0);
      expect(paused.succeeded).toBeGreaterThan(0);
      expect(paused.paused?.limit).toBe('driveTransfer');
      expect(paused.paused?.message).toMatch(
        /^Paused: Google Drive’s daily limit on what one person may copy or upload \(750 GB a day; the export counts its own copies\) was reached at .+\. The export goes on by itself by .+, when the limit resets\..* No task has failed because of it, and there is nothing to do\.$/,
      );
      // It resumes when Drive's window of copies ends, 24 hours after its first copy.
      const reset = d.ws.drive.capacity.transferred(owner, d.ws.clock.now());
      expect(reset).toBeGreaterThanOrEqual(limit);
      const resumesAt = Date.parse(paused.paused!.resumesAt);
      expect(resumesAt - d.ws.clock.now()).toBeGreaterThan(20 * 60 * 60 * 1000);
      d.ws.settle(3 * 24 * 60 * 60 * 1000);
      expectAllStaged(d, start.jobId);
    });
  }
});

describe("the day's trigger runtime", () => {
  it('nearly spent, a job run by triggers pauses until the day resets, no trigger refused, then ends right', () => {
    const d = demoWorkspace({ demo: { tasks: 8, invalid: false, filesPerTask: 6 } });
    const owner = d.ws.owner;
    // A personal account that has run exports by themselves for 87 of its 90 minutes today, as
    // Google counts and as the add-on counted.
    spendTriggerRuntime(d, 87 * 60 * 1000);
    const preview = call<{ selection: { tasks: Array<{ taskId: string }> } }>(
      d,
      'getTasksForStaging',
      {},
    );
    const start = call<{ jobId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: preview.selection.tasks.map((t) => t.taskId),
    });
    d.ws.settle(2 * 60 * 60 * 1000);
    const paused = call<Progress>(d, 'getJobProgress', start.jobId);
    expect(paused.finished).toBe(false);
    expect(paused.failed).toBe(0);
    expect(paused.paused?.limit).toBe('triggerRuntime');
    expect(paused.paused?.message).toMatch(
      /^Paused: Google’s daily limit on the time exports may run by themselves \(90 minutes a day for a personal account, 6 hours for Google Workspace; .*\) was reached at .+\. The export goes on by itself by .+, when the limit resets\./,
    );
    // Google's day of trigger runtime was never overrun: no trigger was refused, none cut short.
    expect(d.ws.quotas.used(owner, 'triggerRuntime')).toBeLessThan(90 * 60 * 1000);
    d.ws.settle(2 * 24 * 60 * 60 * 1000);
    expectAllStaged(d, start.jobId);
  });

  it('without the pause, the same day has Google refuse the triggers (what the pause spares)', () => {
    const d = demoWorkspace({ demo: { tasks: 8, invalid: false, filesPerTask: 6 } });
    const owner = d.ws.owner;
    // The account's tier unknown to the add-on: it cannot tell how much of the day is left.
    d.ws.quotas.spend(owner, 'triggerRuntime', 89.9 * 60 * 1000);
    const preview = call<{ selection: { tasks: Array<{ taskId: string }> } }>(
      d,
      'getTasksForStaging',
      {},
    );
    call(d, 'executeStagingWizard', {
      filters: {},
      taskIds: preview.selection.tasks.map((t) => t.taskId),
    });
    d.ws.settle(2 * 60 * 60 * 1000);
    expect(d.ws.runtime.executions.some((e) => e.outcome !== 'ok')).toBe(true);
  });
});
