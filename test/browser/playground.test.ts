/**
 * The playground in Chromium: the menu onOpen builds, the demo sheet, the Help sidebar fed through
 * the google.script.run bridge, and a not-yet-built item's message. Needs `npm run build` first.
 */
import type { Frame, Page, Route } from 'playwright-core';
import { HOSTILE_MARKUP } from '../../emulator/demo';
import { Playground } from '../../emulator/playground/server';
import { screenshot } from './chromium';
import { useBrowserFixture } from './fixture';

/** google.script.run as these tests call it inside the page: any function, any arguments. */
type LooseRun = { [fn: string]: (...args: unknown[]) => LooseRun };
interface PageGoogle {
  script: { run: LooseRun };
}

const TOOLS = [
  'Configure Staging Folder',
  'Stage Tasks for Export',
  'Deliver Staged Export',
  'Export Status Report',
  'Resume Failed Exports',
  'Export batches',
  'Change a task’s status',
  'Clean up old failures',
  'Check setup',
];

const fx = useBrowserFixture({
  name: 'playground',
  liveBuild: true,
  viewportWidth: 1400,
  blank: true,
});
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

beforeEach(async () => {
  await page.goto(playground.url);
});

async function openTools(): Promise<void> {
  await page.getByRole('button', { name: 'Production Tracker' }).click();
  await page.getByRole('menuitem', { name: 'Tools' }).click();
}

async function openHelp(): Promise<Frame> {
  await page.getByRole('button', { name: 'Production Tracker' }).click();
  await page.getByRole('menuitem', { name: 'How exports work' }).click();
  const heading = page.frameLocator('#sidebar-frame').getByRole('heading', { name: '1. Staging' });
  await heading.waitFor();
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/sidebar');
  if (!frame) throw new Error('no sidebar frame');
  return frame;
}

function taskIds(): string[] {
  const sheet = playground.session.state().spreadsheet!.sheets[0];
  const column = sheet.rows[0].indexOf('Task ID');
  return sheet.rows.slice(1).map((row) => row[column]);
}

