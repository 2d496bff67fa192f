/**
 * The delivery wizard's client folder chooser in Chromium against the playground: browsing
 * "Shared with me" and "Shared drives" to a client folder, its full path and who can see it
 * shown before delivering, and My Drive itself and the production folder refused with a plain
 * reason while the wizard stays usable. Needs a build.
 */
import type { Page } from 'playwright-core';
import { Playground } from '../../emulator/playground/server';
import { useBrowserFixture } from './fixture';
import { stageThroughServer } from './export-helpers';
import { browseDown, browseTab, chooseTool, overflowing, sidebar, sidebarShot } from './sidebar';

let batchId = '';
const fx = useBrowserFixture({
  name: 'client-folder-chooser',
  configured: true,
  setup: (pg) => {
    batchId = stageThroughServer(pg, { batchIds: ['B-2026-10-A'] });
  },
});
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

describe('choosing the client folder', () => {
  it('reaches the destination step of a staged export', async () => {
    await chooseTool(page, 'Deliver staged export');
    const bar = sidebar(page);
    await bar.getByRole('radio', { name: new RegExp(batchId) }).check();
    await bar.getByRole('button', { name: 'Review this export' }).click();
    await bar.getByRole('button', { name: 'Choose the client folder' }).click();
    await bar.getByRole('heading', { name: 'Choose the client folder' }).waitFor();
  });

  it('browses Shared with me to a folder someone shared, and shows its path and who can see it', async () => {
    const bar = sidebar(page);
    await browseTab(bar, 'Shared with me');
    const list = bar.getByRole('list', { name: 'Folders in Shared with me' });
    await list.getByRole('button', { name: 'Umbrella' }).waitFor();
    await list.getByRole('button', { name: 'Globex (view only)' }).waitFor();
    // "Shared with me" is not a folder: nothing to choose until a folder is opened.
    await expect(bar.getByRole('button', { name: 'Choose this folder' }).count()).resolves.toBe(0);
    await sidebarShot(page, 'client-folder-1-shared-with-me');
    await browseDown(bar, ['Shared with me', 'Umbrella']);
    await bar.getByRole('button', { name: 'Choose this folder' }).click();
    await bar.getByRole('status').getByRole('link', { name: 'Umbrella' }).waitFor();
    await expect(bar.locator('.destination').textContent()).resolves.toBe(
      `Shared with me › Umbrella › ${batchId}`,
    );
    const other = playground.session.ws.drive.get(
      playground.session.ws.drive.all().find((i) => i.name === 'Umbrella')!.id,
    )!.owner;
    await bar.getByText(`Who can see it: Owned by ${other}, shared with 1 person`).waitFor();
    await sidebarShot(page, 'client-folder-2-shared-with-me-chosen');
    expect(await overflowing(page)).toEqual([]);
  });

  it('browses Shared drives to a folder in a shared drive, shown with the drive in its path', async () => {
    const bar = sidebar(page);
    await browseTab(bar, 'Shared drives');
    await bar
      .getByRole('list', { name: 'Folders in Shared drives' })
      .getByRole('button', { name: 'Client deliveries' })
      .waitFor();
    await sidebarShot(page, 'client-folder-3-shared-drives');
    await browseDown(bar, ['Shared drives', 'Client deliveries', 'Initech']);
    await bar.locator('.crumbs').getByText('Initech').waitFor();
    await bar.getByRole('button', { name: 'Choose this folder' }).click();
    await bar.getByRole('status').getByRole('link', { name: 'Initech' }).waitFor();
    await expect(bar.locator('.destination').textContent()).resolves.toBe(
      `Shared drives › Client deliveries › Initech › ${batchId}`,
    );
    await bar.getByText('Who can see it: Members of Client deliveries').waitFor();
    await expect(
      bar.getByRole('button', { name: /^Deliver \d+ tasks?$/ }).isEnabled(),
    ).resolves.toBe(true);
    await sidebarShot(page, 'client-folder-4-shared-drive-chosen');
    expect(await overflowing(page)).toEqual([]);
  });

  it('refuses My Drive itself and the production folder, saying why', async () => {
    const bar = sidebar(page);
    await browseTab(bar, 'My Drive');
    await bar.getByRole('list', { name: 'Folders in My Drive' }).waitFor();
    await bar.getByRole('button', { name: 'Choose this folder' }).click();
    await bar
      .getByRole('alert')
      .getByText('"My Drive" is the top of your Drive, where everything of yours is', {
        exact: false,
      })
      .waitFor();
    await sidebarShot(page, 'client-folder-5-my-drive-refused');
    expect(await overflowing(page)).toEqual([]);
    await browseDown(bar, ['My Drive', 'Production']);
    await bar.getByRole('button', { name: 'Choose this folder' }).click();
    await bar
      .getByRole('alert')
      .getByText(`"Production" holds the tasks' source files`, { exact: false })
      .waitFor();
    await sidebarShot(page, 'client-folder-6-production-refused');
    // The folder chosen before is kept, and nothing was made in the refused folders.
    await bar.getByRole('button', { name: 'Keep “Initech”' }).waitFor();
    const drive = playground.session.ws.drive;
    const production = drive.all().find((i) => i.name === 'Production')!;
    expect(drive.children(production.id).some((c) => c.name === batchId)).toBe(false);
  });
});
