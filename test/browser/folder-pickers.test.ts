/**
 * The folder pickers in Chromium against the playground, as a new user first meets them: from the
 * staging wizard's "Set the staging folder" to the settings page and back; the wrong kind of link
 * named plainly; each answer shown in view next to what asked for it, and gone once the person
 * moves on. Needs a build.
 */
import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { Playground } from '../../emulator/playground/server';
import { SCREENSHOT_DIR } from './chromium';
import { useBrowserFixture } from './fixture';
import { stageThroughServer } from './export-helpers';
import { browseDown, chooseTool, overflowing, sidebar, sidebarShot } from './sidebar';

const fx = useBrowserFixture({ name: 'folder-pickers' });
let playground: Playground;
let page: Page;
beforeAll(async () => {
  ({ playground, page } = fx);
  // A short sidebar, as on a laptop: an answer below the fold is an answer not seen.
  await page.setViewportSize({ width: 1280, height: 600 });
});

const stagingSetting = () =>
  playground.session.ws.properties.script.get('STAGING_FOLDER_ID') ?? null;

/** Whether the person sees all of it: inside the sidebar and not under its pinned action bar. */
function seen(message: Locator): Promise<boolean> {
  return message.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const bar = document.querySelector('.action-bar')?.getBoundingClientRect();
    const bottom = bar ? Math.min(bar.top, window.innerHeight) : window.innerHeight;
    return box.top >= 0 && box.bottom <= bottom + 1;
  });
}

