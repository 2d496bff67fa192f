/**
 * `npm start`: the add-on running against a demo spreadsheet and Drive, in the browser. One page
 * shows the sheet, the add-on's menu, its alerts and toasts, the sidebar it opens (served with a
 * `google.script.run` bridged to the bundle) and the owner's Drive, while a ticker moves the
 * simulated clock on so time-driven triggers fire.
 *
 * `npm start -- --help` lists the options (command-line.ts); it binds 127.0.0.1 only.
 */
import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { DemoOptions } from '../demo';
import { Assets, buildAssets, injectBridge } from './assets';
import {
  START_SIDEBAR_SLICE_MS,
  USAGE,
  UsageError,
  parseCommandLine,
  type StartOptions,
} from './command-line';
import { HttpError, readJson, send, sendJson } from './http';
import { Answer, PlaygroundSession, isButton } from './session';

export interface PlaygroundOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Folder of the saved workspace (`workspace.json`). */
  dir?: string;
  /** Start over from fresh demo data. */
  reset?: boolean;
  /** Simulated seconds per real second. */
  speed?: number;
  /** The built deployment; `dist/` of the project by default. */
  distDir?: string;
  /** Real milliseconds between clock ticks. */
  tickMs?: number;
  /** How fresh demo data is seeded. */
  demo?: DemoOptions;
  /**
   * A server function called from a page answers only once its simulated time has passed at
   * `speed`, as it would take that long in Apps Script; the clock stands still meanwhile, so it
   * is not counted twice. Off by default: tests want answers at once.
   */
  paceCalls?: boolean;
  /** Written as the sidebar's slice budget (EXPORT_SIDEBAR_SLICE_MS) into a fresh demo. */
  sidebarSliceMs?: number;
}

