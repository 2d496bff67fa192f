/**
 * The delivery wizard in Chromium against the playground, as a person uses it, on exports staged
 * through the server beforehand: a staged export delivered end to end (one task's count off, so
 * the completion shows expected against found); client folders that cannot be used, refused
 * plainly while the wizard stays usable; a staging folder trashed before the start; a sidebar
 * closed mid-delivery and reopened; a staged file trashed before the review, which warns and
 * resets the task to stage it again. Names carrying markup are shown as text. Needs a build.
 */
import type { Page } from 'playwright-core';
import { HOSTILE_MARKUP } from '../../emulator/demo';
import { Playground } from '../../emulator/playground/server';
import type { JobProgress } from '../../src/shared/rpc';
import { useBrowserFixture } from './fixture';
import {
  FOLDER_MIME,
  callOk,
  driveTree,
  folderByName,
  setStagedCount,
  sheetRows,
  stageThroughServer,
  tasksIn,
  waitFor,
  watchSlices,
  expectDrivenToEnd,
} from './export-helpers';
import {
  browseDown,
  chooseTool,
  foldShot,
  closeSidebarBox,
  overflowing,
  sidebar,
  sidebarShot,
} from './sidebar';

/** About one file per slice on the playground's fast latency: a delivery takes many slices. */
const SLICE_MS = '1000';

/** Export batches staged before the tests, one per work batch of the demo. */
const staged: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
const fx = useBrowserFixture({
  name: 'delivery-wizard',
  fastClock: true,
  sliceMs: SLICE_MS,
  configured: true,
  setup: (pg) => {
    for (const work of ['A', 'B', 'C'] as const) {
      staged[work] = stageThroughServer(pg, { batchIds: [`B-2026-10-${work}`] });
    }
  },
});
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

async function openWizard() {
  await chooseTool(page, 'Deliver staged export');
  const bar = sidebar(page);
  await bar.getByRole('heading', { name: 'Choose a staged export' }).waitFor();
  await expect(page.locator('#sidebar-title').textContent()).resolves.toBe('Deliver staged export');
  return bar;
}

async function pickAndReview(batchId: string) {
  const bar = sidebar(page);
  await bar.getByRole('radio', { name: new RegExp(batchId) }).check();
  await bar.getByRole('button', { name: 'Review this export' }).click();
  await bar.getByRole('heading', { name: 'Review the export' }).waitFor();
  await bar.getByRole('list', { name: 'Task folders for the client' }).waitFor();
}

function jobProgress(jobId: string): JobProgress {
  return callOk<JobProgress>(playground, 'getJobProgress', jobId);
}

