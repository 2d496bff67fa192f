/**
 * Tasks staged with the overrides for a failed or missing review, in Chromium: the delivery review
 * warns of them by name and marks their folders, and their batch's card in Export batches says so
 * too. Needs a build.
 */
import type { Page } from 'playwright-core';
import { Playground } from '../../emulator/playground/server';
import { useBrowserFixture } from './fixture';
import { stageThroughServer, tasksIn, trackingSheetId } from './export-helpers';
import { chooseTool, overflowing, sidebar, sidebarShot } from './sidebar';

let batchId = '';
const fx = useBrowserFixture({
  name: 'delivery-unreviewed',
  fastClock: true,
  configured: true,
  setup: (pg) => {
    batchId = stageThroughServer(pg, { includeFailed: true, includeUnreviewed: true });
  },
});
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

/** The staged tasks of the batch whose Review Status is not "passed", with it, by Task ID. */
function unreviewedStaged(): Array<[string, string]> {
  const { ws } = playground.session;
  const [header, ...body] = ws.sheets.values(trackingSheetId(playground), 'Tasks');
  const staged = new Set(tasksIn(playground, batchId, 'staged'));
  return body
    .map((r) => [String(r[header.indexOf('Task ID')]), String(r[header.indexOf('Review Status')])])
    .filter(([id, review]) => staged.has(id) && review !== 'passed')
    .sort(([a], [b]) => a.localeCompare(b)) as Array<[string, string]>;
}

const words = (review: string) => (review === 'failed' ? 'review failed' : 'not reviewed yet');

describe('tasks staged without passing review', () => {
  it('are named in the delivery review and marked in its list of task folders', async () => {
    const flagged = unreviewedStaged();
    expect(flagged.map(([, review]) => review)).toEqual(
      expect.arrayContaining(['failed', expect.stringMatching(/^(pending|)$/)]),
    );
    const named = flagged.map(([id, review]) => `${id} (${words(review)})`).join(', ');
    await chooseTool(page, 'Deliver staged export');
    const bar = sidebar(page);
    await bar.getByRole('radio', { name: new RegExp(batchId) }).check();
    await bar.getByRole('button', { name: 'Review this export' }).click();
    const warning = bar.getByTestId('unreviewed');
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toBe(
      `${flagged.length} tasks were staged without passing review: ${named}. Make sure someone checked them.`,
    );
    await sidebarShot(page, 'delivery-unreviewed-1-warning');
    const toClient = bar.getByRole('list', { name: 'Task folders for the client' });
    for (const [id, review] of flagged) {
      const folder = toClient.locator('li', { hasText: `Task ${id} ·` });
      await expect(folder.locator('.tag.warning').textContent()).resolves.toBe(
        review === 'failed' ? 'Review failed' : 'Not reviewed yet',
      );
    }
    await expect(toClient.locator('.tag.warning').count()).resolves.toBe(flagged.length);
    expect(await overflowing(page)).toEqual([]);
  });

  it('are named on their batch card in Export batches', async () => {
    const flagged = unreviewedStaged();
    await chooseTool(page, 'Export batches');
    const bar = sidebar(page);
    const card = bar.getByRole('region', { name: `Export batch ${batchId}` });
    const flag = card.getByTestId('unreviewed');
    await flag.waitFor();
    await expect(flag.textContent()).resolves.toBe(
      `Review not passed ${flagged.length} tasks were staged without passing review: ${flagged
        .map(([id, review]) => `${id} (${words(review)})`)
        .join(', ')}.`,
    );
    await sidebarShot(page, 'delivery-unreviewed-2-batch-card');
    expect(await overflowing(page)).toEqual([]);
  });
});