describe('playground page', () => {
  it('shows the menu onOpen built, with the Tools sub-menu', async () => {
    await openTools();
    const tools = page.getByRole('menu', { name: 'Tools' });
    await expect(tools.getByRole('menuitem').allTextContents()).resolves.toEqual(TOOLS);
    await expect(
      page.getByRole('menuitem', { name: 'How exports work' }).isVisible(),
    ).resolves.toBe(true);
    await screenshot(page, 'playground-menu');
  });

  it('shows the tracking sheet with the demo tasks, every value as text', async () => {
    const ids = taskIds();
    expect(ids.length).toBeGreaterThan(3);
    await page.getByRole('columnheader', { name: 'Task ID', exact: true }).waitFor();
    for (const id of ids.filter((t) => !t.includes('<')).slice(0, 5)) {
      await page.getByRole('cell', { name: id, exact: true }).first().waitFor();
    }
    // The task whose id carries markup shows the markup as characters.
    const hostileId = ids.find((id) => id.endsWith(HOSTILE_MARKUP))!;
    expect(hostileId).toBeDefined();
    const cells = await page.locator('#grid td').allTextContents();
    expect(cells).toContain(hostileId);
    await expect(page.locator('#grid img, #grid script').count()).resolves.toBe(0);
    await screenshot(page, 'playground-sheet');
  });

  it('opens the Help sidebar, whose content comes through google.script.run', async () => {
    await openHelp();
    await expect(page.locator('#sidebar-title').textContent()).resolves.toBe('How exports work');
    const help = page.frameLocator('#sidebar-frame');
    await help.getByRole('heading', { name: '2. Delivery' }).waitFor();
    await help.getByText('Configure Staging Folder', { exact: true }).waitFor();
    const box = await page.locator('#sidebar-frame').boundingBox();
    expect(box?.width).toBe(300);
    await screenshot(page, 'playground-help-sidebar');
    // The page's own Close button calls google.script.host.close().
    await help.getByRole('button', { name: 'Close' }).click();
    await page.locator('#sidebar').waitFor({ state: 'hidden' });
    expect(playground.session.state().sidebar).toBeNull();
  });

  it('opens the Export Status Report from the menu as a sidebar', async () => {
    await openTools();
    await page.getByRole('menuitem', { name: 'Export Status Report' }).click();
    await page.locator('#sidebar').waitFor();
    await expect(page.locator('#sidebar-title').textContent()).resolves.toBe(
      'Export status report',
    );
    const report = page.frameLocator('#sidebar-frame');
    await report.getByRole('heading', { name: 'Tasks by export status' }).waitFor();
    await screenshot(page, 'playground-report-sidebar');
    const last = playground.session
      .state()
      .executions.find((x) => x.fn === 'showExportStatusReport');
    expect(last).toMatchObject({ fn: 'showExportStatusReport', outcome: 'ok' });
  });

  it("browses the owner's Drive, names shown as text", async () => {
    await page.getByText("Drive (owner's My Drive, read only)").click();
    const drive = page.locator('#drive');
    await drive.getByText('Production/', { exact: true }).click();
    await drive.getByText('B-2026-10-C/', { exact: true }).click();
    const hostile = drive.locator('summary').filter({ hasText: HOSTILE_MARKUP });
    await hostile.first().waitFor();
    await expect(drive.locator('img, script').count()).resolves.toBe(0);
    await drive.getByText('Production Tracker', { exact: true }).waitFor();
    // What others shared with the owner: the client folder shared as viewer.
    await drive.getByText('Shared with me/', { exact: true }).click();
    await drive.getByText('Globex (view only)/', { exact: true }).waitFor();
    // The owner's shared drives, each a folder to open.
    await drive.getByText('Shared drives/', { exact: true }).click();
    await drive.getByText('Client deliveries/', { exact: true }).click();
    await drive.getByText('Initech/', { exact: true }).waitFor();
    await page.getByText('Triggers and executions').click();
    await page.locator('#executions li').first().waitFor();
    await expect(page.locator('#executions').textContent()).resolves.toContain('onOpen');
    await screenshot(page, 'playground-panels');
  });

  it('lets a page make 10 google.script.run calls at once and queues the rest', async () => {
    const frame = await openHelp();
    const held: Route[] = [];
    let release = false;
    await page.route('**/api/run', (route) => {
      held.push(route);
      if (release) void route.continue();
    });
    await frame.evaluate(() => {
      const w = window as unknown as { done: number[]; google: PageGoogle };
      w.done = [];
      for (let i = 0; i < 15; i++) {
        w.google.script.run
          .withSuccessHandler((_value: unknown, user: number) => w.done.push(user))
          .withUserObject(i)
          .getHelpInfo();
      }
    });
    await waitUntil(() => held.length === 10);
    await page.waitForTimeout(300);
    expect(held).toHaveLength(10);
    await held[0].continue();
    await waitUntil(() => held.length === 11);
    await page.waitForTimeout(300);
    expect(held).toHaveLength(11);
    const pending = held.slice(1);
    release = true;
    for (const route of pending) await route.continue();
    await waitUntil(() => held.length === 15);
    const done = await frame.waitForFunction(() => {
      const d = (window as unknown as { done: number[] }).done;
      return d.length === 15 && d;
    });
    expect(((await done.jsonValue()) as number[]).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 15 }, (_, i) => i),
    );
    await page.unroute('**/api/run');
  });

  it('gives a failure handler an Error with the server message, and refuses illegal values', async () => {
    const frame = await openHelp();
    playground.session.ws.faults.add({
      kind: 'error',
      nth: 1,
      match: (c) => c.service === 'PropertiesService',
    });
    const failure = await frame.evaluate(
      () =>
        new Promise((resolve) => {
          (window as unknown as { google: PageGoogle }).google.script.run
            .withSuccessHandler(() => resolve(null))
            .withFailureHandler((e: Error, user: string) =>
              resolve({ isError: e instanceof Error, message: e.message, user }),
            )
            .withUserObject('tag')
            .getHelpInfo();
        }),
    );
    const serverError = playground.session.ws.runtime.executions.at(-1)!.error;
    expect(serverError).toBeTruthy();
    expect(failure).toEqual({ isError: true, message: serverError, user: 'tag' });
    const refused = await frame.evaluate(() => {
      const run = (window as unknown as { google: PageGoogle }).google.script.run;
      const thrown = (f: () => void) => {
        try {
          f();
          return null;
        } catch (e) {
          return (e as Error).message;
        }
      };
      return {
        date: thrown(() => run.getHelpInfo(new Date())),
        nested: thrown(() => run.getHelpInfo({ when: [() => 1] })),
        unknown: typeof run.noSuchFunction,
        known: typeof run.getHelpInfo,
      };
    });
    expect(refused.date).toMatch(/illegal value/);
    expect(refused.nested).toMatch(/illegal value/);
    expect(refused).toMatchObject({ unknown: 'undefined', known: 'function' });
  });
});

/** Polls `ready`: released requests and the calls queued behind them arrive asynchronously. */
async function waitUntil(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ready(); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(ready()).toBe(true);
}
