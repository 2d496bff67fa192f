/**
 * The pages for PLAN functions ops staff used to reach only from the script editor, in Chromium
 * against the playground on hostile demo data: Export batches (where each batch went, who sent it,
 * when; deliver or retry from there), Change a task's status (with a reason, refused plainly while
 * an export works on the batch) and Clean up old failures (the list first, then the reset). Each
 * screen is shot to test-output/screenshots; nothing sticks out of the 300 px sidebar, and names
 * holding markup stay text. Needs a build.
 */
import type { Page } from 'playwright-core';
import { HOSTILE_MARKUP } from '../../emulator/demo';
import { Playground } from '../../emulator/playground/server';
import { useBrowserFixture } from './fixture';
import { callOk, folderByName, sheetRows, stageThroughServer, tasksIn } from './export-helpers';
import { chooseTool, closeSidebarBox, overflowing, sidebar, sidebarShot } from './sidebar';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOSTILE_CLIENT = `Client ${HOSTILE_MARKUP}`;

let first: string;
let second: string;
const fx = useBrowserFixture({
  name: 'console-pages',
  fastClock: true,
  configured: true,
  setup: (pg) => {
    const ws = pg.session.ws;
    first = stageThroughServer(pg, { batchIds: ['B-2026-10-A', 'B-2026-10-B'] });
    ws.advance(DAY_MS);
    second = stageThroughServer(pg, { batchIds: ['B-2026-10-C'] });
    const acme = folderByName(pg, 'Acme Corp');
    const item = ws.drive.get(acme)!;
    const hostile = ws.drive.createFolder({
      name: HOSTILE_CLIENT,
      parentId: item.parentId!,
      owner: item.owner,
    });
    callOk(pg, 'executeDeliveryWizard', first, hostile.id);
    ws.settle();
  },
});
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

async function noOverflow(): Promise<void> {
  expect(await overflowing(page)).toEqual([]);
}

describe('Export batches', () => {
  it('shows each batch: counts in words, who and when, its links and where it was delivered; finds one by client folder; opens delivery or retry', async () => {
    await chooseTool(page, 'Export batches');
    const bar = sidebar(page);
    await bar.getByRole('heading', { name: 'Export batches' }).waitFor();
    const cards = bar.locator('section.batch');
    await cards.first().waitFor();
    // Newest first.
    await expect(cards.locator('h3').first().textContent()).resolves.toBe(second);
    const delivered = bar.getByRole('region', { name: `Export batch ${first}` });
    const owner = playground.session.ws.owner;
    await delivered.getByText(`by ${owner}`, { exact: false }).first().waitFor();
    await delivered.getByRole('link', { name: HOSTILE_CLIENT }).waitFor();
    await delivered.getByRole('link', { name: 'Export sheet' }).waitFor();
    await delivered.getByRole('link', { name: new RegExp(`_${first}$`) }).waitFor();
    const shownCounts = await delivered.locator('ul.batch-counts li').allTextContents();
    const inSheet = (status: string) => tasksIn(playground, first, status).length;
    expect(shownCounts).toEqual(
      [
        ['Delivered', inSheet('delivered')],
        ['Staging failed', inSheet('staging_failed')],
      ]
        .filter(([, n]) => (n as number) > 0)
        .map(([w, n]) => `${w}: ${n}`),
    );
    await delivered.getByRole('button', { name: 'Retry failed tasks' }).waitFor();
    await sidebarShot(page, 'batches-1-list');
    await noOverflow();

    // Found by part of the client folder's name.
    await bar.getByLabel('Find a batch').fill('client <img');
    await bar.getByText('1 batch of', { exact: false }).waitFor();
    await expect(cards.count()).resolves.toBe(1);
    await sidebarShot(page, 'batches-2-found');
    await bar.getByLabel('Find a batch').fill(second.slice(-4));
    await expect(cards.locator('h3').allTextContents()).resolves.toEqual([second]);

    // Deliver opens the delivery wizard on that batch.
    await bar
      .getByRole('region', { name: `Export batch ${second}` })
      .getByRole('button', { name: 'Deliver' })
      .click();
    await page.locator('#sidebar-title', { hasText: 'Deliver staged export' }).waitFor();
    await bar.getByText(second, { exact: false }).first().waitFor();

    // Retry failed tasks opens Resume failed exports on that batch only.
    await chooseTool(page, 'Export batches');
    await bar.getByRole('heading', { name: 'Export batches' }).waitFor();
    await bar
      .getByRole('region', { name: `Export batch ${first}` })
      .getByRole('button', { name: 'Retry failed tasks' })
      .click();
    await page.locator('#sidebar-title', { hasText: 'Resume failed exports' }).waitFor();
    await bar.getByText(`Export batch ${first} only.`).waitFor();
    await bar.getByRole('button', { name: 'Show all batches' }).waitFor();
    await sidebarShot(page, 'batches-3-retry-one-batch');
    await noOverflow();
    await closeSidebarBox(page);
  });
});

