/**
 * A daily quota reached while the staging wizard drives a job (issue 11): the job pauses instead of
 * failing tasks, and the wizard says which limit and until when; a day later the triggers finish
 * it. Needs `npm run build` first.
 */
import type { Page } from 'playwright-core';
import { Playground } from '../../emulator/playground/server';
import type { JobProgress } from '../../src/shared/rpc';
import { callOk, watchSlices } from './export-helpers';
import { useBrowserFixture } from './fixture';
import { chooseTool, closeSidebarBox, overflowing, sidebar, sidebarShot } from './sidebar';

const fx = useBrowserFixture({
  name: 'daily-limit',
  fastClock: true,
  sliceMs: '1000',
  configured: true,
});
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

const jobProgress = (jobId: string) => callOk<JobProgress>(playground, 'getJobProgress', jobId);

describe('a daily limit in the staging wizard', () => {
  it('a daily limit reached mid-job: the wizard says which one and until when, and nothing fails', async () => {
    const { ws } = playground.session;
    const slices = await watchSlices(page);
    await chooseTool(page, 'Stage tasks for export');
    const bar = sidebar(page);
    await bar.getByRole('heading', { name: 'Choose tasks' }).waitFor();
    await bar.getByRole('button', { name: 'Preview' }).click();
    await bar.getByRole('heading', { name: 'Check the selection' }).waitFor();
    const held = slices.holdAt(1);
    await bar.getByRole('button', { name: /^Stage \d+ (ready )?tasks?$/ }).click();
    const release = await held;
    // Meanwhile the person's other scripts used up the day's URL Fetch calls.
    ws.quotas.spend(ws.owner, 'urlFetch', ws.quotas.remaining(ws.owner, 'urlFetch'));
    release();
    const warning = bar.getByRole('note').filter({ hasText: 'Paused:' });
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toMatch(
      /^Paused: Google’s daily limit on the requests the export makes to Drive \(URL Fetch calls: 20,000 a day for a personal account, 100,000 for Google Workspace\) was reached at .+\. The export goes on by itself by .+, when the limit resets\..* No task has failed because of it, and there is nothing to do\.$/,
    );
    await sidebarShot(page, 'staging-wizard-3-paused-daily-limit');
    expect(await overflowing(page)).toEqual([]);
    const jobId = (slices.seen[slices.seen.length - 1] as JobProgress).jobId;
    expect(jobProgress(jobId).finished).toBe(false);

    // The report lists the job as running, with the same words.
    await closeSidebarBox(page);
    await chooseTool(page, 'Export status report');
    const report = sidebar(page);
    await report.getByRole('heading', { name: 'Export status report' }).waitFor();
    await report.getByRole('note').filter({ hasText: 'Paused: Google’s daily limit' }).waitFor();
    await sidebarShot(page, 'report-paused-daily-limit');
    expect(await overflowing(page)).toEqual([]);
    // A day later the quota has reset and the triggers finish the job; the tasks that failed did
    // so for their own files (the demo's bad cases), none for the limit.
    ws.advance(25 * 60 * 60 * 1000);
    ws.settle();
    const end = jobProgress(jobId);
    expect(end.finished).toBe(true);
    expect(end.succeeded).toBeGreaterThan(0);
    for (const f of end.summary!.failed) {
      expect(f.reason).not.toMatch(/refus|no answer|daily limit|URL Fetch|tries/i);
    }
    await closeSidebarBox(page);
  });
});
