/**
 * The playground in Chromium: the start-here panel, the menu onOpen builds, the demo sheet with
 * its export columns next to Task ID and changed cells highlighted, the Help sidebar fed through
 * the google.script.run bridge, and Drive links opening in the playground's own Drive panel.
 * Needs `npm run build` first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page, Route } from 'playwright-core';
import { HOSTILE_MARKUP } from '../../emulator/demo';
import { parseCommandLine } from '../../emulator/playground/command-line';
import { Playground, startOptions, startPlayground } from '../../emulator/playground/server';
import type { JobProgress, StagingPreview, StagingStart } from '../../src/shared/rpc';
import { screenshot } from './chromium';
import { folderByName } from './export-helpers';
import { useBrowserFixture } from './fixture';
import { chooseTool, sidebar } from './sidebar';

/** google.script.run as these tests call it inside the page: any function, any arguments. */
type LooseRun = { [fn: string]: (...args: unknown[]) => LooseRun };
interface PageGoogle {
  script: { run: LooseRun };
}

const TOOLS = [
  'Configure staging folder',
  'Stage tasks for export',
  'Deliver staged export',
  'Export status report',
  'Resume failed exports',
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
  startHere: true,
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
    await help.getByText('Configure staging folder', { exact: true }).waitFor();
    const box = await page.locator('#sidebar-frame').boundingBox();
    expect(box?.width).toBe(300);
    await screenshot(page, 'playground-help-sidebar');
    // The page's own Close button calls google.script.host.close().
    await help.getByRole('button', { name: 'Close' }).click();
    await page.locator('#sidebar').waitFor({ state: 'hidden' });
    expect(playground.session.state().sidebar).toBeNull();
  });

  it('opens the Export status report from the menu as a sidebar', async () => {
    await openTools();
    await page.getByRole('menuitem', { name: 'Export status report' }).click();
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
    await drive.getByText('Globex/', { exact: true }).waitFor();
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

describe('playground for a newcomer', () => {
  it('opens with a start-here panel the first time, which can be dismissed and reopened', async () => {
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    const panel = page.getByRole('region', { name: 'Start here' });
    await panel.waitFor();
    await expect(panel.locator('li').allTextContents()).resolves.toEqual([
      expect.stringContaining('Production Tracker › Tools › Stage tasks for export'),
      expect.stringContaining('Drive panel'),
      expect.stringContaining('Production Tracker › Tools › Deliver staged export'),
    ]);
    await screenshot(page, 'playground-start-here');
    await panel.getByRole('button', { name: 'Got it' }).click();
    await panel.waitFor({ state: 'hidden' });
    // Dismissed stays dismissed on this browser.
    await page.reload();
    await page.locator('#grid thead th').first().waitFor();
    await expect(panel.isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Start here' }).click();
    await panel.waitFor();
    await page.reload();
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Got it' }).click();
  });

  it('shows the export columns next to Task ID and highlights cells a refresh changed', async () => {
    const headers = () => page.locator('#grid thead th').allTextContents();
    await page.getByRole('columnheader', { name: 'Export Status', exact: true }).waitFor();
    expect((await headers()).slice(0, 5)).toEqual([
      '',
      'Task ID',
      'Export Status',
      'Staged Count',
      'Batch ID',
    ]);
    const { ws } = playground.session;
    const sheetId = ws.sheets.activeId!;
    const [header] = ws.sheets.values(sheetId, 'Tasks');
    // The sheet itself keeps its order: the add-on finds its columns by header.
    expect(header.slice(-2)).toEqual(['Export Status', 'Staged Count']);
    const status = header.indexOf('Export Status') + 1;
    ws.sheets.setValues(sheetId, 'Tasks', [['staged', 8]], 3, status);
    const changed = page.locator('#grid td.changed');
    await changed.first().waitFor();
    await expect(changed.allTextContents()).resolves.toEqual(['staged', '8']);
    await expect(
      page.locator('#grid tbody tr').nth(1).locator('td').allTextContents(),
    ).resolves.toEqual(expect.arrayContaining(['staged', '8']));
    const row = await page.locator('#grid tbody tr').nth(1).locator('td').allTextContents();
    expect(row.slice(1, 4)).toEqual([taskIds()[1], 'staged', '8']);
    await screenshot(page, 'playground-export-columns');
    // The highlight goes after a few seconds.
    await page.waitForFunction(() => !document.querySelector('#grid td.changed'), undefined, {
      timeout: 8000,
    });
    // The sheet's own order, on request; the label says where the columns are in the sheet.
    const toggle = page.locator('#export-first');
    await expect(page.locator('#export-first-label').textContent()).resolves.toBe(
      'Show Export Status and Staged Count next to Task ID (in the sheet: columns U and V)',
    );
    await toggle.uncheck();
    expect((await headers()).slice(-2)).toEqual(['Export Status', 'Staged Count']);
    await toggle.check();
    expect((await headers())[2]).toBe('Export Status');
  });

  it("opens Drive links of a page in the playground's own Drive panel, each link copyable", async () => {
    const staging = folderByName(playground, 'Exports Staging');
    playground.session.ws.properties.script.set('STAGING_FOLDER_ID', staging);
    const opened: string[] = [];
    const onPage = (p: Page) => opened.push(p.url());
    page.context().on('page', onPage);
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: playground.url });
    await chooseTool(page, 'Configure staging folder');
    const link = sidebar(page).getByRole('link', { name: 'Exports Staging' });
    await expect(link.getAttribute('href')).resolves.toBe(
      `https://drive.google.com/drive/folders/${staging}`,
    );
    await link.click();
    const focus = page.locator('#drive-focus');
    await focus.getByText('Opened from a link').waitFor();
    await focus.getByText('In My Drive', { exact: true }).waitFor();
    await focus.getByText('Exports Staging/', { exact: true }).waitFor();
    await focus
      .getByText(`https://drive.google.com/drive/folders/${staging}`, { exact: true })
      .waitFor();
    // The folder opens on what it holds.
    await focus.getByText('Not a client folder/', { exact: true }).waitFor();
    await focus.getByRole('button', { name: 'Copy link' }).first().click();
    await focus.getByRole('button', { name: 'Copied' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
      `https://drive.google.com/drive/folders/${staging}`,
    );
    await screenshot(page, 'playground-drive-link');

    // window.open on a Sheets link, and a link to nothing the owner can see.
    const frame = page.frames().find((f) => new URL(f.url()).pathname === '/sidebar')!;
    const sheetId = playground.session.ws.sheets.activeId!;
    await frame.evaluate((id) => {
      window.open(`https://docs.google.com/spreadsheets/d/${id}/edit`, '_blank');
    }, sheetId);
    await focus.getByText('Production Tracker', { exact: true }).waitFor();
    await frame.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'https://drive.google.com/file/d/0000000000000000000000000/view';
      a.target = '_blank';
      a.textContent = 'gone';
      document.body.append(a);
      a.click();
    });
    await focus.getByText(/points at nothing the owner can see/).waitFor();
    await screenshot(page, 'playground-drive-link-missing');
    expect(opened).toEqual([]);
    page.context().off('page', onPage);
    playground.session.ws.properties.script.delete('STAGING_FOLDER_ID');
  });
});