export interface Playground {
  url: string;
  session: PlaygroundSession;
  /**
   * Stops the clock (no trigger fires) until the returned function is called: a test holds the
   * jobs run by triggers where they are while it looks at a page.
   */
  holdClock(): () => void;
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');
const HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
export const DEFAULT_SPEED = 10;
/** Save at least this often while only the clock moves (every call and fired trigger saves). */
const SAVE_EVERY_TICKS = 15;

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const speed = options.speed ?? DEFAULT_SPEED;
  if (!(speed > 0)) throw new Error(`speed must be a positive number, got ${options.speed}`);
  const dir = path.resolve(options.dir ?? path.join(ROOT, '.playground'));
  const session = new PlaygroundSession({
    file: path.join(dir, 'workspace.json'),
    distDir: path.resolve(options.distDir ?? path.join(ROOT, 'dist')),
    reset: options.reset,
    demo: options.demo,
    sidebarSliceMs: options.sidebarSliceMs,
  });
  const assets = await buildAssets();
  const clock = { held: 0 };
  const hold = () => {
    clock.held += 1;
    let released = false;
    return () => {
      if (!released) clock.held -= 1;
      released = true;
    };
  };
  const pace: Pace = async (simulatedMs) => {
    if (!options.paceCalls || simulatedMs <= 0) return;
    const release = hold();
    await new Promise((resolve) => setTimeout(resolve, simulatedMs / speed));
    release();
  };
  const server = http.createServer((req, res) => {
    handle({ session, assets, pace }, req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      sendJson(res, status, { ok: false, error: e instanceof Error ? e.message : String(e) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const stopTicker = startTicker(session, speed, options.tickMs ?? 1000, clock);
  return {
    url: `http://${HOST}:${port}/`,
    session,
    holdClock: hold,
    close: async () => {
      stopTicker();
      session.save();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Each real tick moves the simulated clock by the same time times `speed`. */
function startTicker(
  session: PlaygroundSession,
  speed: number,
  tickMs: number,
  clock: { held: number },
): () => void {
  let ticks = 0;
  const timer = setInterval(() => {
    if (clock.held > 0) return;
    ticks += 1;
    try {
      const fired = session.tick(tickMs * speed);
      if (fired || ticks % SAVE_EVERY_TICKS === 0) session.save();
    } catch (e) {
      console.error('clock tick failed:', e);
    }
  }, tickMs);
  return () => clearInterval(timer);
}

/** Waits in real time for simulated time spent by a call (see PlaygroundOptions.paceCalls). */
type Pace = (simulatedMs: number) => Promise<void>;

interface Context {
  session: PlaygroundSession;
  assets: Assets;
  pace: Pace;
}

type Handler = (context: Context, req: IncomingMessage, res: ServerResponse) => unknown;

async function handle(context: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { session, assets } = context;
  checkOrigin(req);
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case 'GET /':
      // Loading the page is opening the spreadsheet: onOpen builds the menu again.
      session.openSpreadsheet();
      return send(res, 200, 'text/html; charset=utf-8', assets.pageHtml);
    case 'GET /page.js':
      return send(res, 200, 'text/javascript; charset=utf-8', assets.pageJs);
    case 'GET /sidebar':
    case 'GET /dialog': {
      const surface = session.surface(url.pathname === '/sidebar' ? 'sidebar' : 'dialog');
      if (!surface) return send(res, 404, 'text/plain; charset=utf-8', 'Nothing is open.');
      const html = injectBridge(surface.content, assets.bridgeJs, session.publicFunctions());
      return send(res, 200, 'text/html; charset=utf-8', html);
    }
    case 'GET /api/state':
      return sendJson(res, 200, session.state());
    case 'GET /api/drive': {
      const folder = session.drive(url.searchParams.get('id') ?? undefined);
      return folder ? sendJson(res, 200, folder) : sendJson(res, 404, { error: 'No such folder.' });
    }
    case 'GET /api/drive/item': {
      const item = session.driveItem(url.searchParams.get('id') ?? '');
      return item ? sendJson(res, 200, item) : sendJson(res, 404, { error: 'No such item.' });
    }
  }
  const post = POST_ROUTES[route];
  if (!post) throw new HttpError(404, `No route ${route}`);
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new HttpError(415, 'POST a JSON body');
  }
  await post(context, req, res);
}

/** Runs `work`, then waits for the simulated time it spent. */
async function timed<T>(context: Context, work: () => T): Promise<T> {
  const before = context.session.ws.clock.now();
  const result = work();
  await context.pace(context.session.ws.clock.now() - before);
  return result;
}

const POST_ROUTES: Record<string, Handler> = {
  'POST /api/menu': async (context, req, res) => {
    const body = await readJson(req);
    const { session } = context;
    const outcome = await timed(context, () =>
      session.runMenu(requireString(body.functionName, 'functionName'), answers(body)),
    );
    sendJson(res, 200, { ...outcome, state: session.state() });
  },
  'POST /api/run': async (context, req, res) => {
    const body = await readJson(req);
    const args = body.args ?? [];
    if (!Array.isArray(args)) throw new HttpError(400, 'args must be an array');
    const fn = requireString(body.fn, 'fn');
    sendJson(res, 200, await timed(context, () => context.session.callFromPage(fn, args)));
  },
  'POST /api/close': async ({ session }, req, res) => {
    const body = await readJson(req);
    if (body.surface !== 'sidebar' && body.surface !== 'dialog') {
      throw new HttpError(400, 'surface must be "sidebar" or "dialog"');
    }
    session.close(body.surface);
    sendJson(res, 200, session.state());
  },
  'POST /api/reset': async ({ session }, req, res) => {
    await readJson(req);
    session.reset();
    sendJson(res, 200, session.state());
  },
};

/**
 * The server only answers its own page: a request from another site (a page in the same browser
 * posting to 127.0.0.1) or through another host name (DNS rebinding) is refused.
 */
function checkOrigin(req: IncomingMessage): void {
  const host = req.headers.host ?? '';
  const hostName = host.replace(/:\d+$/, '');
  if (hostName !== HOST && hostName !== 'localhost') throw new HttpError(403, 'unexpected host');
  const origin = req.headers.origin;
  if (origin && origin !== `http://${host}`) throw new HttpError(403, 'unexpected origin');
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || !value) throw new HttpError(400, `${name} must be a string`);
  return value;
}

function answers(body: Record<string, unknown>): Answer[] {
  const list = body.answers ?? [];
  if (!Array.isArray(list)) throw new HttpError(400, 'answers must be an array');
  return list.map((a: { button?: unknown; text?: unknown }) => {
    if (!a || !isButton(a.button)) throw new HttpError(400, 'each answer needs a button');
    return { button: a.button, text: typeof a.text === 'string' ? a.text : '' };
  });
}

/** The playground as `npm start` plays it: calls paced so that a newcomer sees jobs progress. */
export function startOptions(start: StartOptions, dir?: string): PlaygroundOptions {
  return {
    port: start.port,
    speed: start.speed,
    reset: start.reset,
    demo: start.demo,
    dir,
    paceCalls: true,
    sidebarSliceMs: START_SIDEBAR_SLICE_MS,
  };
}

async function main(): Promise<void> {
  let start: StartOptions;
  try {
    const parsed = parseCommandLine(process.argv.slice(2), process.env);
    if (parsed.help) {
      console.log(USAGE);
      return;
    }
    start = parsed.options;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const playground = await startPlayground(startOptions(start));
  console.log(`Playground running at ${playground.url} (Ctrl+C to stop)`);
  const stop = () => {
    void playground.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
