/**
 * The help sidebar in Chromium: beside the menu, what each export status means (in the words the
 * other pages show), the file rules most staging failures break, and where to go when something
 * fails, within 300 px. Needs a build.
 */
import type { Page } from 'playwright-core';
import { Playground } from '../../emulator/playground/server';
import { statusWords } from '../../src/shared/format';
import { useBrowserFixture } from './fixture';
import { overflowing, sidebar, sidebarShot } from './sidebar';

const fx = useBrowserFixture({ name: 'help', configured: true });
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

describe('How exports work', () => {
  it('explains the statuses, the file rules and what to do when something fails', async () => {
    void playground;
    await page.getByRole('button', { name: 'Production Tracker' }).click();
    await page.getByRole('menuitem', { name: 'How exports work' }).click();
    const bar = sidebar(page);
    await bar.getByRole('heading', { name: 'Export statuses' }).waitFor();

    const shown = await bar.getByLabel('Export statuses').locator('dt').allTextContents();
    expect(shown).toEqual(
      [
        'not exported',
        'staging',
        'staged',
        'delivering',
        'delivered',
        'staging_failed',
        'delivery_failed',
      ].map(statusWords),
    );
    // Words, never the sheet's codes, which are told beside them to read the sheet with.
    for (const word of shown) expect(word).not.toMatch(/_/);
    await bar
      .getByLabel('Export statuses')
      .getByText('In the sheet: “staging_failed”.', { exact: true })
      .waitFor();

    const rules = await bar.getByLabel('File rules').locator('li').allTextContents();
    expect(rules).toEqual([
      expect.stringContaining('Folder Name'),
      expect.stringMatching(/\.obj.*\.jpg that is not a base image.*\.mp4/),
      expect.stringContaining('at least 6 usable files'),
      expect.stringMatching(/Google Drive link to one file .*shared with you/),
    ]);

    const fails = bar.getByLabel('When something fails');
    await expect(fails.locator('dt').allTextContents()).resolves.toEqual([
      'Staging failed',
      'Delivery failed',
      'Stuck at “Being staged” or “Being delivered”',
      'Not sure your account allows exports',
    ]);
    await fails.getByText('Open Resume failed exports and resume it.').waitFor();
    await fails.getByText('Open Check setup and run the check.').waitFor();

    await sidebarShot(page, 'help-1-sections');
    expect(await overflowing(page)).toEqual([]);
  });
});
