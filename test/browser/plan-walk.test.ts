/**
 * The whole plan done from the pages only, in Chromium against one fresh playground, as an ops
 * lead would over a few weeks: set the staging folder by browsing Drive; stage two work batches
 * with a grouped preview; deliver them to a folder someone shared with the user, found under
 * "Shared with me"; stage a third with an override and deliver it into a shared drive; list the
 * batches; retry a staging failure once its file is back; resume a delivery whose execution died;
 * change a status by hand with a reason; clean up old failures; read the report. What changes in
 * the world outside the add-on (a file restored in Drive, an execution dying, weeks passing) is
 * done to the emulator; everything the add-on does is asked for from its pages. Needs a build.
 */
import type { Page } from 'playwright-core';
import { Playground } from '../../emulator/playground/server';
import { useBrowserFixture } from './fixture';
import {
  FOLDER_MIME,
  callOk,
  driveTree,
  folderByName,
  loseJobs,
  sheetRows,
  tasksIn,
} from './export-helpers';
import { browseDown, browseTab, chooseTool, overflowing, sidebar, sidebarShot } from './sidebar';

const DAY_MS = 24 * 60 * 60 * 1000;
const PENDING_WARNING =
  'Tasks that have not been reviewed yet will be staged. Make sure someone checks them before delivery.';

const fx = useBrowserFixture({ name: 'plan-walk', fastClock: true, sliceMs: '1000' });
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

async function noOverflow(): Promise<void> {
  expect(await overflowing(page)).toEqual([]);
}

/** Staging from the wizard: the work batches ticked, the preview read, the ready tasks staged. */
async function stage(
  workBatches: readonly string[],
  options: { pending?: boolean } = {},
): Promise<{ batchId: string; ready: number }> {
  const bar = sidebar(page);
  await chooseTool(page, 'Stage tasks for export');
  await bar.getByRole('heading', { name: 'Choose tasks' }).waitFor();
  await bar.getByText('Work batch:', { exact: true }).click();
  for (const b of workBatches) {
    await bar.getByRole('group', { name: 'Work batch' }).getByLabel(b).check();
  }
  if (options.pending) {
    await bar.getByLabel('Include tasks not reviewed yet').check();
    await bar.getByRole('note').getByText(PENDING_WARNING, { exact: true }).waitFor();
  }
  await bar.getByRole('button', { name: 'Preview' }).click();
  await bar.getByRole('heading', { name: 'Check the selection' }).waitFor();
  const ready = await bar.locator('table.tasks tbody tr').count();
  expect(ready).toBeGreaterThan(0);
  await bar.getByRole('heading', { name: `Ready to stage (${ready})` }).waitFor();
  const destination = (await bar.locator('.destination').textContent())!;
  await bar.getByRole('button', { name: `Stage ${ready} ready tasks` }).click();
  await bar.getByRole('heading', { name: 'Staging complete' }).waitFor();
  const batchId = /_([^_]+)$/.exec(destination)![1];
  // The folder the preview named is the one made.
  expect(
    playground.session.ws.drive
      .children(folderByName(playground, 'Exports Staging'))
      .map((f) => f.name),
  ).toContain(destination.replace(/^Exports Staging › /, ''));
  return { batchId, ready };
}

/** From the staging wizard's last step: review, the client folder browsed to, the delivery. */
async function deliverFromStaging(
  batchId: string,
  tab: string,
  path: readonly string[],
  shownPath: string,
): Promise<number> {
  const bar = sidebar(page);
  await bar.getByRole('button', { name: 'Continue to delivery' }).click();
  await bar.getByRole('heading', { name: 'Review the export' }).waitFor();
  await bar.getByText(`Export batch ${batchId}`, { exact: true }).waitFor();
  const toClient = bar.getByRole('list', { name: 'Task folders for the client' });
  const folders = await toClient.locator('li').count();
  await bar.getByRole('button', { name: 'Choose the client folder' }).click();
  await browseTab(bar, tab);
  await browseDown(bar, path);
  await bar.getByRole('button', { name: 'Choose this folder' }).click();
  await bar
    .getByRole('status')
    .getByRole('link', { name: path[path.length - 1] })
    .waitFor();
  await expect(bar.locator('.destination').textContent()).resolves.toBe(
    `${shownPath} › ${batchId}`,
  );
  await bar.getByRole('button', { name: `Deliver ${folders} tasks` }).click();
  await bar.getByRole('heading', { name: 'Delivery complete' }).waitFor();
  await bar.getByText('The delivery is confirmed', { exact: false }).waitFor();
  return folders;
}

