/**
 * Working the playground's sidebar as a person does: the menu, the sidebar frame, screenshots of
 * the whole sidebar page, and a check that nothing sticks out of its 300 px.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './chromium';

const DIST = path.resolve(__dirname, '..', '..', 'dist');

/**
 * A copy of the built deployment in `dir`, for a playground to serve: a build started meanwhile
 * (another `npm run build`) cannot pull pages from under a running test.
 */
export function copyOfBuild(dir: string): string {
  const copy = path.join(dir, 'dist');
  fs.cpSync(DIST, copy, { recursive: true });
  return copy;
}

export async function chooseTool(page: Page, caption: string): Promise<void> {
  await page.getByRole('button', { name: 'Production Tracker' }).click();
  await page.getByRole('menuitem', { name: 'Tools' }).click();
  await page.getByRole('menuitem', { name: caption }).click();
}

export function sidebar(page: Page): FrameLocator {
  return page.frameLocator('#sidebar-frame');
}

/**
 * Opens folder after folder in the sidebar's folder browser, from the first of `path` (listed now)
 * down to the last, and waits until the last one's folders are listed.
 */
/**
 * Opens a folder picker's Drive browser on `place` (My Drive, Shared with me, Shared drives), from
 * the picker or after a folder was chosen.
 */
export async function browseTab(bar: FrameLocator, place: string): Promise<void> {
  const another = bar.getByRole('button', { name: 'Choose another folder' });
  if (await another.count()) await another.click();
  const toggle = bar.getByRole('button', { name: 'Browse Drive' });
  if (await toggle.count()) await toggle.click();
  await bar.getByRole('tab', { name: place }).click();
  await bar.getByRole('tab', { name: place, selected: true }).waitFor();
}

export async function browseDown(bar: FrameLocator, path: readonly string[]): Promise<void> {
  for (let i = 1; i < path.length; i++) {
    await bar
      .getByRole('list', { name: `Folders in ${path[i - 1]}` })
      .getByRole('button', { name: path[i] })
      .click();
  }
  await bar.getByRole('list', { name: `Folders in ${path[path.length - 1]}` }).waitFor();
}

export async function closeSidebarBox(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Close sidebar' }).click();
  await page.locator('#sidebar').waitFor({ state: 'hidden' });
}

/**
 * Screenshot of the sidebar page from top to bottom (test-output/screenshots/<name>.png): the frame
 * is stretched to its content for the shot, so a long step is seen whole.
 */
export async function sidebarShot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const frame = page.locator('#sidebar-frame');
  // Only the sidebar is shown meanwhile, so nothing of the playground page overlaps the shot.
  const style = await page.addStyleTag({
    content: 'body > :not(main), #sheet { display: none !important; } main { overflow: visible; }',
  });
  await frame.evaluate((el: HTMLIFrameElement) => {
    const height = el.contentDocument?.body.scrollHeight ?? 600;
    el.style.flex = 'none';
    el.style.height = `${height}px`;
  });
  try {
    await frame.screenshot({ path: file });
  } finally {
    await frame.evaluate((el: HTMLIFrameElement) => {
      el.style.flex = '';
      el.style.height = '';
    });
    await style.evaluate((el) => (el as HTMLElement).remove());
  }
  return file;
}

/**
 * What sticks out of the 300 px sidebar: the page scrolling sideways, or an element reaching past
 * its right edge (inside a box that scrolls on its own is fine).
 */
export async function overflowing(page: Page): Promise<string[]> {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/sidebar');
  if (!frame) throw new Error('no sidebar frame');
  return frame.evaluate(() => {
    const root = document.documentElement;
    const out: string[] = [];
    if (root.scrollWidth > root.clientWidth) out.push(`page ${root.scrollWidth}px wide`);
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX !== 'visible') return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > root.clientWidth + 0.5 && !inScroller(el)) {
        out.push(`${el.tagName.toLowerCase()}.${el.className}: right edge at ${box.right}px`);
      }
    }
    return out;
  });
}

/** Google's sidebars: 300 px wide; 729 px tall in a common laptop window. */
const FOLD = { width: 300, height: 729 };

/**
 * The sidebar as a person first sees it in a 300 x 729 px sidebar, scrolled to the top: a
 * screenshot of just that, and where the button named `button` sits in it (its top and bottom,
 * in px from the sidebar's top). Visible without scrolling when both are within 0 and 729.
 */
export async function foldShot(
  page: Page,
  name: string,
  button: string,
): Promise<{ top: number; bottom: number; height: number }> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const frame = page.locator('#sidebar-frame');
  const style = await page.addStyleTag({
    content: 'body > :not(main), #sheet { display: none !important; } main { overflow: visible; }',
  });
  await frame.evaluate((el: HTMLIFrameElement, size) => {
    el.style.flex = 'none';
    el.style.width = `${size.width}px`;
    el.style.height = `${size.height}px`;
    el.contentWindow?.scrollTo(0, 0);
  }, FOLD);
  try {
    await frame.screenshot({ path: file });
    const rect = await sidebar(page)
      .getByRole('button', { name: button, exact: true })
      .evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      });
    return { ...rect, height: FOLD.height };
  } finally {
    await frame.evaluate((el: HTMLIFrameElement) => {
      el.style.flex = '';
      el.style.width = '';
      el.style.height = '';
    });
    await style.evaluate((el) => (el as HTMLElement).remove());
  }
}
