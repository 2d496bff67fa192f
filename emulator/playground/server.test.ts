import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { injectBridge } from './assets';
import { START_SIDEBAR_SLICE_MS, USAGE, UsageError, parseCommandLine } from './command-line';
import { Playground, PlaygroundOptions, startOptions, startPlayground } from './server';

/** A small bundle whose functions exercise each path of the server (menus, dialogs, the bridge). */
const FIXTURE_BUNDLE = `
function onOpen() {
  SpreadsheetApp.getUi().createMenu('Test')
    .addItem('Ask twice', 'askTwice')
    .addItem('Open page', 'openPage')
    .addItem('Arm timer', 'armTimer')
    .addItem('Gone', 'removedFunction')
    .addToUi();
}
function askTwice() {
  var ui = SpreadsheetApp.getUi();
  var props = PropertiesService.getScriptProperties();
  props.setProperty('runs', String(Number(props.getProperty('runs') || 0) + 1));
  var name = ui.prompt('Your name?', ui.ButtonSet.OK_CANCEL);
  var sure = ui.alert('Sure?', ui.ButtonSet.YES_NO);
  props.setProperty('answer', name.getResponseText() + '/' + name.getSelectedButton() + '/' + sure);
  return name.getResponseText();
}
function openPage() {
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput('<p>hello</p>').setTitle('Page'));
}
function openDialog() {
  SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput('<p>pick</p>'), 'Pick one');
}
function readProperties() { return PropertiesService.getScriptProperties().getProperties(); }
function today() { return new Date(); }
function fail() { throw new Error('the server says no'); }
function tellFromPage() { SpreadsheetApp.getUi().alert('Done from page'); return 1; }
function secret_() { return 'hidden'; }
function nap() { Utilities.sleep(10000); return 'rested'; }
function armTimer() { ScriptApp.newTrigger('onTimer').timeBased().after(60 * 1000).create(); }
function onTimer() { PropertiesService.getScriptProperties().setProperty('timer', 'fired'); }
`;

const temps: string[] = [];
const running: Playground[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playground-test-'));
  temps.push(dir);
  return dir;
}

function fixtureDist(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'Code.js'), FIXTURE_BUNDLE);
  return dir;
}

async function start(options: PlaygroundOptions = {}): Promise<Playground> {
  const playground = await startPlayground({
    port: 0,
    dir: tempDir(),
    distDir: fixtureDist(),
    tickMs: 60_000,
    demo: { tasks: 12, invalid: false },
    ...options,
  });
  running.push(playground);
  return playground;
}

async function stop(playground: Playground): Promise<void> {
  running.splice(running.indexOf(playground), 1);
  await playground.close();
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
});

afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