describe('npm start as a newcomer first sees it', () => {
  it('takes several real seconds to stage the default demo, in steps', async () => {
    const parsed = parseCommandLine([]);
    if (parsed.help) throw new Error('unreachable');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playground-start-'));
    const pg = await startPlayground({
      ...startOptions(parsed.options, dir),
      port: 0,
      reset: true,
    });
    try {
      pg.session.ws.properties.script.set('STAGING_FOLDER_ID', folderByName(pg, 'Exports Staging'));
      // As the wizard calls the server: through the page's endpoint, answers paced.
      const run = async <T>(fn: string, ...args: unknown[]): Promise<T> => {
        const response = await fetch(new URL('/api/run', pg.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ fn, args }),
        });
        const reply = (await response.json()) as { ok: boolean; value: T; error?: string };
        if (!reply.ok) throw new Error(`${fn}: ${reply.error}`);
        return reply.value;
      };
      const preview = await run<StagingPreview>('getTasksForStaging', {});
      const taskIds = preview.selection.tasks.map((t) => t.taskId);
      const t0 = Date.now();
      const started = await run<StagingStart>('executeStagingWizard', { filters: {}, taskIds });
      const steps: number[] = [];
      let progress: JobProgress;
      do {
        progress = await run<JobProgress>('continueJob', started.jobId);
        steps.push(progress.done);
      } while (!progress.finished);
      const seconds = (Date.now() - t0) / 1000;
      expect(progress.done).toBe(taskIds.length);
      expect(seconds).toBeGreaterThanOrEqual(8);
      expect(seconds).toBeLessThan(20);
      expect(steps.length).toBeGreaterThanOrEqual(4);
    } finally {
      await pg.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Polls `ready`: released requests and the calls queued behind them arrive asynchronously. */
async function waitUntil(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ready(); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(ready()).toBe(true);
}
