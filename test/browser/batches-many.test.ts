/**
 * Export batches after many exports, in Chromium: the newest 20 first, "Show more" for the rest,
 * and a search that finds an old one at once. The batches are made as ops staff would make them:
 * a small work batch staged, put back by hand with a reason, and staged again. Needs a build.
 */
import type { Page } from 'playwright-core';
import { Playground } from '../../emulator/playground/server';
import { useBrowserFixture } from './fixture';
import { callOk, stageThroughServer, tasksIn } from './export-helpers';
import { chooseTool, overflowing, sidebar, sidebarShot } from './sidebar';

const BATCHES = 23;
const made: string[] = [];
const fx = useBrowserFixture({
  name: 'batches-many',
  fastClock: true,
  configured: true,
  setup: (pg) => {
    for (let i = 0; i < BATCHES; i++) {
      const batchId = stageThroughServer(pg, { batchIds: ['B-2026-10-C'] });
      made.push(batchId);
      const staged = tasksIn(pg, batchId, 'staged');
      callOk(pg, 'updateTaskExportStatus', staged, '', null, 'Staged again for the test');
      pg.session.ws.advance(60 * 60 * 1000);
    }
  },
});
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

describe('Export batches after many exports', () => {
  it('shows the newest 20, then the rest on "Show more"; a search finds an old batch', async () => {
    expect(new Set(made).size).toBe(BATCHES);
    void playground;
    await chooseTool(page, 'Export batches');
    const bar = sidebar(page);
    const cards = bar.locator('section.batch');
    await cards.first().waitFor();
    await expect(cards.count()).resolves.toBe(20);
    await expect(cards.locator('h3').first().textContent()).resolves.toBe(made[BATCHES - 1]);
    const more = bar.getByRole('button', { name: /^Show \d+ more$/ });
    const left = (await bar.getByText(/^\d+ batches\.$/).textContent())!;
    const total = Number(left.replace(/\D/g, ''));
    expect(total).toBeGreaterThanOrEqual(BATCHES);
    await expect(more.textContent()).resolves.toBe(`Show ${Math.min(20, total - 20)} more`);
    await sidebarShot(page, 'batches-4-many');
    await more.click();
    await expect(cards.count()).resolves.toBe(Math.min(40, total));

    await bar.getByLabel('Find a batch').fill(made[0].toLowerCase());
    await expect(cards.locator('h3').allTextContents()).resolves.toEqual([made[0]]);
    await bar
      .getByRole('region', { name: `Export batch ${made[0]}` })
      .getByText('Staged on', { exact: false })
      .waitFor();
    await sidebarShot(page, 'batches-5-old-one-found');
    await bar.getByLabel('Find a batch').fill('no such batch');
    await bar.getByText('No batch matches “no such batch”.').waitFor();
    await sidebarShot(page, 'batches-6-none-found');
    expect(await overflowing(page)).toEqual([]);
  });
});