async function get(p: Playground, route: string): Promise<Response> {
  return fetch(new URL(route, p.url));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function post(p: Playground, route: string, body: unknown, headers = {}): Promise<any> {
  const response = await fetch(new URL(route, p.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...(await response.json()) };
}

const call = (p: Playground, fn: string, args: unknown[] = []) => post(p, '/api/run', { fn, args });

describe('playground server', () => {
  it('serves the bound sheet as text and the menu onOpen built', async () => {
    const p = await start();
    const state = await (await get(p, '/api/state')).json();
    expect(state.menus).toEqual([
      {
        title: 'Test',
        items: [
          { caption: 'Ask twice', functionName: 'askTwice' },
          { caption: 'Open page', functionName: 'openPage' },
          { caption: 'Arm timer', functionName: 'armTimer' },
          { caption: 'Gone', functionName: 'removedFunction' },
        ],
      },
    ]);
    const sheet = state.spreadsheet.sheets[0];
    expect(sheet.name).toBe('Tasks');
    expect(sheet.rows[0]).toContain('Task ID');
    expect(sheet.rows).toHaveLength(13);
    for (const row of sheet.rows) for (const cell of row) expect(typeof cell).toBe('string');
  });

  it('binds to 127.0.0.1 only', async () => {
    const p = await start();
    expect(new URL(p.url).hostname).toBe('127.0.0.1');
  });

  it('asks each alert and prompt in turn and keeps only the run that got every answer', async () => {
    const p = await start();
    const first = await post(p, '/api/menu', { functionName: 'askTwice' });
    expect(first).toMatchObject({ kind: 'ask', alert: { kind: 'prompt', prompt: 'Your name?' } });
    const name = { button: 'OK', text: 'Ada' };
    const second = await post(p, '/api/menu', { functionName: 'askTwice', answers: [name] });
    expect(second).toMatchObject({ kind: 'ask', alert: { kind: 'alert', buttons: 'YES_NO' } });
    const done = await post(p, '/api/menu', {
      functionName: 'askTwice',
      answers: [name, { button: 'YES' }],
    });
    expect(done).toMatchObject({ kind: 'done', ok: true, value: 'Ada' });
    expect(done.state.notices).toEqual([]);
    // Three runs were made; the two that stopped at an unanswered dialog were undone.
    expect((await call(p, 'readProperties')).value).toEqual({ runs: '1', answer: 'Ada/OK/YES' });
  });

  it('runs only functions the menu offers', async () => {
    const p = await start();
    const outcome = await post(p, '/api/menu', { functionName: 'fail' });
    expect(outcome).toMatchObject({ kind: 'done', ok: false });
    expect(outcome.error).toContain('fail');
    const gone = await post(p, '/api/menu', { functionName: 'removedFunction' });
    expect(gone).toMatchObject({ kind: 'done', ok: false });
    expect(gone.error).toContain('removedFunction');
  });

  it('bridges google.script.run with its rules on what may cross', async () => {
    const p = await start();
    expect(await call(p, 'readProperties')).toMatchObject({ ok: true, value: {} });
    // A Date cannot cross: Google's client receives null.
    expect(await call(p, 'today')).toMatchObject({ ok: true, value: null });
    // A failure carries the server's message, as the runtime reports it.
    const failed = await call(p, 'fail');
    expect(failed.ok).toBe(false);
    expect(failed.error).toContain('the server says no');
    expect(await call(p, 'secret_')).toMatchObject({ ok: false });
    expect((await call(p, 'nothingLikeThis')).ok).toBe(false);
    expect((await post(p, '/api/run', { fn: 'today', args: 'x' })).status).toBe(400);
  });

  it('shows an alert raised by a page call afterwards, as a notice', async () => {
    const p = await start();
    expect(await call(p, 'tellFromPage')).toMatchObject({ ok: true, value: 1 });
    const state = await (await get(p, '/api/state')).json();
    expect(state.notices.map((n: { prompt: string }) => n.prompt)).toEqual(['Done from page']);
  });

  it('serves the open sidebar with the bridge first and only the public functions', async () => {
    const p = await start();
    const outcome = await post(p, '/api/menu', { functionName: 'openPage' });
    expect(outcome.state.sidebar).toMatchObject({ title: 'Page' });
    const html = await (await get(p, '/sidebar')).text();
    expect(html.startsWith('<script data-endpoint="/api/run"')).toBe(true);
    expect(html.endsWith('<p>hello</p>')).toBe(true);
    const functions = JSON.parse(
      /data-functions="([^"]*)"/
        .exec(html)![1]
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    );
    expect(functions).toContain('readProperties');
    expect(functions).not.toContain('secret_');
    const closed = await post(p, '/api/close', { surface: 'sidebar' });
    expect(closed.sidebar).toBeNull();
    expect((await get(p, '/sidebar')).status).toBe(404);
  });

  it('serves a dialog opened by a page call and lists the executions of undone runs once', async () => {
    const p = await start();
    expect((await call(p, 'openDialog')).ok).toBe(true);
    const state = await (await get(p, '/api/state')).json();
    expect(state.dialog).toMatchObject({ title: 'Pick one', modal: true });
    expect(await (await get(p, '/dialog')).text()).toContain('<p>pick</p>');
    await post(p, '/api/menu', { functionName: 'askTwice' });
    const after = await (await get(p, '/api/state')).json();
    // The run that stopped at the prompt was undone; the calls before it are still listed.
    expect(after.executions.map((x: { fn: string }) => x.fn)).toEqual(['openDialog', 'onOpen']);
  });

  it('refuses requests from other sites and bodies that are not JSON', async () => {
    const p = await start();
    const foreign = await post(
      p,
      '/api/run',
      { fn: 'readProperties' },
      { origin: 'http://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const response = await fetch(new URL('/api/menu', p.url), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ functionName: 'askTwice' }),
    });
    expect(response.status).toBe(415);
  });

  it('keeps the workspace between starts, and --reset starts over', async () => {
    const dir = tempDir();
    const distDir = fixtureDist();
    const first = await start({ dir, distDir });
    await post(first, '/api/menu', {
      functionName: 'askTwice',
      answers: [{ button: 'OK', text: 'Bo' }, { button: 'NO' }],
    });
    const before = (await (await get(first, '/api/state')).json()).now;
    await stop(first);

    const again = await start({ dir, distDir });
    expect((await call(again, 'readProperties')).value).toEqual({ runs: '1', answer: 'Bo/OK/NO' });
    expect((await (await get(again, '/api/state')).json()).now >= before).toBe(true);
    await stop(again);

    const reset = await start({ dir, distDir, reset: true });
    expect((await call(reset, 'readProperties')).value).toEqual({});
  });

  it('moves the simulated clock on and fires due triggers while it runs', async () => {
    // Each 20 ms tick is 100 s of simulated time.
    const p = await start({ tickMs: 20, speed: 5000 });
    const t0 = Date.parse((await (await get(p, '/api/state')).json()).now);
    await post(p, '/api/menu', { functionName: 'armTimer' });
    let state = await (await get(p, '/api/state')).json();
    for (let i = 0; i < 100 && state.triggers[0]?.firedCount !== 1; i++) {
      await new Promise((r) => setTimeout(r, 20));
      state = await (await get(p, '/api/state')).json();
    }
    expect(state.triggers[0]).toMatchObject({ handlerFunction: 'onTimer', firedCount: 1 });
    expect(Date.parse(state.now) - t0).toBeGreaterThanOrEqual(60_000);
    expect(
      state.executions.some(
        (x: { fn: string; byTrigger: boolean }) => x.fn === 'onTimer' && x.byTrigger,
      ),
    ).toBe(true);
    expect((await call(p, 'readProperties')).value).toMatchObject({ timer: 'fired' });
  });
});

