/**
 * The Export status report and Resume failed exports in Chromium against the playground, on a
 * scene set through the server: two staged batches, one delivered with a task whose count was
 * typed over (a delivery failure), staging failures, and a delivery interrupted for good. The
 * report's figures match the sheet and Drive; a retry from it delivers the fixed task; Resume
 * Failed Exports resumes the interrupted delivery and retries the failed staging, and resets a
 * task whose staged files changed, to be staged again. Needs a build.
 */
import type { Page } from 'playwright-core';
import { HOSTILE_MARKUP } from '../../emulator/demo';
import { Playground } from '../../emulator/playground/server';
import { folderUsage } from '../helpers/workspace';
import { useBrowserFixture } from './fixture';
import {
  callOk,
  folderByName,
  loseJobs,
  setStagedCount,
  sheetRows,
  stageThroughServer,
  tasksIn,
} from './export-helpers';
import { chooseTool, overflowing, sidebar, sidebarShot } from './sidebar';

const SLICE_MS = '1000';

/** Work batches A and B staged together (then delivered), and C staged alone. */
let first: string;
let second: string;
let miscounted: string;
const fx = useBrowserFixture({
  name: 'report',
  fastClock: true,
  sliceMs: SLICE_MS,
  configured: true,
  setup: (pg) => {
    first = stageThroughServer(pg, { batchIds: ['B-2026-10-A', 'B-2026-10-B'] });
    second = stageThroughServer(pg, { batchIds: ['B-2026-10-C'] });
    // A Staged Count typed over by hand: it contradicts the staged files recorded, so that task's
    // delivery fails before any copy.
    miscounted = tasksIn(pg, first, 'staged')[0];
    setStagedCount(pg, miscounted, 9);
    callOk(pg, 'executeDeliveryWizard', first, folderByName(pg, 'Acme Corp'));
    pg.session.ws.settle();
  },
});
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

