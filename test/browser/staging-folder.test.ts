/**
 * Configure staging folder in Chromium against the playground: a bad link and a folder without
 * write access get plain messages and keep what was typed; a pasted link is saved and confirmed
 * with the folder's name and link; Drive can be browsed, names shown as text. Needs a build.
 */
import type { Page } from 'playwright-core';
import { HOSTILE_MARKUP } from '../../emulator/demo';
import { Playground } from '../../emulator/playground/server';
import { useBrowserFixture } from './fixture';
import { browseDown, chooseTool, overflowing, sidebar, sidebarShot } from './sidebar';

const fx = useBrowserFixture({ name: 'staging-folder' });
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

const stagingSetting = () =>
  playground.session.ws.properties.script.get('STAGING_FOLDER_ID') ?? null;

const folderId = (name: string) =>
  playground.session.ws.drive.all().find((i) => i.name === name)!.id;

describe('Configure staging folder', () => {
  it('says no folder is set yet, refuses a bad link plainly and keeps what was typed', async () => {
    await chooseTool(page, 'Configure staging folder');
    const bar = sidebar(page);
    await bar.getByRole('heading', { name: 'Staging folder' }).waitFor();
    await bar.getByText('No staging folder is set yet.', { exact: false }).waitFor();
    await expect(page.locator('#sidebar-title').textContent()).resolves.toBe('Staging folder');
    await sidebarShot(page, 'staging-folder-1-not-set');

    const field = bar.getByLabel('Folder link or id');
    await field.fill('https://example.com/not-a-drive-folder');
    await bar.getByRole('button', { name: 'Use this folder' }).click();
    await bar
      .getByRole('alert')
      .getByText(
        'Could not save the staging folder. "https://example.com/not-a-drive-folder" is not a Drive folder link. Open the folder in Drive and copy its address, or browse to it.',
        { exact: true },
      )
      .waitFor();
    await expect(field.inputValue()).resolves.toBe('https://example.com/not-a-drive-folder');
    expect(stagingSetting()).toBeNull();
    await sidebarShot(page, 'staging-folder-2-bad-link');
    expect(await overflowing(page)).toEqual([]);
  });

  it('refuses a folder the user cannot add files to, naming it', async () => {
    const bar = sidebar(page);
    const viewOnly = folderId('Globex');
    await bar.getByLabel('Folder link or id').fill(viewOnly);
    await bar.getByRole('button', { name: 'Use this folder' }).click();
    await bar
      .getByRole('alert')
      .getByText('You cannot add files to the staging folder "Globex".', {
        exact: false,
      })
      .waitFor();
    expect(stagingSetting()).toBeNull();
  });

  it('saves a pasted folder link and confirms with the folder name and its link', async () => {
    const bar = sidebar(page);
    const staging = folderId('Exports Staging');
    await bar
      .getByLabel('Folder link or id')
      .fill(`https://drive.google.com/drive/folders/${staging}?usp=sharing`);
    await bar.getByRole('button', { name: 'Use this folder' }).click();
    const link = bar.getByRole('status').getByRole('link', { name: 'Exports Staging' });
    await link.waitFor();
    await expect(link.getAttribute('href')).resolves.toBe(
      `https://drive.google.com/drive/folders/${staging}`,
    );
    await expect(bar.getByRole('alert').count()).resolves.toBe(0);
    expect(stagingSetting()).toBe(staging);
    await sidebarShot(page, 'staging-folder-3-saved');
    expect(await overflowing(page)).toEqual([]);
  });

  it('browses Drive folder by folder, shows names as text, and chooses a folder', async () => {
    await chooseTool(page, 'Configure staging folder');
    const bar = sidebar(page);
    await bar.getByText('Now:', { exact: false }).waitFor();
    await bar.getByRole('button', { name: 'Browse Drive' }).click();
    const list = bar.getByRole('list', { name: 'Folders in My Drive' });
    // allTextContents does not wait: the folders are listed once the page has them.
    await list.getByRole('button', { name: 'Production' }).waitFor();
    await expect(list.getByRole('button').allTextContents()).resolves.toEqual([
      'Clients',
      'Exports Staging',
      'Production',
    ]);
    await list.getByRole('button', { name: 'Production' }).click();
    await bar.getByRole('list', { name: 'Folders in Production' }).waitFor();
    const batch = playground.session.ws.drive
      .all()
      .find((i) => i.name.endsWith(HOSTILE_MARKUP) || i.name.includes(HOSTILE_MARKUP))!;
    const batchName = playground.session.ws.drive.get(batch.parentId!)!.name;
    await bar.getByRole('button', { name: batchName, exact: true }).click();
    const inBatch = bar.getByRole('list', { name: `Folders in ${batchName}` });
    await inBatch.getByText(HOSTILE_MARKUP, { exact: false }).waitFor();
    await expect(bar.locator('#app img, #app script').count()).resolves.toBe(0);
    await sidebarShot(page, 'staging-folder-4-browse-hostile');
    expect(await overflowing(page)).toEqual([]);

    // Back up the path, into Exports Staging, and choose it.
    await bar
      .getByRole('navigation', { name: 'Folder path' })
      .getByRole('button', { name: 'My Drive' })
      .click();
    await browseDown(bar, ['My Drive', 'Clients', 'Acme Corp']);
    await bar.getByRole('button', { name: 'Choose this folder' }).click();
    await bar.getByRole('status').getByRole('link', { name: 'Acme Corp' }).waitFor();
    expect(stagingSetting()).toBe(folderId('Acme Corp'));
  });
});