describe('playground server: pacing and Drive items', () => {
  it('answers a page call once its simulated time has passed at the speed, clock held meanwhile', async () => {
    // 10 simulated seconds at 25 per real second: 400 ms.
    const p = await start({ paceCalls: true, speed: 25, tickMs: 50 });
    const before = p.session.ws.clock.now();
    const t0 = Date.now();
    expect(await call(p, 'nap')).toMatchObject({ ok: true, value: 'rested' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    // The ticker did not add its own time on top of the call's while the answer waited (that
    // would make it 20 s); a few ticks before the call starts, on a busy machine, may add some.
    expect(p.session.ws.clock.now() - before).toBeLessThan(15_000);
  });

  it('writes the sidebar slice into a fresh demo only when asked', async () => {
    const sliced = await start({ sidebarSliceMs: 8000 });
    expect((await call(sliced, 'readProperties')).value).toEqual({
      EXPORT_SIDEBAR_SLICE_MS: '8000',
    });
    const plain = await start();
    expect((await call(plain, 'readProperties')).value).toEqual({});
  });

  it("finds the item a Drive link names, with its folders and Drive's link", async () => {
    const p = await start();
    const { drive } = p.session.ws;
    const staging = drive.all().find((i) => i.name === 'Exports Staging')!;
    const folder = await (await get(p, `/api/drive/item?id=${staging.id}`)).json();
    expect(folder).toEqual({
      entry: {
        id: staging.id,
        name: 'Exports Staging',
        folder: true,
        mimeType: 'application/vnd.google-apps.folder',
        link: `https://drive.google.com/drive/folders/${staging.id}`,
      },
      parents: [{ id: staging.parentId, name: 'My Drive' }],
    });
    const listing = await (await get(p, '/api/drive')).json();
    expect(listing.children.find((c: { id: string }) => c.id === staging.id).link).toBe(
      folder.entry.link,
    );
    const file = drive.all().find((i) => i.mimeType === 'image/jpeg' && !drive.isTrashed(i.id))!;
    const fileView = await (await get(p, `/api/drive/item?id=${file.id}`)).json();
    expect(fileView.entry.link).toMatch(
      new RegExp(`^https://drive\\.google\\.com/file/d/${file.id}/view`),
    );
    expect(fileView.parents[0].name).toBe('My Drive');
    expect((await get(p, '/api/drive/item?id=no-such-item')).status).toBe(404);
    expect((await get(p, '/api/drive/item')).status).toBe(404);
    drive.get(file.id)!.trashed = true;
    expect((await get(p, `/api/drive/item?id=${file.id}`)).status).toBe(404);
  });
});

describe('npm start command line', () => {
  it('starts the saved demo, paced at 4 simulated seconds a second, with short sidebar slices', () => {
    const parsed = parseCommandLine([]);
    expect(parsed).toEqual({ help: false, options: { port: 8080, speed: 4, reset: false } });
    if (parsed.help) throw new Error('unreachable');
    expect(startOptions(parsed.options)).toMatchObject({
      port: 8080,
      speed: 4,
      reset: false,
      paceCalls: true,
      sidebarSliceMs: START_SIDEBAR_SLICE_MS,
    });
  });

  it('takes the demo options, and any of them starts a fresh demo', () => {
    expect(parseCommandLine(['--demo', 'hostile', '--tasks', '60'])).toEqual({
      help: false,
      options: { port: 8080, speed: 4, reset: true, demo: { hostile: true, tasks: 60 } },
    });
    const all = parseCommandLine(
      ['--files-per-task=12', '--no-invalid', '--legacy', '--speed', '2.5', '--port=0'],
      { PORT: '9000' },
    );
    expect(all).toEqual({
      help: false,
      options: {
        port: 0,
        speed: 2.5,
        reset: true,
        demo: { filesPerTask: 12, invalid: false, withExportColumns: false },
      },
    });
    expect(parseCommandLine(['--demo', 'clean', '--demo', 'legacy'])).toMatchObject({
      options: { demo: { invalid: false, withExportColumns: false } },
    });
    expect(parseCommandLine(['--demo=default'])).toMatchObject({
      options: { reset: true, demo: {} },
    });
    expect(parseCommandLine(['--reset'], { PORT: '9000' })).toEqual({
      help: false,
      options: { port: 9000, speed: 4, reset: true },
    });
    expect(parseCommandLine(['--speed', '1', '--help'])).toEqual({ help: true });
    expect(parseCommandLine(['-h'])).toEqual({ help: true });
  });

  it.each([
    [['--bogus'], 'unknown option "--bogus"'],
    [['hostile'], 'unknown option "hostile"'],
    [['--demo'], '--demo needs a value'],
    [
      ['--demo', 'evil'],
      '--demo "evil" is not a demo; choose one of default, hostile, clean, legacy',
    ],
    [['--demo', 'constructor'], '--demo "constructor" is not a demo'],
    [['--tasks', '--reset'], '--tasks needs a value'],
    [['--tasks', 'sixty'], '--tasks must be a whole number from 1 to 50000, got "sixty"'],
    [['--tasks', '0'], '--tasks must be a whole number from 1 to 50000, got "0"'],
    [['--tasks', '2.5'], '--tasks must be a whole number'],
    [['--files-per-task', '5'], '--files-per-task must be a whole number from 6 to 60, got "5"'],
    [['--speed', '0'], '--speed must be a number above 0, got "0"'],
    [['--speed', '-3'], '--speed must be a number above 0, got "-3"'],
    [['--speed=fast'], '--speed must be a number above 0, got "fast"'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535, got "70000"'],
    [['--reset=yes'], '--reset takes no value'],
    [['--legacy=no'], '--legacy takes no value'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it('refuses a PORT that is not a port', () => {
    expect(() => parseCommandLine([], { PORT: 'eighty' })).toThrow(
      'PORT must be a whole number from 0 to 65535, got "eighty"',
    );
  });

  it('lists every option and demo in the help', () => {
    for (const text of [
      '--demo NAME',
      'hostile: ',
      'clean: ',
      'legacy: ',
      'default: ',
      '--tasks N',
      '--files-per-task N',
      '--no-invalid',
      '--legacy',
      '--speed N',
      '--port N',
      '--reset',
      'npm start -- --demo hostile --tasks 60',
    ]) {
      expect(USAGE).toContain(text);
    }
  });

  const server = path.join(__dirname, 'server.ts');
  const runCli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', server, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('prints the usage and exits non-zero on a bad option, without starting', () => {
    const run = runCli('--demo', 'hostile', '--tasks', 'many');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--tasks must be a whole number from 1 to 50000, got "many"');
    expect(run.stderr).toContain('Usage: npm start');
    expect(run.stdout).not.toContain('Playground running');
  });

  it('prints the usage for --help and exits 0', () => {
    const run = runCli('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: npm start');
    expect(run.stderr).toBe('');
  });
});

describe('injectBridge', () => {
  const bridge = 'window.x = 1;';
  it('puts the bridge first in <head>', () => {
    const html = injectBridge(
      '<!doctype html><html><head><title>t</title></head></html>',
      bridge,
      [],
    );
    expect(html).toMatch(
      /^<!doctype html><html><head><script [^>]*>window\.x = 1;<\/script><title>/,
    );
  });

  it('never puts it before the doctype', () => {
    const html = injectBridge('<!DOCTYPE html><p>x</p>', bridge, []);
    expect(html.startsWith('<!DOCTYPE html><script')).toBe(true);
  });

  it('escapes the function list and a closing script tag in the bridge', () => {
    const html = injectBridge('<head></head>', 'a("</script>")', ['a"b<c']);
    expect(html).toContain('data-functions="[&quot;a\\&quot;b&lt;c&quot;]"');
    expect(html).toContain('a("<\\/script>")');
  });
});
