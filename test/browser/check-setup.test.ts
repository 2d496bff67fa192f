/**
 * Check setup in Chromium against the playground: on the demo account every line is OK; with a
 * permission not granted and listings that lag, the page leads with the failure and says what to
 * do under each line. Screenshots for people to look at. Needs a build.
 */
import type { Page } from 'playwright-core';
import { Playground } from '../../emulator/playground/server';
import { useBrowserFixture } from './fixture';
import { chooseTool, closeSidebarBox, overflowing, sidebar, sidebarShot } from './sidebar';

const fx = useBrowserFixture({ name: 'check-setup', configured: true });
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

async function statuses(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const li of await sidebar(page).locator('li.setup-line').all()) {
    const id = (await li.getAttribute('data-check'))!;
    out[id] = (await li.locator('.tag').textContent())!.trim();
  }
  return out;
}

/** Opens Check setup and runs the check, as a person does. */
async function runCheck() {
  await chooseTool(page, 'Check setup');
  const bar = sidebar(page);
  await bar.getByRole('button', { name: 'Run the check' }).click();
  return bar;
}

describe('Check setup', () => {
  it('makes nothing in Drive until the person runs the check', async () => {
    const ws = playground.session.ws;
    const before = ws.drive.all().length;
    await chooseTool(page, 'Check setup');
    const bar = sidebar(page);
    await bar.getByRole('heading', { name: 'Check setup' }).waitFor();
    await bar.getByRole('button', { name: 'Run the check' }).waitFor();
    await bar.getByText('Nothing is made in your Drive until you run it.').waitFor();
    // Time for a check started by opening to have shown up, had there been one.
    await page.waitForTimeout(500);
    await expect(bar.locator('li.setup-line').count()).resolves.toBe(0);
    expect(ws.drive.all().length).toBe(before);
    await sidebarShot(page, 'check-setup-0-not-run');
    expect(await overflowing(page)).toEqual([]);
    await closeSidebarBox(page);
  });

  it('lists every check as OK on a healthy account', async () => {
    const bar = await runCheck();
    await bar.getByRole('heading', { name: 'Check setup' }).waitFor();
    await bar.getByText('Everything the exports need works on your account.').waitFor();
    const shown = await statuses();
    expect(Object.keys(shown)).toEqual([
      'scopes',
      'batch',
      'staging',
      'ids',
      'listing',
      'cleanup',
      'triggers',
      'properties',
      'quota',
    ]);
    expect(new Set(Object.values(shown))).toEqual(new Set(['OK']));
    await bar.getByRole('button', { name: 'Check again' }).waitFor();
    await sidebarShot(page, 'check-setup-1-ok');
    expect(await overflowing(page)).toEqual([]);
    await closeSidebarBox(page);
  });

  it('leads with a failure and says what to do under each line that is not OK', async () => {
    const ws = playground.session.ws;
    ws.grants.withhold(ws.owner, 'https://www.googleapis.com/auth/script.scriptapp');
    ws.drive.listingLagMs = 5_000;
    try {
      const bar = await runCheck();
      await bar.getByText('One check failed').waitFor();
      const shown = await statuses();
      expect(shown.scopes).toBe('Failed');
      expect(shown.listing).toBe('Warning');
      expect(shown.ids).toBe('OK');
      await bar.locator('li[data-check="scopes"]').getByText('What to do:').waitFor();
      await bar
        .locator('li[data-check="listing"]')
        .getByText(/took \d+ s to show/)
        .waitFor();
      await sidebarShot(page, 'check-setup-2-trouble');
      expect(await overflowing(page)).toEqual([]);
    } finally {
      ws.grants.grantAll(ws.owner);
      ws.drive.listingLagMs = 0;
    }
  });
});