/** The client folder's copy of a batch: exactly the batch's task folders, nothing internal. */
function expectDelivered(clientFolder: string, batchId: string): void {
  const { drive } = playground.session.ws;
  const delivery = drive.children(clientFolder).find((f) => f.name === batchId)!;
  expect(delivery).toBeDefined();
  const top = drive.children(delivery.id);
  expect(top.every((f) => f.mimeType === FOLDER_MIME)).toBe(true);
  const rows = sheetRows(playground);
  expect(top.map((f) => f.name).sort()).toEqual(
    tasksIn(playground, batchId, 'delivered')
      .map((id) => rows.get(id)!.folder)
      .sort(),
  );
  const staged = drive
    .children(folderByName(playground, 'Exports Staging'))
    .find((f) => f.name.endsWith(batchId))!;
  const stagedTree = driveTree(playground, staged.id);
  stagedTree.delete(`Export_${batchId}_Data`);
  expect([...driveTree(playground, delivery.id)].sort()).toEqual([...stagedTree].sort());
}

it('configure, stage, deliver to Shared with me and to a shared drive, list, retry, resume, change by hand, clean up, report', async () => {
  const bar = sidebar(page);
  const { ws } = playground.session;

  // 1. The staging folder, found by browsing My Drive.
  await chooseTool(page, 'Configure staging folder');
  await bar.getByText('No staging folder is set yet.', { exact: false }).waitFor();
  await browseTab(bar, 'My Drive');
  await browseDown(bar, ['My Drive', 'Exports Staging']);
  await bar.getByRole('button', { name: 'Choose this folder' }).click();
  await bar.getByRole('status').getByRole('link', { name: 'Exports Staging' }).waitFor();
  expect(ws.properties.script.get('STAGING_FOLDER_ID')).toBe(
    folderByName(playground, 'Exports Staging'),
  );
  await sidebarShot(page, 'walk-1-staging-folder');

  // 2. Two work batches staged: the preview groups the ready tasks and those that will fail.
  const first = await stage(['B-2026-10-A', 'B-2026-10-B']);
  const failedFirst = tasksIn(playground, first.batchId, 'staging_failed');
  expect(failedFirst.length).toBeGreaterThan(0);
  expect(tasksIn(playground, first.batchId, 'staged')).toHaveLength(first.ready);
  await sidebarShot(page, 'walk-2-staged');

  // 3. Delivered to a folder another person shared with the user, found under Shared with me.
  const umbrella = folderByName(playground, 'Umbrella');
  const sent = await deliverFromStaging(
    first.batchId,
    'Shared with me',
    ['Shared with me', 'Umbrella'],
    'Shared with me › Umbrella',
  );
  expect(sent).toBe(first.ready);
  expect(tasksIn(playground, first.batchId, 'delivered')).toHaveLength(first.ready);
  expectDelivered(umbrella, first.batchId);
  await sidebarShot(page, 'walk-3-delivered-shared-with-me');
  await noOverflow();

  // 4. A third work batch, with the override for tasks not reviewed yet, into a shared drive.
  const second = await stage(['B-2026-10-C'], { pending: true });
  const initech = folderByName(playground, 'Initech');
  await deliverFromStaging(
    second.batchId,
    'Shared drives',
    ['Shared drives', 'Client deliveries', 'Initech'],
    'Shared drives › Client deliveries › Initech',
  );
  expect(tasksIn(playground, second.batchId, 'delivered')).toHaveLength(second.ready);
  expectDelivered(initech, second.batchId);
  await sidebarShot(page, 'walk-4-delivered-shared-drive');
  await noOverflow();

  // 5. The batches: each with where it went.
  await chooseTool(page, 'Export batches');
  await bar.getByRole('heading', { name: 'Export batches' }).waitFor();
  await bar
    .getByRole('region', { name: `Export batch ${first.batchId}` })
    .getByRole('link', { name: 'Umbrella' })
    .waitFor();
  await bar
    .getByRole('region', { name: `Export batch ${second.batchId}` })
    .getByRole('link', { name: 'Initech' })
    .waitFor();
  await sidebarShot(page, 'walk-5-batches');
  await noOverflow();

  // 6. Retry: the trashed file of a failed task is restored in Drive, then staging is retried.
  const trashed = ws.drive.all().find((i) => i.trashed && /^TSK-\d{4}_/.test(i.name))!;
  const fixedTask = failedFirst.find((id) => trashed.name.startsWith(id.slice(0, 8)))!;
  expect(fixedTask).toBeDefined();
  ws.drive.untrash(trashed.id);
  await bar
    .getByRole('region', { name: `Export batch ${first.batchId}` })
    .getByRole('button', { name: 'Retry failed tasks' })
    .click();
  await page.locator('#sidebar-title', { hasText: 'Resume failed exports' }).waitFor();
  await bar
    .getByRole('region', { name: `${first.batchId}: Retry staging` })
    .getByRole('button', { name: `Retry staging of ${failedFirst.length} tasks` })
    .click();
  await bar
    .getByRole('status')
    .getByText(`1 task staged in export batch ${first.batchId}.`, { exact: true })
    .waitFor();
  expect(sheetRows(playground).get(fixedTask)!.status).toBe('staged');
  await sidebarShot(page, 'walk-6-retried');
  await noOverflow();

  // 7. Resume: the task staged again is sent to Umbrella, and that execution dies for good.
  callOk(playground, 'executeDeliveryWizard', first.batchId, umbrella);
  loseJobs(playground);
  expect(sheetRows(playground).get(fixedTask)!.status).toBe('delivering');
  await chooseTool(page, 'Resume failed exports');
  const resume = bar.getByRole('region', { name: `${first.batchId}: Resume delivery` });
  await resume.getByRole('button', { name: 'Resume delivery of 1 task' }).click();
  await bar
    .getByRole('status')
    .getByText(`1 task delivered in export batch ${first.batchId}.`, { exact: true })
    .waitFor();
  expect(sheetRows(playground).get(fixedTask)!.status).toBe('delivered');
  expectDelivered(umbrella, first.batchId);
  await sidebarShot(page, 'walk-7-resumed');
  await noOverflow();

  // 8. A status changed by hand, with the reason kept in the Export Log.
  const byHand = tasksIn(playground, first.batchId, 'staging_failed')[0];
  await chooseTool(page, 'Change a task’s status');
  await bar.getByLabel('Task ID').fill(byHand);
  await bar.getByRole('button', { name: 'Find task' }).click();
  const card = bar.getByRole('region', { name: `Task ${byHand}` });
  await card.getByText('Staging failed', { exact: true }).waitFor();
  await card.getByLabel('Reason (required)').fill('Source files replaced by the artist');
  await card.getByRole('button', { name: 'Change status' }).click();
  await bar
    .getByRole('status')
    .getByText('changed from “Staging failed” to “Not exported”', { exact: false })
    .waitFor();
  expect(sheetRows(playground).get(byHand)!.status).toBe('');
  const log = ws.sheets.values(playground.session.state().spreadsheet!.id, 'Export Log');
  expect(log[log.length - 1].map(String).join(' ')).toContain(
    'Manual change: Source files replaced by the artist',
  );
  await sidebarShot(page, 'walk-8-changed-by-hand');
  await noOverflow();

  // 9. A month on, the failures left are cleaned up: listed first, then reset.
  ws.advance(31 * DAY_MS);
  const old = [...sheetRows(playground).entries()]
    .filter(([, r]) => r.status === 'staging_failed')
    .map(([id]) => id);
  expect(old.length).toBeGreaterThan(0);
  await chooseTool(page, 'Clean up old failures');
  await bar.getByRole('button', { name: 'Show what would be reset' }).click();
  const preview = bar.getByRole('region', { name: 'What would be reset' });
  await preview.getByRole('list', { name: 'To reset: Staging failed' }).waitFor();
  for (const id of old) expect(sheetRows(playground).get(id)!.status).toBe('staging_failed');
  const noun = old.length === 1 ? 'task' : 'tasks';
  await preview.getByRole('button', { name: `Reset ${old.length} ${noun}` }).click();
  await bar.getByRole('region', { name: 'Done' }).waitFor();
  for (const id of old) expect(sheetRows(playground).get(id)!.status).toBe('');
  await sidebarShot(page, 'walk-9-cleaned-up');
  await noOverflow();

  // 10. The report agrees with the sheet.
  await chooseTool(page, 'Export status report');
  await bar.getByRole('heading', { name: 'Export status report' }).waitFor();
  const delivered = [...sheetRows(playground).values()].filter((r) => r.status === 'delivered');
  await expect(
    bar.locator('table.counts tr[data-status="delivered"] td.num').textContent(),
  ).resolves.toBe(String(delivered.length));
  await bar.getByText('No export is running.', { exact: true }).waitFor();
  await sidebarShot(page, 'walk-10-report');
  await noOverflow();
});
