/**
 * What every browser test sets up the same way: a playground on hostile demo data in a temporary
 * folder, serving a copy of the build; Chromium with one page on it; and, after each test, the
 * check that nothing from the sheet or Drive ran as markup (no dialog) and the page code did not
 * fail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Playground, startPlayground } from '../../emulator/playground/server';
import { launchChromium } from './chromium';
import { folderByName, settledCopyOfBuild } from './export-helpers';

export interface BrowserFixtureOptions {
  /** Names the temporary folder. */
  name: string;
  /** Serve the pages as built in dist/ (the playground's own default) instead of a copy. */
  liveBuild?: boolean;
  /** 15 simulated seconds per 50 ms tick: a continuation trigger fires every quarter second. */
  fastClock?: boolean;
  viewportWidth?: number;
  /** The demo's "Exports Staging" folder is set as the staging folder, as its page would set it. */
  configured?: boolean;
  /** Sets the scene through the server, before the slice budget is set and the page opens. */
  setup?(playground: Playground): void;
  /** Budget of trigger and sidebar slices, in ms: small, so that a job takes slices to watch. */
  sliceMs?: string;
  /** Leave the page blank at the start (the test opens the playground itself). */
  blank?: boolean;
  /**
   * Show the start-here panel a first visit shows. Off by default: a test of a wizard looks at the
   * page as someone who has dismissed it.
   */
  startHere?: boolean;
}

export interface BrowserFixture {
  playground: Playground;
  browser: Browser;
  page: Page;
}

/** Registers the set-up and clean-up hooks; the fixture's fields are set once `beforeAll` ran. */
export function useBrowserFixture(options: BrowserFixtureOptions): BrowserFixture {
  const fx = {} as BrowserFixture;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  let dir = '';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.name}-browser-`));
    fx.playground = await startPlayground({
      port: 0,
      dir,
      distDir: options.liveBuild ? undefined : await settledCopyOfBuild(dir),
      reset: true,
      ...(options.fastClock ? { speed: 300, tickMs: 50 } : {}),
      demo: { hostile: true },
    });
    if (options.configured) {
      const staging = folderByName(fx.playground, 'Exports Staging');
      fx.playground.session.ws.properties.script.set('STAGING_FOLDER_ID', staging);
    }
    options.setup?.(fx.playground);
    if (options.sliceMs) {
      const props = fx.playground.session.ws.properties.script;
      props.set('EXPORT_SLICE_BUDGET_MS', options.sliceMs);
      props.set('EXPORT_SIDEBAR_SLICE_MS', options.sliceMs);
    }
    fx.browser = await launchChromium();
    fx.page = await fx.browser.newPage({
      viewport: { width: options.viewportWidth ?? 1280, height: 900 },
    });
    fx.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    fx.page.on('pageerror', (e) => pageErrors.push(e.message));
    if (!options.startHere) {
      // The key the playground page keeps the dismissal under (emulator/playground/page.ts).
      await fx.page.addInitScript(() =>
        window.localStorage.setItem('playground.startHere.dismissed', 'yes'),
      );
    }
    if (!options.blank) await fx.page.goto(fx.playground.url);
  });

  afterAll(async () => {
    await fx.browser?.close();
    await fx.playground?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await fx.page?.unrouteAll({ behavior: 'ignoreErrors' });
    // Nothing from the sheet or Drive ran as markup, and the page code did not fail.
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  return fx;
}