/** The sidebar as the person sees it (not stretched to its content as sidebarShot does). */
async function viewShot(page: Page, name: string): Promise<void> {
  await page
    .locator('#sidebar-frame')
    .screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

async function scrollToTop(bar: FrameLocator): Promise<void> {
  await bar.locator('body').evaluate(() => window.scrollTo(0, 0));
}

describe('the staging folder, from the staging wizard and back', () => {
  it('opens the settings page from the wizard, saying plainly that no folder is set', async () => {
    await chooseTool(page, 'Stage tasks for export');
    const bar = sidebar(page);
    await bar.getByRole('button', { name: 'Set the staging folder' }).click();
    await bar.getByRole('heading', { name: 'Staging folder' }).waitFor();
    await bar
      .getByText('No staging folder is set yet. Choose the folder below.', { exact: true })
      .waitFor();
    // It does not send the person to the page they are on.
    await expect(
      bar.getByText('Configure staging folder first', { exact: false }).count(),
    ).resolves.toBe(0);
    // Nothing to continue to until a folder is set.
    await expect(
      bar.getByRole('button', { name: 'Continue to staging' }).isDisabled(),
    ).resolves.toBe(true);
    await sidebarShot(page, 'folder-pickers-1-from-wizard');
  });

  it('names a spreadsheet link as one, and the error goes once the person types again', async () => {
    const bar = sidebar(page);
    const field = bar.getByLabel('Folder link or id');
    await field.fill('https://docs.google.com/spreadsheets/d/1abcDEFghiJKLmnoPQRstuVWXyz0123/edit');
    await bar.getByRole('button', { name: 'Use this folder' }).click();
    const alert = bar.getByRole('alert');
    await alert
      .getByText(
        'Could not save the staging folder. That is a link to a spreadsheet, not to a folder. Open the folder in Drive and copy its address, or browse to it.',
        { exact: true },
      )
      .waitFor();
    await expect(seen(alert)).resolves.toBe(true);
    await sidebarShot(page, 'folder-pickers-2-spreadsheet-link');
    await field.fill('hello world');
    await expect(alert.count()).resolves.toBe(0);
    await bar.getByRole('button', { name: 'Use this folder' }).click();
    await alert
      .getByText(
        'Could not save the staging folder. "hello world" is not a Drive folder link. Open the folder in Drive and copy its address, or browse to it.',
        { exact: true },
      )
      .waitFor();
    // Browsing is moving on: the old error does not stay while the person browses.
    await bar.getByRole('button', { name: 'Browse Drive' }).click();
    await bar.getByRole('list', { name: 'Folders in My Drive' }).waitFor();
    await expect(alert.count()).resolves.toBe(0);
    expect(stagingSetting()).toBeNull();
  });

  it('shows "Saved." where the folder was chosen, in view, and leads back to the wizard', async () => {
    const bar = sidebar(page);
    await browseDown(bar, ['My Drive', 'Exports Staging']);
    await bar.getByRole('button', { name: 'Choose this folder' }).click();
    const saved = bar.getByRole('status').filter({ hasText: 'Saved.' });
    await saved.getByRole('link', { name: 'Exports Staging' }).waitFor();
    await expect(saved.textContent()).resolves.toBe(
      'Saved. Exports will be staged in Exports Staging.',
    );
    await expect(seen(saved)).resolves.toBe(true);
    await viewShot(page, 'folder-pickers-3-saved-in-view');
    expect(await overflowing(page)).toEqual([]);
    expect(stagingSetting()).not.toBeNull();

    await bar.getByRole('button', { name: 'Continue to staging' }).click();
    await bar.getByText('Staging folder:', { exact: false }).waitFor();
    await expect(page.locator('#sidebar-title').textContent()).resolves.toBe(
      'Stage tasks for export',
    );
    await bar.getByRole('link', { name: 'Exports Staging' }).waitFor();
    await sidebarShot(page, 'folder-pickers-4-back-in-wizard');
  });

  it('from the menu the page has no way to the wizard: only Close', async () => {
    await chooseTool(page, 'Configure staging folder');
    const bar = sidebar(page);
    await bar.getByText('Now:', { exact: false }).waitFor();
    await expect(bar.getByRole('button', { name: 'Continue to staging' }).count()).resolves.toBe(0);
    await bar.getByRole('button', { name: 'Close' }).waitFor();
  });
});

describe('the client folder picker of the delivery wizard', () => {
  it('shows the refusal of My Drive right by "Choose this folder", and drops it on switching tab', async () => {
    const batchId = stageThroughServer(playground, { batchIds: ['B-2026-10-A'] });
    await chooseTool(page, 'Deliver staged export');
    const bar = sidebar(page);
    await bar.getByRole('radio', { name: new RegExp(batchId) }).check();
    await bar.getByRole('button', { name: 'Review this export' }).click();
    await bar.getByRole('button', { name: 'Choose the client folder' }).click();
    await bar.getByRole('button', { name: 'Browse Drive' }).click();
    await bar.getByRole('list', { name: 'Folders in My Drive' }).waitFor();
    await scrollToTop(bar);
    await bar.getByRole('button', { name: 'Choose this folder' }).click();
    const alert = bar.getByRole('alert');
    await alert.getByText('"My Drive" is the top of your Drive', { exact: false }).waitFor();
    await expect(seen(alert)).resolves.toBe(true);
    await viewShot(page, 'folder-pickers-5-my-drive-refused-in-view');

    await bar.getByRole('tab', { name: 'Shared with me' }).click();
    await bar.getByRole('list', { name: 'Folders in Shared with me' }).waitFor();
    await expect(alert.count()).resolves.toBe(0);
    // The view-only folder is marked once, whatever its own name.
    await bar.getByRole('button', { name: 'Globex (view only)', exact: true }).waitFor();
    await sidebarShot(page, 'folder-pickers-6-shared-with-me');
  });

  it('names a missing folder in words, not by its id', async () => {
    const bar = sidebar(page);
    const id = '1NoSuchFolderXXXXXXXXXXXXXXXXXXXX';
    await bar.getByLabel('Folder link or id').fill(`https://drive.google.com/drive/folders/${id}`);
    await bar.getByRole('button', { name: 'Use this folder' }).click();
    const alert = bar.getByRole('alert');
    await alert
      .getByText('The client folder you chose does not exist or is not shared with you.', {
        exact: false,
      })
      .waitFor();
    await expect(alert.textContent()).resolves.not.toContain(id);
    await expect(seen(alert)).resolves.toBe(true);
    await sidebarShot(page, 'folder-pickers-7-client-missing');
    expect(await overflowing(page)).toEqual([]);
  });
});
