/**
 * Chromium for browser tests, driven by playwright-core; no browser is ever downloaded. It is, in
 * this order: CHROMIUM_PATH if set; a system Chromium if there is one (Debian's package); else the
 * Chromium that ships inside the npm package @sparticuz/chromium (unpacked once into the temporary
 * folder), so `npm test` passes on a machine with Node alone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** Headless, and nothing that reaches the network on its own (updates, sync, QUIC probes). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Found {
  executablePath: string;
  args: string[];
}

let found: Found | undefined;

/** Flags the packaged Chromium needs on top of ours, passed from jest's global set-up. */
const PACKAGED_ARGS = 'PACKAGED_CHROMIUM_ARGS';

/**
 * The npm package is an ES module that unpacks its binary into the temporary folder; it runs in a
 * child Node so that jest's module system never loads it. Each version unpacks into a folder of its
 * own: the package skips files already there, so a binary left by another version would be run
 * with this version's libraries. Its flags come first (it needs single-process and no zygote), then
 * ours.
 */
function packagedChromium(): Found {
  const root = path.resolve(__dirname, '..', '..');
  const pkg = path.join(root, 'node_modules', '@sparticuz', 'chromium', 'package.json');
  const { version } = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string };
  const folder = path.join(os.tmpdir(), `packaged-chromium-${version}`);
  fs.mkdirSync(folder, { recursive: true });
  const script = `import('@sparticuz/chromium').then(async ({ default: c }) => {
    const executablePath = await c.executablePath();
    process.stdout.write(JSON.stringify({ executablePath, args: c.args }));
  })`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: folder },
  });
  const packaged = JSON.parse(out) as Found;
  const ours = CHROMIUM_ARGS.filter((a) => a !== '--headless');
  return { executablePath: packaged.executablePath, args: [...packaged.args, ...ours] };
}

/**
 * Which Chromium the browser tests use, and with which flags. jest's global set-up calls this once
 * and leaves its answer in CHROMIUM_PATH, so that test files running side by side never unpack the
 * packaged one at the same time.
 */
export function findChromium(): Found {
  if (found) return found;
  const fromEnv = process.env.CHROMIUM_PATH;
  const system = SYSTEM_CHROMIUMS.find((p) => fs.existsSync(p));
  if (fromEnv) {
    const extra = process.env[PACKAGED_ARGS];
    found = {
      executablePath: fromEnv,
      args: extra ? (JSON.parse(extra) as string[]) : CHROMIUM_ARGS,
    };
  } else if (system) found = { executablePath: system, args: CHROMIUM_ARGS };
  else {
    found = packagedChromium();
    process.env.CHROMIUM_PATH = found.executablePath;
    process.env[PACKAGED_ARGS] = JSON.stringify(found.args);
  }
  return found;
}

export function launchChromium(): Promise<Browser> {
  const { executablePath, args } = findChromium();
  return chromium.launch({ executablePath, args });
}

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-output', 'screenshots');

/** Saves a full-page screenshot as test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
