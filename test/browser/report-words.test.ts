/**
 * How the Export status report words what it shows, in Chromium: statuses in words only, one name
 * for the tasks not ready yet in the chart and the table, a batch card saying which job runs
 * (not reading as the state of the failed tasks it lists), and the retry of a card above its list
 * of failures. Needs a build.
 */
import type { Page } from 'playwright-core';
import { Playground } from '../../emulator/playground/server';
import { useBrowserFixture } from './fixture';
import { callOk, folderByName, stageThroughServer, tasksIn } from './export-helpers';
import { chooseTool, closeSidebarBox, overflowing, sidebar, sidebarShot } from './sidebar';

let batchId = '';
const fx = useBrowserFixture({
  name: 'report-words',
  fastClock: true,
  sliceMs: '1000',
  configured: true,
  setup: (pg) => {
    batchId = stageThroughServer(pg, { batchIds: ['B-2026-10-A', 'B-2026-10-B'] });
  },
});
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

describe('the report in words', () => {
  it('names statuses in words, and the job that runs apart from the failures it does not touch', async () => {
    const failed = tasksIn(playground, batchId, 'staging_failed');
    expect(failed.length).toBeGreaterThan(1);
    // The delivery of the staged tasks runs (the clock held), while staging failures stay.
    const resumeClock = playground.holdClock();
    try {
      callOk(playground, 'executeDeliveryWizard', batchId, folderByName(playground, 'Acme Corp'));
      await chooseTool(page, 'Export status report');
      const bar = sidebar(page);
      const table = bar.locator('table.counts');
      await table.waitFor();

      // The rows say each status in words, with no code under them.
      await expect(
        table.locator('tr[data-status="delivering"] td').first().textContent(),
      ).resolves.toBe('Being delivered');
      await expect(
        table.locator('tr[data-status="staging"] td').first().textContent(),
      ).resolves.toBe('Being staged');
      await expect(table.locator('tbody .secondary').count()).resolves.toBe(0);

      // The tasks the chart calls not ready yet have that name in the table too.
      const waiting = Number(
        await table.locator('tr[data-part="Not ready yet"] td.num').textContent(),
      );
      const chart = bar.getByRole('img', { name: /^Tasks by export status\./ });
      expect(await chart.getAttribute('aria-label')).toContain(
        `Not ready yet: ${waiting === 1 ? '1 task' : `${waiting} tasks`}`,
      );
      await expect(table.getByText('Not finished', { exact: true }).count()).resolves.toBe(0);

      // The card of the batch says a delivery runs; its tasks stay "Staging failed".
      const card = bar.locator('section[data-advice="running"]');
      await expect(card.locator('h3').textContent()).resolves.toBe(`${batchId} Delivery running`);
      await card
        .getByText(
          'A delivery of this batch is running now: these tasks can be retried once it has finished.',
          {
            exact: false,
          },
        )
        .waitFor();
      await expect(card.locator('li .tag').allTextContents()).resolves.toEqual(
        failed.map(() => 'Staging failed'),
      );
      await expect(card.getByRole('button').filter({ hasText: /retry/i }).count()).resolves.toBe(0);
      await card.scrollIntoViewIfNeeded();
      await sidebarShot(page, 'report-words-1-delivery-running');
      expect(await overflowing(page)).toEqual([]);
      await closeSidebarBox(page);
    } finally {
      resumeClock();
    }
    playground.session.ws.settle();
  });

  it('puts the retry of failures above their list', async () => {
    await chooseTool(page, 'Export status report');
    const bar = sidebar(page);
    const card = bar.getByRole('region', { name: `${batchId}: fix, then retry staging` });
    await card.waitFor();
    const retry = card.getByRole('button', { name: 'Fixed: retry staging' });
    const retryTop = (await retry.boundingBox())!.y;
    const listTop = (await card.locator('ul.failures').boundingBox())!.y;
    expect(retryTop).toBeLessThan(listTop);
    await sidebarShot(page, 'report-words-2-retry-on-top');
    expect(await overflowing(page)).toEqual([]);
  });
});