describe('the delivery wizard', () => {
  it('delivers a staged export end to end: review, client folder, progress, the outcome checked', async () => {
    const batchId = staged.C;
    const deliverable = tasksIn(playground, batchId, 'staged');
    expect(deliverable).toHaveLength(4);
    // Someone typed over one Staged Count: it contradicts the staged files recorded, so that task
    // fails before anything of it is copied. It is the task whose id and folder name carry
    // markup: the completion shows them as text.
    const miscounted = deliverable.find((id) => id.includes(HOSTILE_MARKUP))!;
    expect(miscounted).toBeDefined();
    setStagedCount(playground, miscounted, 9);
    const slices = await watchSlices(page);

    const bar = await openWizard();
    const choices = bar.getByRole('radio');
    await expect(choices.count()).resolves.toBe(3);
    await bar.getByText(`${deliverable.length} tasks staged`, { exact: false }).first().waitFor();
    await sidebarShot(page, 'delivery-wizard-1-pick');
    expect(await overflowing(page)).toEqual([]);

    await pickAndReview(batchId);
    const toClient = bar.getByRole('list', { name: 'Task folders for the client' });
    const folders = deliverable.map((id) => sheetRows(playground).get(id)!.folder);
    await expect(toClient.locator('.name').allTextContents()).resolves.toEqual(
      [...folders].sort((a, b) => a.localeCompare(b)),
    );
    expect(folders.some((f) => f.includes(HOSTILE_MARKUP))).toBe(true);
    const internal = bar.getByRole('list', { name: 'Items that stay internal' });
    await internal.getByText(`Export_${batchId}_Data`, { exact: true }).waitFor();
    await bar.getByText('The export sheet: internal data, stays in staging.').waitFor();
    const sheet = bar.locator('table.sheet');
    await expect(sheet.locator('th').first().textContent()).resolves.toBe('Task ID');
    await expect(sheet.locator('th.internal').first().textContent()).resolves.toMatch(
      / \(internal\)$/,
    );
    await expect(sheet.locator('tbody tr').count()).resolves.toBe(deliverable.length);
    await expect(bar.locator('#app img, #app script').count()).resolves.toBe(0);
    // The plan, with what the staging before spent of the day's calls and copies.
    await bar.getByRole('heading', { name: 'Time and daily limits' }).waitFor();
    await expect(bar.locator('.plan-duration').textContent()).resolves.toMatch(
      /^Delivering \d+ files \(.+\) should take (under a minute\.|.+ with this sidebar open)/,
    );
    const spent = bar.locator('.plan-limit .plan-spent');
    await expect(spent.nth(0).textContent()).resolves.toMatch(/^So far today: [\d,]+ calls\.$/);
    await expect(spent.nth(2).textContent()).resolves.toMatch(/^So far today: [\d.]+ [KMG]?B\.$/);
    await sidebarShot(page, 'delivery-wizard-2-review');
    expect(await overflowing(page)).toEqual([]);
    // The main button is in the bar pinned to the sidebar's foot: seen without scrolling.
    const fold = await foldShot(page, 'delivery-wizard-2-review-fold', 'Choose the client folder');
    expect(fold.top).toBeGreaterThanOrEqual(0);
    expect(fold.bottom).toBeLessThanOrEqual(fold.height);

    await bar.getByRole('button', { name: 'Choose the client folder' }).click();
    await bar.getByRole('heading', { name: 'Choose the client folder' }).waitFor();
    await bar.getByRole('button', { name: 'Browse Drive' }).click();
    await browseDown(bar, ['My Drive', 'Clients', 'Acme Corp']);
    await bar.getByRole('button', { name: 'Choose this folder' }).click();
    const chosen = bar.getByRole('status').filter({ hasText: 'Deliver to' });
    await chosen.getByRole('link', { name: 'Acme Corp' }).waitFor();
    await expect(bar.locator('.destination').textContent()).resolves.toBe(
      `My Drive › Clients › Acme Corp › ${batchId}`,
    );
    await sidebarShot(page, 'delivery-wizard-3-client-folder');
    expect(await overflowing(page)).toEqual([]);

    const held = slices.holdAt(3);
    await bar.getByRole('button', { name: `Deliver ${deliverable.length} tasks` }).click();
    const release = await held;
    await bar.getByRole('heading', { name: 'Delivering' }).waitFor();
    await expect(bar.locator('.status-line').textContent()).resolves.toMatch(
      new RegExp(`^Delivering [0-9]+ of ${deliverable.length} tasks$`),
    );
    await bar.getByRole('progressbar', { name: 'Delivering progress' }).waitFor();
    // Files X of Y (their staged copies are counted as each task is planned), the time left.
    const facts = bar.locator('.progress-facts');
    await expect(facts.locator('dd').first().textContent()).resolves.toMatch(
      /^(\d+ of (about )?\d+ files? copied|\d+ files? copied so far)$/,
    );
    await expect(bar.locator('.time-left').textContent()).resolves.toMatch(
      /^(working it out|about \d+ minutes?|less than a minute)$/,
    );
    await sidebarShot(page, 'delivery-wizard-4-running');
    expect(await overflowing(page)).toEqual([]);
    release();

    await bar.getByRole('heading', { name: 'Delivery complete' }).waitFor();
    // The sidebar drove the job to its end, its progress only moving forward.
    expectDrivenToEnd(slices.seen, deliverable.length);
    await bar
      .getByRole('status')
      .getByText(`${deliverable.length - 1} tasks of export batch ${batchId} delivered to`, {
        exact: false,
      })
      .waitFor();
    const row = bar.locator('table.failures-table tbody tr');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('td.num').allTextContents()).resolves.toEqual(['9', '0']);
    await expect(row.locator('td').first().textContent()).resolves.toContain(
      'its Staged Count is 9, but the Staged Files tab of its export sheet lists 8 files for it',
    );
    await expect(row.locator('strong').textContent()).resolves.toBe(miscounted);
    await expect(row.locator('td').first().textContent()).resolves.toContain(
      'Nothing of it was delivered. If 8 is right, type it back into the Staged Count cell and retry the delivery.',
    );
    await expect(bar.locator('#app img, #app script').count()).resolves.toBe(0);
    const link = bar.getByRole('link', { name: 'Open the client delivery folder' });
    const acme = folderByName(playground, 'Acme Corp');
    const delivery = playground.session.ws.drive.children(acme).find((f) => f.name === batchId)!;
    await expect(link.getAttribute('href')).resolves.toBe(
      `https://drive.google.com/drive/folders/${delivery.id}`,
    );
    await sidebarShot(page, 'delivery-wizard-5-complete');
    expect(await overflowing(page)).toEqual([]);

    // The sheet and Drive end as the server tests expect.
    const rows = sheetRows(playground);
    for (const id of deliverable) {
      expect([id, rows.get(id)!.status]).toEqual([
        id,
        id === miscounted ? 'delivery_failed' : 'delivered',
      ]);
    }
    // Exactly the staged task folders and their files, nothing else (no export sheet), but the
    // miscounted task's, of which nothing was copied.
    const { drive } = playground.session.ws;
    const stagingBatch = drive
      .children(folderByName(playground, 'Exports Staging'))
      .find((f) => f.name.endsWith(batchId))!;
    const expected = new Map<string, number>();
    const delivered = folders.filter((f) => f !== sheetRows(playground).get(miscounted)!.folder);
    for (const item of drive.children(stagingBatch.id)) {
      if (!delivered.includes(item.name)) continue;
      expected.set(item.name, 1);
      for (const f of drive.children(item.id)) expected.set(`${item.name}/${f.name}`, 1);
    }
    expect(expected.size).toBe(delivered.length * 9);
    const files = driveTree(playground, delivery.id);
    expect([...files].sort()).toEqual([...expected].sort());
    expect(playground.session.ws.drive.children(acme).map((i) => i.name)).toEqual([batchId]);
  });

  it('refuses client folders that cannot be used, plainly, and stays usable; a trashed staging folder too', async () => {
    const batchId = staged.A;
    const bar = await openWizard();
    // The batch delivered just now is no longer offered.
    await expect(bar.getByRole('radio').count()).resolves.toBe(2);
    await pickAndReview(batchId);
    await bar.getByRole('button', { name: 'Choose the client folder' }).click();
    const field = bar.getByLabel('Folder link or id');
    const viewOnly = folderByName(playground, 'Globex');
    await field.fill(`https://drive.google.com/drive/folders/${viewOnly}`);
    await bar.getByRole('button', { name: 'Use this folder' }).click();
    await bar
      .getByRole('alert')
      .getByText(
        'You cannot add files to the client folder "Globex". Ask its owner for edit access or choose another folder.',
        { exact: true },
      )
      .waitFor();
    await expect(field.inputValue()).resolves.toBe(
      `https://drive.google.com/drive/folders/${viewOnly}`,
    );
    await sidebarShot(page, 'delivery-wizard-3-view-only');
    expect(await overflowing(page)).toEqual([]);

    await field.fill(folderByName(playground, 'Not a client folder'));
    await bar.getByRole('button', { name: 'Use this folder' }).click();
    await bar
      .getByRole('alert')
      .getByText(
        'The folder "Not a client folder" is inside the staging folder, which stays internal. Choose the client\'s own folder, outside the staging folder.',
        { exact: true },
      )
      .waitFor();
    await expect(bar.getByRole('button', { name: 'Deliver 3 tasks' }).isDisabled()).resolves.toBe(
      true,
    );
    await sidebarShot(page, 'delivery-wizard-3-inside-staging');

    // Back and forth keeps what was typed; the recent folder of the last delivery is offered.
    await bar.getByRole('button', { name: 'Back' }).click();
    await bar.getByRole('heading', { name: 'Review the export' }).waitFor();
    await bar.getByRole('button', { name: 'Choose the client folder' }).click();
    await expect(field.inputValue()).resolves.toBe(folderByName(playground, 'Not a client folder'));
    await bar
      .getByRole('list', { name: 'Recently used folders' })
      .getByRole('button', { name: 'Acme Corp' })
      .click();
    await bar.getByRole('status').filter({ hasText: 'Deliver to' }).waitFor();
    await expect(bar.getByRole('alert').count()).resolves.toBe(0);

    // The staging folder of the batch is trashed before the start: a plain message, no change.
    const batchFolder = playground.session.ws.drive
      .all()
      .find((i) => i.name.endsWith(batchId) && i.mimeType === FOLDER_MIME)!;
    const before = JSON.stringify([...sheetRows(playground)]);
    playground.session.ws.drive.trash(batchFolder.id);
    const deliver = bar.getByRole('button', { name: 'Deliver 3 tasks' });
    await deliver.click();
    await bar
      .getByRole('alert')
      .getByText(
        `Could not start the delivery. Export batch ${batchId}: its staging folder "${batchFolder.name}" is in the trash`,
        { exact: false },
      )
      .waitFor();
    await sidebarShot(page, 'delivery-wizard-3-staging-trashed');
    expect(await overflowing(page)).toEqual([]);
    expect(JSON.stringify([...sheetRows(playground)])).toBe(before);
    await expect(deliver.isEnabled()).resolves.toBe(true);

    playground.session.ws.drive.untrash(batchFolder.id);

    // With the DriveApp copier (no generated ids), Drive makes the batch's folder in the client
    // folder but answers an error, and listings do not show it yet: the person is asked to try
    // again in a couple of minutes, and clicked again, the same folder is used.
    const ws = playground.session.ws;
    ws.properties.script.set('EXPORT_COPIER', 'driveapp');
    ws.drive.listingLagMs = 10 * 60_000;
    ws.faults.add({
      kind: 'landedWithError',
      status: 500,
      nth: 1,
      match: (c) => c.method === 'Folder.createFolder',
    });
    await deliver.click();
    await bar
      .getByRole('alert')
      .getByText(
        `Google Drive has not confirmed yet that the folder "${batchId}" was made in the client folder "Acme Corp". Try again in a couple of minutes: the delivery uses that folder if it was made.`,
        { exact: false },
      )
      .waitFor();
    await sidebarShot(page, 'delivery-wizard-3-folder-not-confirmed');
    expect(await overflowing(page)).toEqual([]);
    expect(JSON.stringify([...sheetRows(playground)])).toBe(before);
    ws.drive.listingLagMs = 0;
    ws.properties.script.delete('EXPORT_COPIER');

    await deliver.click();
    await bar.getByRole('heading', { name: 'Delivery complete' }).waitFor();
    const acme = folderByName(playground, 'Acme Corp');
    expect(ws.drive.children(acme).filter((f) => f.name === batchId)).toHaveLength(1);
    await bar
      .getByRole('status')
      .getByText(`3 tasks of export batch ${batchId} delivered to Acme Corp`, { exact: false })
      .waitFor();
    expect(tasksIn(playground, batchId, 'delivered')).toHaveLength(3);
  });

  it('warns in the review when a staged file was trashed since staging, and resets the task to stage it again', async () => {
    const batchId = staged.B;
    const [victim, ...others] = tasksIn(playground, batchId, 'staged');
    expect(others.length).toBeGreaterThan(0);
    const { drive } = playground.session.ws;
    const stagingBatch = drive
      .children(folderByName(playground, 'Exports Staging'))
      .find((f) => f.name.endsWith(batchId))!;
    const folder = drive
      .children(stagingBatch.id)
      .find((f) => f.name === sheetRows(playground).get(victim)!.folder)!;
    const trashed = drive.children(folder.id).find((f) => f.name.endsWith('.mp4'))!;
    drive.trash(trashed.id);

    const bar = await openWizard();
    await pickAndReview(batchId);
    const changed = bar.getByRole('list', { name: 'Changed since staging' });
    await changed
      .getByText(
        `Task ${victim}: "${trashed.name}" was removed from its staging folder since staging; this task will fail delivery. Stage it again first.`,
        { exact: true },
      )
      .waitFor();
    await bar.getByText('1 staged task changed in the staging folder since staging').waitFor();
    await sidebarShot(page, 'delivery-wizard-2-review-changed');
    expect(await overflowing(page)).toEqual([]);

    await changed.getByRole('button', { name: 'Reset to stage again' }).click();
    await bar
      .getByRole('status')
      .getByText(`Task ${victim} is back to “not exported” and left out of this delivery`, {
        exact: false,
      })
      .waitFor();
    await expect(changed.count()).resolves.toBe(0);
    await bar.getByRole('button', { name: 'Choose the client folder' }).waitFor();
    expect(sheetRows(playground).get(victim)!.status).toBe('');
    expect(tasksIn(playground, batchId, 'staged')).toEqual(others);
    await sidebarShot(page, 'delivery-wizard-2-review-reset');
    expect(await overflowing(page)).toEqual([]);
  });
  it('closed mid-delivery, the job goes on by triggers; reopened, it shows where it stands, then finishes', async () => {
    const batchId = staged.B;
    // One of its tasks was reset to be staged again, in the review before.
    const deliverable = tasksIn(playground, batchId, 'staged');
    const slices = await watchSlices(page);
    const bar = await openWizard();
    await pickAndReview(batchId);
    await bar.getByRole('button', { name: 'Choose the client folder' }).click();
    await bar
      .getByRole('list', { name: 'Recently used folders' })
      .getByRole('button', { name: 'Acme Corp' })
      .click();
    const held = slices.holdAt(2);
    await bar.getByRole('button', { name: `Deliver ${deliverable.length} tasks` }).click();
    const release = await held;
    const { jobId } = slices.seen[0];
    await closeSidebarBox(page);
    release();
    const atClose = jobProgress(jobId);
    expect(atClose.finished).toBe(false);

    // Nobody drives it now: the continuation trigger does. Once it has copied more, the clock
    // stops, so that the job is still running when the sidebar opens again.
    let resumeClock = () => {};
    await waitFor(() => {
      if (jobProgress(jobId).filesCopied <= atClose.filesCopied) return false;
      resumeClock = playground.holdClock();
      return true;
    }, 'trigger progress');
    expect(jobProgress(jobId).finished).toBe(false);
    const reopenedSlice = slices.holdAt(slices.seen.length + 1);
    await chooseTool(page, 'Deliver staged export');
    await bar.getByRole('heading', { name: 'Delivering' }).waitFor();
    await bar.getByText('This delivery was already running.', { exact: false }).waitFor();
    const shown = await bar.locator('.status-line').textContent();
    const of = new RegExp(`^Delivering (\\d+) of ${deliverable.length} tasks$`);
    expect(Number(of.exec(shown ?? '')![1])).toBeGreaterThanOrEqual(atClose.done);
    await sidebarShot(page, 'delivery-wizard-4-reopened');
    expect(await overflowing(page)).toEqual([]);
    (await reopenedSlice)();
    resumeClock();

    await bar.getByRole('heading', { name: 'Delivery complete' }).waitFor();
    expect(jobProgress(jobId)).toMatchObject({
      finished: true,
      succeeded: deliverable.length,
      failed: 0,
    });
    expect(tasksIn(playground, batchId, 'delivered')).toEqual(deliverable);
    await expect(bar.locator('table.failures-table').count()).resolves.toBe(0);
  });
});
