/**
 * The email choice on the Configure staging folder page, in Chromium against the playground: ticked
 * by default with the address the emails go to, saved for this person alone as soon as it is
 * unticked or ticked again, and the same after the page is opened again. Needs a build.
 */
import type { Page } from 'playwright-core';
import { Playground } from '../../emulator/playground/server';
import { useBrowserFixture } from './fixture';
import { chooseTool, overflowing, sidebar, sidebarShot } from './sidebar';

const fx = useBrowserFixture({ name: 'email-setting' });
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

const LABEL = 'Email me when an export I started finishes, pauses or needs attention';
const optedOut = () => {
  const ws = playground.session.ws;
  return ws.properties.user(ws.owner).get('exportEmailsOff') === 'true';
};

/** Waits, a little at a time, until the saved choice is `off`. */
async function savedAs(off: boolean): Promise<void> {
  for (let i = 0; i < 100 && optedOut() !== off; i++) await new Promise((r) => setTimeout(r, 50));
  expect(optedOut()).toBe(off);
}

describe('the email choice on the settings page', () => {
  it('is ticked by default and says where the emails go', async () => {
    await chooseTool(page, 'Configure staging folder');
    const bar = sidebar(page);
    const box = bar.getByRole('checkbox', { name: LABEL });
    await box.waitFor();
    await expect(box.isChecked()).resolves.toBe(true);
    const owner = playground.session.ws.owner;
    await bar
      .getByText(`Sent to ${owner}, only while the export’s page is closed.`, { exact: false })
      .waitFor();
    await sidebarShot(page, 'email-setting-1-on');
    expect(await overflowing(page)).toEqual([]);
  });

  it('unticked, is saved at once and stays so when the page is opened again', async () => {
    const bar = sidebar(page);
    const box = bar.getByRole('checkbox', { name: LABEL });
    await box.uncheck();
    await savedAs(true);
    await expect(box.isChecked()).resolves.toBe(false);
    // Said once the server has it, not before.
    await bar.getByRole('status').getByText('Saved: no more of these emails.').waitFor();
    await expect(bar.getByRole('alert').count()).resolves.toBe(0);
    await sidebarShot(page, 'email-setting-2-off');

    await chooseTool(page, 'Configure staging folder');
    const again = sidebar(page).getByRole('checkbox', { name: LABEL });
    await again.waitFor();
    await expect(again.isChecked()).resolves.toBe(false);
    await again.check();
    await savedAs(false);
    await sidebar(page)
      .getByRole('status')
      .getByText('Saved: you will get these emails.')
      .waitFor();
  });
});
