/**
 * `npm start`: the add-on running against a demo spreadsheet and Drive, in the browser. One page
 * shows the sheet, the add-on's menu, its alerts and toasts, the sidebar it opens (served with a
 * `google.script.run` bridged to the bundle) and the owner's Drive, while a ticker moves the
 * simulated clock on so time-driven triggers fire.
 *
 *   npm start [-- --reset] [-- --speed N]     PORT=8080 by default; binds 127.0.0.1 only.
 */
import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { DemoOptions } from '../demo';
import { Assets, buildAssets, injectBridge } from './assets';
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
  });
  const assets = await buildAssets();
  const server = http.createServer((req, res) => {
    handle(session, assets, req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      sendJson(res, status, { ok: false, error: e instanceof Error ? e.message : String(e) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const clock = { held: 0 };
  const stopTicker = startTicker(session, speed, options.tickMs ?? 1000, clock);
  return {
    url: `http://${HOST}:${port}/`,
    session,
    holdClock: () => {
      clock.held += 1;
      let released = false;
      return () => {
        if (!released) clock.held -= 1;
        released = true;
      };
    },
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

type Handler = (session: PlaygroundSession, req: IncomingMessage, res: ServerResponse) => unknown;

async function handle(
  session: PlaygroundSession,
  assets: Assets,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
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
  }
  const post = POST_ROUTES[route];
  if (!post) throw new HttpError(404, `No route ${route}`);
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new HttpError(415, 'POST a JSON body');
  }
  await post(session, req, res);
}

const POST_ROUTES: Record<string, Handler> = {
  'POST /api/menu': async (session, req, res) => {
    const body = await readJson(req);
    const outcome = session.runMenu(
      requireString(body.functionName, 'functionName'),
      answers(body),
    );
    sendJson(res, 200, { ...outcome, state: session.state() });
  },
  'POST /api/run': async (session, req, res) => {
    const body = await readJson(req);
    const args = body.args ?? [];
    if (!Array.isArray(args)) throw new HttpError(400, 'args must be an array');
    sendJson(res, 200, session.callFromPage(requireString(body.fn, 'fn'), args));
  },
  'POST /api/close': async (session, req, res) => {
    const body = await readJson(req);
    if (body.surface !== 'sidebar' && body.surface !== 'dialog') {
      throw new HttpError(400, 'surface must be "sidebar" or "dialog"');
    }
    session.close(body.surface);
    sendJson(res, 200, session.state());
  },
  'POST /api/reset': async (session, req, res) => {
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

function parseArgs(argv: string[]): PlaygroundOptions {
  const options: PlaygroundOptions = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--reset') options.reset = true;
    else if (argv[i] === '--speed') options.speed = Number(argv[++i]);
    else if (argv[i].startsWith('--speed=')) options.speed = Number(argv[i].slice(8));
    else throw new Error(`unknown option ${argv[i]}; use --reset and --speed N`);
  }
  return options;
}

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
  const playground = await startPlayground({ ...parseArgs(process.argv.slice(2)), port });
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