describe('Change a task’s status', () => {
  it('shows the status in words, needs a reason, makes and logs the change; refuses while an export works on the batch', async () => {
    const hostile = [...sheetRows(playground).keys()].find((id) => id.includes(HOSTILE_MARKUP))!;
    expect(sheetRows(playground).get(hostile)!.status).toBe('staged');
    await chooseTool(page, 'Change a task’s status');
    const bar = sidebar(page);
    await bar.getByRole('heading', { name: 'Change a task’s status' }).waitFor();
    await bar.getByLabel('Task ID').fill(hostile);
    await bar.getByRole('button', { name: 'Find task' }).click();
    const card = bar.getByRole('region', { name: `Task ${hostile}` });
    await card.getByText('Staged, awaiting delivery', { exact: true }).waitFor();
    await card.getByText(`Task ${hostile}`, { exact: true }).waitFor();
    const change = card.getByRole('button', { name: 'Change status' });
    await expect(change.isDisabled()).resolves.toBe(true);
    await card.getByText('Type the reason to change the status.').waitFor();
    await sidebarShot(page, 'status-1-task');
    await noOverflow();

    await card.getByLabel('Reason (required)').fill('The client asked for this task again');
    await change.click();
    await bar
      .getByRole('status')
      .getByText('changed from “Staged, awaiting delivery” to “Not exported”', { exact: false })
      .waitFor();
    expect(sheetRows(playground).get(hostile)!.status).toBe('');
    const log = playground.session.ws.sheets.values(
      playground.session.state().spreadsheet!.id,
      'Export Log',
    );
    expect(log[log.length - 1].map(String).join(' ')).toContain(
      'Manual change: The client asked for this task again',
    );
    await card
      .getByText('A task that is not exported has nothing to put back', { exact: false })
      .waitFor();
    await sidebarShot(page, 'status-2-changed');
    await noOverflow();

    // A delivery of the second batch runs: its failed task cannot be changed meanwhile.
    const failed = tasksIn(playground, second, 'staging_failed')[0];
    callOk(playground, 'executeDeliveryWizard', second, folderByName(playground, 'Acme Corp'));
    await bar.getByLabel('Task ID').fill(failed);
    await bar.getByRole('button', { name: 'Find task' }).click();
    await bar
      .getByRole('region', { name: `Task ${failed}` })
      .getByText('being delivered right now', { exact: false })
      .waitFor();
    await expect(
      bar
        .getByRole('region', { name: `Task ${failed}` })
        .getByRole('button', { name: 'Change status' })
        .count(),
    ).resolves.toBe(0);
    await sidebarShot(page, 'status-3-refused-running');
    await noOverflow();
    playground.session.ws.settle();
    expect(sheetRows(playground).get(failed)!.status).toBe('staging_failed');
    await closeSidebarBox(page);
  });

  it('finds a Task ID typed in another case, shown as the sheet holds it; a delivered task names the wizard’s checkbox by its label', async () => {
    const delivered = [...sheetRows(playground)].find(([, r]) => r.status === 'delivered')![0];
    expect(delivered.toLowerCase()).not.toBe(delivered);
    await chooseTool(page, 'Change a task’s status');
    const bar = sidebar(page);
    await bar.getByRole('heading', { name: 'Change a task’s status' }).waitFor();
    await bar.getByLabel('Task ID').fill(` ${delivered.toLowerCase()} `);
    await bar.getByRole('button', { name: 'Find task' }).click();
    const card = bar.getByRole('region', { name: `Task ${delivered}` });
    await card.getByText(`Task ${delivered}`, { exact: true }).waitFor();
    await card
      .getByText(
        'To send it again, stage it with “Include tasks already delivered” turned on in Stage tasks for export.',
        { exact: false },
      )
      .waitFor();
    await expect(bar.getByRole('alert').count()).resolves.toBe(0);
    await sidebarShot(page, 'status-5-typed-lower-case-delivered');
    await noOverflow();
    await closeSidebarBox(page);
  });

  it('opens from a task of the status report, on that task', async () => {
    const failed = tasksIn(playground, first, 'staging_failed')[0];
    await chooseTool(page, 'Export status report');
    const bar = sidebar(page);
    await bar.getByRole('button', { name: `Change the status of task ${failed}` }).click();
    await page.locator('#sidebar-title', { hasText: 'Change a task’s status' }).waitFor();
    const card = bar.getByRole('region', { name: `Task ${failed}` });
    await card.getByText('Staging failed', { exact: true }).waitFor();
    await expect(bar.getByLabel('Task ID').inputValue()).resolves.toBe(failed);
    await expect(card.getByRole('radio', { name: /^Not exported/ }).isChecked()).resolves.toBe(
      true,
    );
    await sidebarShot(page, 'status-4-from-report');
    await noOverflow();
    await closeSidebarBox(page);
  });
});

describe('Clean up old failures', () => {
  it('lists what it would reset, changing nothing, then resets on confirmation and says what it did', async () => {
    playground.session.ws.advance(31 * DAY_MS);
    const failed = [...sheetRows(playground).entries()]
      .filter(([, r]) => r.status === 'staging_failed')
      .map(([id]) => id);
    expect(failed.length).toBeGreaterThan(0);
    await chooseTool(page, 'Clean up old failures');
    const bar = sidebar(page);
    await bar.getByRole('heading', { name: 'Clean up old failures' }).waitFor();
    await bar.getByRole('button', { name: 'Show what would be reset' }).click();
    const preview = bar.getByRole('region', { name: 'What would be reset' });
    const list = preview.getByRole('list', { name: 'To reset: Staging failed' });
    await list.waitFor();
    await expect(list.locator('li strong').allTextContents()).resolves.toEqual(
      expect.arrayContaining(failed),
    );
    await expect(list.locator('li').count()).resolves.toBe(failed.length);
    await preview
      .getByText(`${failed.length} tasks from “Staging failed” to “Not exported”:`, { exact: true })
      .waitFor();
    await sidebarShot(page, 'cleanup-1-preview');
    await noOverflow();
    // Nothing changed yet.
    for (const id of failed) expect(sheetRows(playground).get(id)!.status).toBe('staging_failed');

    await preview.getByRole('button', { name: `Reset ${failed.length} tasks` }).click();
    const done = bar.getByRole('region', { name: 'Done' });
    await done.getByText(`${failed.length} tasks were reset.`, { exact: false }).waitFor();
    for (const id of failed) expect(sheetRows(playground).get(id)!.status).toBe('');
    await sidebarShot(page, 'cleanup-2-done');
    await noOverflow();
  });
});