/** Tasks per export status as the sheet holds them. */
function sheetCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of sheetRows(playground).values()) {
    const status = r.status || 'not exported';
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/** The report's table of counts: status -> the number shown. */
async function shownCounts(): Promise<Record<string, number>> {
  const rows = sidebar(page).locator('table.counts tbody tr[data-status]');
  const out: Record<string, number> = {};
  for (const row of await rows.all()) {
    const status = (await row.getAttribute('data-status'))!;
    const n = Number(await row.locator('td.num').textContent());
    if (n > 0) out[status] = n;
  }
  return out;
}

/** Folders, files and bytes under a folder, straight from the emulated Drive. */

describe('the export status report', () => {
  it('shows counts, failures with reasons and staging usage as the sheet and Drive hold them; a retry from it delivers the fixed task', async () => {
    await chooseTool(page, 'Export status report');
    const bar = sidebar(page);
    await bar.getByRole('heading', { name: 'Export status report' }).waitFor();
    await bar.locator('table.counts').waitFor();
    await expect(page.locator('#sidebar-title').textContent()).resolves.toBe(
      'Export status report',
    );
    expect(await shownCounts()).toEqual(sheetCounts());
    await expect(
      bar.locator('table.counts tfoot td, table.counts tfoot th').last().textContent(),
    ).resolves.toBe(String(sheetRows(playground).size));
    await bar.getByText('No export is running.', { exact: true }).waitFor();

    // Failures needing attention, by batch and what can be done, with the Export Log's reasons.
    const failedStaging = [...tasksIn(playground, first, 'staging_failed')];
    const needing = failedStaging.length + tasksIn(playground, second, 'staging_failed').length + 1;
    await bar.getByText(`${needing} tasks need attention.`, { exact: true }).waitFor();
    // Files that fail the check, and a Staged Count typed over: a person's fix comes first.
    const retryStaging = bar.getByRole('region', { name: `${first}: fix, then retry staging` });
    await expect(retryStaging.locator('li').count()).resolves.toBe(failedStaging.length);
    await retryStaging.getByText('Fix what each reason names first', { exact: false }).waitFor();
    const delivery = bar.getByRole('region', { name: `${first}: fix, then retry delivery` });
    await expect(delivery.locator('li strong').allTextContents()).resolves.toEqual([miscounted]);
    await delivery
      .getByText(
        `Task ${miscounted}: its Staged Count is 9, but the Staged Files tab of its export sheet lists 8 files for it`,
        { exact: false },
      )
      .waitFor();

    // Staging usage: what Drive holds under the staging folder.
    const usage = folderUsage(playground.session.ws, folderByName(playground, 'Exports Staging'));
    const figures = bar.locator('.figures').last();
    await expect(figures.locator('strong').allTextContents()).resolves.toEqual([
      String(usage.folders),
      String(usage.files),
      expect.stringMatching(/ (KB|MB|GB)$/),
    ]);
    await bar.getByRole('link', { name: 'Exports Staging' }).waitFor();
    await sidebarShot(page, 'report-1-status');
    expect(await overflowing(page)).toEqual([]);

    // The count is fixed in the sheet, then the failed delivery is retried from the report.
    setStagedCount(playground, miscounted, 8);
    await delivery.getByRole('button', { name: 'Fixed: retry delivery' }).click();
    await bar
      .getByRole('status')
      .getByText('Delivery of 1 task to "Acme Corp" retried.', { exact: true })
      .waitFor();
    await bar
      .getByRole('status')
      .getByText(`1 task delivered in export batch ${first}.`, { exact: true })
      .waitFor();
    await sidebarShot(page, 'report-2-retried');
    expect(await overflowing(page)).toEqual([]);
    expect(sheetRows(playground).get(miscounted)!.status).toBe('delivered');

    await bar.getByRole('button', { name: 'Back to the report' }).click();
    await bar.getByRole('region', { name: `${first}: fix, then retry staging` }).waitFor();
    await expect(
      bar.getByRole('region', { name: `${first}: fix, then retry delivery` }).count(),
    ).resolves.toBe(0);
    expect(await shownCounts()).toEqual(sheetCounts());
    expect(sheetCounts().delivery_failed).toBeUndefined();
  });
});

describe('Resume failed exports', () => {
  it('lists what can be resumed or retried, resumes an interrupted delivery and retries failed staging', async () => {
    // A delivery whose execution died for good: its tasks stay "delivering" with no job.
    const acme = folderByName(playground, 'Acme Corp');
    callOk(playground, 'executeDeliveryWizard', second, acme);
    loseJobs(playground);
    const inFlight = tasksIn(playground, second, 'delivering');
    expect(inFlight).toHaveLength(4);

    await chooseTool(page, 'Resume failed exports');
    const bar = sidebar(page);
    await bar.getByRole('heading', { name: 'Resume failed exports' }).waitFor();
    const resume = bar.getByRole('region', { name: `${second}: Resume delivery` });
    await resume
      .getByText('Delivery was interrupted: resume it into the same client folder.')
      .waitFor();
    await resume.getByText('4 tasks', { exact: true }).click();
    await expect(resume.locator('li strong').allTextContents()).resolves.toEqual(inFlight);
    await expect(resume.locator('li strong').last().textContent()).resolves.toContain(
      HOSTILE_MARKUP,
    );
    await expect(bar.locator('#app img, #app script').count()).resolves.toBe(0);
    const retry = bar.getByRole('region', { name: `${first}: Retry staging` });
    const failedStaging = tasksIn(playground, first, 'staging_failed');
    await retry
      .getByRole('button', { name: `Retry staging of ${failedStaging.length} tasks` })
      .waitFor();
    await sidebarShot(page, 'recovery-1-list');
    expect(await overflowing(page)).toEqual([]);

    await resume.getByRole('button', { name: 'Resume delivery of 4 tasks' }).click();
    await bar
      .getByRole('status')
      .getByText('Delivery of 4 tasks to "Acme Corp" resumed.', { exact: true })
      .waitFor();
    await bar
      .getByRole('status')
      .getByText(`4 tasks delivered in export batch ${second}.`, { exact: true })
      .waitFor();
    await sidebarShot(page, 'recovery-2-resumed');
    expect(await overflowing(page)).toEqual([]);
    expect(tasksIn(playground, second, 'delivered').sort()).toEqual([...inFlight].sort());
    const delivered = playground.session.ws.drive.children(acme).find((f) => f.name === second)!;
    expect(playground.session.ws.drive.children(delivered.id)).toHaveLength(4);

    // Back to the list; one failed task's file is restored, and failed staging is retried.
    await bar.getByRole('button', { name: 'Back to the list' }).click();
    await retry.waitFor();
    await expect(
      bar.getByRole('region', { name: `${second}: Resume delivery` }).count(),
    ).resolves.toBe(0);
    const trashed = playground.session.ws.drive
      .all()
      .find((i) => i.trashed && i.name.startsWith('TSK-0013'))!;
    playground.session.ws.drive.untrash(trashed.id);
    await retry
      .getByRole('button', { name: `Retry staging of ${failedStaging.length} tasks` })
      .click();
    await bar
      .getByRole('status')
      .getByText(`1 task staged in export batch ${first}.`, { exact: true })
      .waitFor();
    await bar
      .getByRole('heading', { name: `${failedStaging.length - 1} tasks failed again` })
      .waitFor();
    await sidebarShot(page, 'recovery-3-retried-staging');
    expect(await overflowing(page)).toEqual([]);
    expect(tasksIn(playground, first, 'staging_failed')).toHaveLength(failedStaging.length - 1);
    expect(
      sheetRows(playground).get(failedStaging.find((id) => id.startsWith('TSK-0013'))!),
    ).toMatchObject({ status: 'staged', count: expect.any(Number) });
  });
  it('resets a failed delivery whose staged files changed, to be staged again', async () => {
    // The task staged by the retry above; one of its staged files is trashed before its delivery.
    const [task] = tasksIn(playground, first, 'staged');
    const { drive } = playground.session.ws;
    const batch = drive
      .children(folderByName(playground, 'Exports Staging'))
      .find((f) => f.name.endsWith(first))!;
    const folder = drive
      .children(batch.id)
      .find((f) => f.name === sheetRows(playground).get(task)!.folder)!;
    drive.trash(drive.children(folder.id)[0].id);
    callOk(playground, 'executeDeliveryWizard', first, folderByName(playground, 'Acme Corp'));
    playground.session.ws.settle();
    expect(sheetRows(playground).get(task)!.status).toBe('delivery_failed');

    await chooseTool(page, 'Resume failed exports');
    const bar = sidebar(page);
    const failed = bar.getByRole('region', { name: `${first}: Retry delivery` });
    await failed.getByText('1 task', { exact: true }).click();
    await failed
      .getByText(`Task ${task}: its staging folder`, { exact: false })
      .getByText('Stage it again: press "Reset to stage again" by it', { exact: false })
      .waitFor();
    await sidebarShot(page, 'recovery-4-stage-again');
    await failed.getByRole('button', { name: 'Reset to stage again' }).click();
    await bar
      .getByRole('status')
      .getByText(
        `Task ${task} is back to “not exported”: stage it again with Stage tasks for export`,
        {
          exact: false,
        },
      )
      .waitFor();
    // The list is read again after the reset: the batch's failed delivery goes from it.
    await failed.waitFor({ state: 'detached' });
    await sidebarShot(page, 'recovery-5-reset');
    expect(await overflowing(page)).toEqual([]);
    expect(sheetRows(playground).get(task)!.status).toBe('');
  });
});

describe('the report while an export runs', () => {
  it('shows ready and waiting tasks and two charts, follows a running export every 10 seconds while in sight, then stops', async () => {
    // A staging job started with the clock held: it is running, and no trigger moves it on.
    const resumeClock = playground.holdClock();
    let refreshes = 0;
    const counting = (r: { url(): string; postData(): string | null }) => {
      if (r.url().includes('/api/run') && r.postData()?.includes('refreshExportStatusReport')) {
        refreshes += 1;
      }
    };
    page.on('request', counting);
    try {
      const ready = callOk<{ selection: { tasks: Array<{ taskId: string }> } }>(
        playground,
        'getTasksForStaging',
        {},
      ).selection.tasks.map((t) => t.taskId);
      expect(ready.length).toBeGreaterThan(0);
      callOk(playground, 'executeStagingWizard', { filters: {}, taskIds: ready });
      const figures = callOk<{
        readyToStage: number;
        waiting: Array<{ why: string; tasks: number }>;
        activeBatches: unknown[];
        counts: Record<string, number>;
      }>(playground, 'refreshExportStatusReport');
      expect(figures.activeBatches).toHaveLength(1);

      // The page's own timers run on a clock the test moves on, rather than in real seconds.
      await page.clock.install();
      await chooseTool(page, 'Export status report');
      const bar = sidebar(page);
      await bar.locator('table.counts').waitFor();
      await bar
        .getByText('Refreshes every 10 seconds while an export runs.', { exact: false })
        .waitFor();
      const updated = await bar.locator('p.updated').textContent();
      // The running export, counted as its wizard counts it.
      const tasks = ready.length === 1 ? '1 task' : `${ready.length} tasks`;
      await bar.locator('li', { hasText: `Staging 0 of ${tasks}` }).waitFor();
      expect(updated).toMatch(/^Updated \d\d:\d\d:\d\d\./);

      // Not exported, split: ready to stage, and the others by why they wait, in words.
      const part = (why: string) => bar.locator(`table.counts tr.part[data-part="${why}"] td.num`);
      await expect(part('Ready to stage').textContent()).resolves.toBe(
        String(figures.readyToStage),
      );
      for (const w of figures.waiting) {
        await expect(part(w.why).textContent()).resolves.toBe(String(w.tasks));
      }
      // The charts: pictures with their figures in words for a screen reader.
      const statusChart = bar.getByRole('img', { name: /^Tasks by export status\./ });
      const label = (await statusChart.getAttribute('aria-label'))!;
      expect(label).toContain(
        `Ready to stage: ${figures.readyToStage === 1 ? '1 task' : `${figures.readyToStage} tasks`}`,
      );
      expect(label).toContain(`Delivered: ${figures.counts.delivered} tasks`);
      await expect(
        statusChart.locator('[data-bar="delivered"] text').last().textContent(),
      ).resolves.toBe(String(figures.counts.delivered));
      const weekly = bar.getByRole('img', { name: /^Tasks staged and delivered per week/ });
      await expect(weekly.locator('[data-week]').count()).resolves.toBe(12);

      // A batch whose job runs offers no retry: it says it is running.
      const running = bar.locator('section[data-advice="running"]');
      if ((await running.count()) > 0) {
        await expect(
          running.first().getByRole('button').filter({ hasText: /retry/i }).count(),
        ).resolves.toBe(0);
        // The staging started above is what runs, named so.
        await running.first().getByText('Staging running', { exact: true }).waitFor();
      }
      // Hostile task ids and file names are text, never markup.
      await expect(bar.locator('#app img, #app script, #app iframe').count()).resolves.toBe(0);
      await bar.getByText('Figures per week').click();
      await bar.locator('table.weeks').waitFor();
      await sidebarShot(page, 'report-3-running');
      expect(await overflowing(page)).toEqual([]);

      // Out of sight, no refresh is asked for.
      const frame = page.frames().find((f) => new URL(f.url()).pathname === '/sidebar')!;
      const setVisibility = (state: string) =>
        frame.evaluate((s) => {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
          document.dispatchEvent(new Event('visibilitychange'));
        }, state);
      await setVisibility('hidden');
      const hiddenAt = refreshes;
      await page.clock.runFor(12_000);
      await page.waitForTimeout(500);
      expect(refreshes).toBe(hiddenAt);
      await setVisibility('visible');

      // In sight again, it refreshes; a refresh that fails says so and keeps the figures shown.
      let failing = true;
      await page.route('**/api/run', async (route) => {
        if (failing && route.request().postData()?.includes('refreshExportStatusReport')) {
          failing = false;
          await route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({ ok: false, error: 'Google Sheets did not answer in time.' }),
          });
        } else await route.fallback();
      });
      await page.clock.runFor(10_000);
      await bar
        .getByText('Could not refresh the report. Google Sheets did not answer in time.', {
          exact: true,
        })
        .waitFor({ timeout: 15_000 });
      await bar.locator('table.counts').waitFor();
      await expect(bar.locator('p.updated').textContent()).resolves.toBe(updated);
      await sidebarShot(page, 'report-5-refresh-failed');

      // The export ends; the next refresh, 10 seconds on, finds it out by itself.
      resumeClock();
      playground.session.ws.settle();
      await page.clock.runFor(10_000);
      await bar.getByText('No export is running.', { exact: true }).waitFor({ timeout: 15_000 });
      expect(refreshes).toBeGreaterThan(hiddenAt + 1);
      await expect(
        bar.getByText('Could not refresh the report.', { exact: false }).count(),
      ).resolves.toBe(0);
      await expect(bar.locator('p.updated').textContent()).resolves.not.toBe(updated);
      await expect(
        bar.getByText('Refreshes every 10 seconds', { exact: false }).count(),
      ).resolves.toBe(0);
      await sidebarShot(page, 'report-4-refreshed');
      // Nothing runs: the page stops asking.
      const stoppedAt = refreshes;
      await page.clock.runFor(12_000);
      await page.waitForTimeout(500);
      expect(refreshes).toBe(stoppedAt);
    } finally {
      page.off('request', counting);
      resumeClock();
    }
  }, 90_000);
});
