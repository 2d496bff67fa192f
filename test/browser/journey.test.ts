/**
 * A person's whole path in Chromium against a fresh playground, by the menu and the sidebars only:
 * configure the staging folder, stage a filtered batch (one override, with its warning), watch the
 * progress reach the end, go on to delivery from the completion step, pick the client folder,
 * deliver, and read the report. The sheet and the emulated Drive end as the server tests expect.
 * Needs a build.
 */
import type { Page } from 'playwright-core';
import { HOSTILE_MARKUP } from '../../emulator/demo';
import { Playground } from '../../emulator/playground/server';
import { useBrowserFixture } from './fixture';
import {
  FOLDER_MIME,
  SHEET_MIME,
  driveTree,
  folderByName,
  sheetRows,
  tasksIn,
  watchSlices,
} from './export-helpers';
import { chooseTool, overflowing, sidebar, sidebarShot } from './sidebar';

const SLICE_MS = '1000';
const WORK_BATCH = 'B-2026-10-C';
const PENDING_WARNING =
  'Tasks that have not been reviewed yet will be staged. Make sure someone checks them before delivery.';

const fx = useBrowserFixture({ name: 'journey', fastClock: true, sliceMs: SLICE_MS });
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

it('configure, stage with an override, deliver from the completion step, read the report', async () => {
  const bar = sidebar(page);
  const slices = await watchSlices(page);
  const staging = folderByName(playground, 'Exports Staging');
  const acme = folderByName(playground, 'Acme Corp');

  // 1. The staging folder, pasted as a link.
  await chooseTool(page, 'Configure staging folder');
  await bar.getByText('No staging folder is set yet.', { exact: false }).waitFor();
  await bar
    .getByLabel('Folder link or id')
    .fill(`https://drive.google.com/drive/folders/${staging}`);
  await bar.getByRole('button', { name: 'Use this folder' }).click();
  await bar.getByRole('status').getByRole('link', { name: 'Exports Staging' }).waitFor();
  await sidebarShot(page, 'journey-1-staging-folder');
  expect(playground.session.ws.properties.script.get('STAGING_FOLDER_ID')).toBe(staging);

  // 2. A filtered batch, with the override for tasks not reviewed yet and its warning.
  await chooseTool(page, 'Stage tasks for export');
  await bar.getByRole('heading', { name: 'Choose tasks' }).waitFor();
  await bar.getByText('Work batch:', { exact: true }).click();
  await bar.getByRole('group', { name: 'Work batch' }).getByLabel(WORK_BATCH).check();
  await bar.getByLabel('Include tasks not reviewed yet').check();
  await bar.getByRole('note').getByText(PENDING_WARNING, { exact: true }).waitFor();
  await sidebarShot(page, 'journey-2-filters');
  await bar.getByRole('button', { name: 'Preview' }).click();
  await bar.getByRole('heading', { name: 'Check the selection' }).waitFor();
  await bar.getByRole('note').getByText(PENDING_WARNING, { exact: true }).waitFor();
  // Grouped: 5 ready, 1 that will fail the file check (marked failed at the start, not copied).
  const ready = await bar.locator('table.tasks tbody tr').count();
  expect(ready).toBe(5);
  await bar.getByRole('heading', { name: 'Will fail the file check (1)' }).waitFor();
  const count = ready + 1;
  await sidebarShot(page, 'journey-3-preview');

  // 3. Staging, watched to its end.
  await bar.getByRole('button', { name: `Stage ${ready} ready tasks` }).click();
  await bar.getByRole('heading', { name: 'Staging', exact: true }).waitFor();
  await bar.getByRole('heading', { name: 'Staging complete' }).waitFor();
  const staged = slices.seen.filter((p) => p.kind === 'staging');
  expect(staged.at(-1)).toMatchObject({ finished: true, done: count, total: count });
  const batchId = staged[0].batchId;
  const valid = tasksIn(playground, batchId, 'staged');
  expect(valid).toHaveLength(count - 1);
  expect(tasksIn(playground, batchId, 'staging_failed')).toHaveLength(1);
  await sidebarShot(page, 'journey-4-staged');

  // 4. On to delivery, opened on this batch: its review first.
  await bar.getByRole('button', { name: 'Continue to delivery' }).click();
  await bar.getByRole('heading', { name: 'Review the export' }).waitFor();
  await expect(page.locator('#sidebar-title').textContent()).resolves.toBe('Deliver staged export');
  await bar.getByText(`Export batch ${batchId}`, { exact: true }).waitFor();
  const toClient = bar.getByRole('list', { name: 'Task folders for the client' });
  await expect(toClient.locator('li').count()).resolves.toBe(valid.length);
  await bar
    .getByRole('list', { name: 'Items that stay internal' })
    .getByText(`Export_${batchId}_Data`, { exact: true })
    .waitFor();
  await expect(bar.locator('#app img, #app script').count()).resolves.toBe(0);
  await sidebarShot(page, 'journey-5-review');

  // 5. The client folder, pasted; then the delivery, watched to its end.
  await bar.getByRole('button', { name: 'Choose the client folder' }).click();
  await bar.getByLabel('Folder link or id').fill(`https://drive.google.com/drive/folders/${acme}`);
  await bar.getByRole('button', { name: 'Use this folder' }).click();
  await bar.getByRole('status').filter({ hasText: 'Deliver to' }).waitFor();
  await sidebarShot(page, 'journey-6-client-folder');
  await bar.getByRole('button', { name: `Deliver ${valid.length} tasks` }).click();
  await bar.getByRole('heading', { name: 'Delivery complete' }).waitFor();
  const delivered = slices.seen.filter((p) => p.kind === 'delivery');
  expect(delivered.at(-1)).toMatchObject({ finished: true, succeeded: valid.length, failed: 0 });
  await bar
    .getByRole('status')
    .getByText(`${valid.length} tasks of export batch ${batchId} delivered to Acme Corp`, {
      exact: false,
    })
    .waitFor();
  await bar.getByText('The delivery is confirmed', { exact: false }).waitFor();
  await sidebarShot(page, 'journey-7-delivered');
  expect(await overflowing(page)).toEqual([]);

  // 6. The report, from the completion step.
  await bar.getByRole('button', { name: 'Status report' }).click();
  await bar.getByRole('heading', { name: 'Export status report' }).waitFor();
  const deliveredRow = bar.locator('table.counts tr[data-status="delivered"] td.num');
  const allDelivered = [...sheetRows(playground).values()].filter((r) => r.status === 'delivered');
  await expect(deliveredRow.textContent()).resolves.toBe(String(allDelivered.length));
  await bar.getByText('No export is running.', { exact: true }).waitFor();
  await sidebarShot(page, 'journey-8-report');
  expect(await overflowing(page)).toEqual([]);

  // The sheet: the valid tasks delivered, the one that failed its file check left for a retry.
  const rows = sheetRows(playground);
  for (const id of valid) expect([id, rows.get(id)!.status]).toEqual([id, 'delivered']);
  expect(valid.some((id) => id.includes(HOSTILE_MARKUP))).toBe(true);
  // Drive: the client folder holds one folder for the batch, exactly the staged task folders and
  // their files, and nothing internal (no export sheet).
  const { drive } = playground.session.ws;
  expect(drive.children(acme).map((f) => f.name)).toEqual([batchId]);
  const deliveryFolder = drive.children(acme)[0];
  const stagingBatch = drive.children(staging).find((f) => f.name.endsWith(batchId))!;
  const stagedTree = driveTree(playground, stagingBatch.id);
  const exportSheet = drive
    .children(stagingBatch.id)
    .filter((f) => f.mimeType === SHEET_MIME)
    .map((f) => f.name);
  expect(exportSheet).toEqual([`Export_${batchId}_Data`]);
  stagedTree.delete(exportSheet[0]);
  expect([...driveTree(playground, deliveryFolder.id)].sort()).toEqual([...stagedTree].sort());
  const top = drive.children(deliveryFolder.id);
  expect(top.every((f) => f.mimeType === FOLDER_MIME)).toBe(true);
  expect(top.map((f) => f.name).sort()).toEqual(valid.map((id) => rows.get(id)!.folder).sort());
});
