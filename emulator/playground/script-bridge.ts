/**
 * The `google.script.run` and `google.script.host` of a page the playground serves (a sidebar or a
 * dialog). It is bundled and injected first in the page's <head>, so the page's own scripts find
 * `google.script` as they would inside Apps Script's iframe. Behaviour follows Google's client-side
 * reference (google.script.run, google.script.host) and the HTML service communication guide.
 */

interface BridgeConfig {
  /** The public top-level functions of the bundle: the only methods google.script.run has. */
  functions: string[];
  endpoint: string;
}

interface Handlers {
  success?: ((value: unknown, userObject?: unknown) => void) | null;
  failure?: ((error: Error, userObject?: unknown) => void) | null;
  userObject?: unknown;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: string };

/** "The google.script.run API allows 10 concurrent calls ...; an 11th call is delayed until one of
 * the 10 spots is freed." */
const MAX_CONCURRENT_CALLS = 10;

let running = 0;
const waiting: Array<() => void> = [];

function schedule(task: () => Promise<void>): void {
  const start = () => {
    running += 1;
    void task().finally(() => {
      running -= 1;
      waiting.shift()?.();
    });
  };
  if (running < MAX_CONCURRENT_CALLS) start();
  else waiting.push(start);
}

/**
 * Google fails the request for a Date, a function or a DOM element other than a form, also inside
 * objects and arrays; a form is allowed only as the sole parameter. Checked here because JSON would
 * silently turn a Date into a string.
 */
function checkLegal(value: unknown, where: string, seen: Set<unknown>): void {
  if (value === null || value === undefined) return;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return;
  if (type === 'function' || value instanceof Date || value instanceof Node || type !== 'object') {
    throw new TypeError(`Failed due to illegal value in property: ${where}`);
  }
  if (seen.has(value)) throw new TypeError(`Failed due to illegal value in property: ${where}`);
  seen.add(value);
  for (const [key, inner] of Object.entries(value as object)) checkLegal(inner, key, seen);
  seen.delete(value);
}

/** A form crosses as an object of its named fields' values. */
function formValues(form: HTMLFormElement): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  new FormData(form).forEach((value, name) => {
    if (typeof value !== 'string') return;
    const prior = values[name];
    values[name] = prior === undefined ? value : ([] as string[]).concat(prior, value);
  });
  return values;
}

function prepareArgs(args: unknown[]): unknown[] {
  if (args.length === 1 && args[0] instanceof HTMLFormElement) return [formValues(args[0])];
  args.forEach((arg, i) => checkLegal(arg, String(i), new Set()));
  return args;
}

async function post(config: BridgeConfig, fn: string, args: unknown[]): Promise<Reply> {
  try {
    const response = await fetch(config.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fn, args }),
    });
    return (await response.json()) as Reply;
  } catch {
    return { ok: false, error: 'NetworkError: Connection failure due to HTTP 0' };
  }
}

function call(config: BridgeConfig, fn: string, args: unknown[], h: Handlers): void {
  const sent = prepareArgs(args);
  schedule(async () => {
    const reply = await post(config, fn, sent);
    if (reply.ok) {
      h.success?.(reply.value, h.userObject);
      return;
    }
    const error = new Error(reply.error);
    // Without a failure handler, Google logs the failure to the JavaScript console.
    if (h.failure) h.failure(error, h.userObject);
    else console.error(error);
  });
}

/** Each with...() answers a new runner, so handlers never leak into other calls. */
function runner(config: BridgeConfig, h: Handlers): object {
  return new Proxy(
    {},
    {
      get(_target, prop) {
        if (prop === 'withSuccessHandler')
          return (f: Handlers['success']) => runner(config, { ...h, success: f });
        if (prop === 'withFailureHandler')
          return (f: Handlers['failure']) => runner(config, { ...h, failure: f });
        if (prop === 'withUserObject')
          return (o: unknown) => runner(config, { ...h, userObject: o });
        if (typeof prop === 'string' && config.functions.includes(prop)) {
          return (...args: unknown[]) => call(config, prop, args, h);
        }
        return undefined;
      },
      has(_target, prop) {
        return typeof prop === 'string' && config.functions.includes(prop);
      },
    },
  );
}

const tell = (action: string, value?: number | string) =>
  window.parent.postMessage({ playgroundHost: action, value }, window.location.origin);

/** google.script.host: the page asks the playground (its parent window) to close or resize it. */
function host() {
  return {
    origin: window.location.origin,
    close: () => tell('close'),
    setHeight: (px: number) => tell('setHeight', px),
    setWidth: (px: number) => tell('setWidth', px),
    editor: { focus: () => tell('focusEditor') },
  };
}

function readConfig(): BridgeConfig {
  const script = document.currentScript as HTMLScriptElement | null;
  const functions = JSON.parse(script?.dataset.functions ?? '[]') as string[];
  return { functions, endpoint: script?.dataset.endpoint ?? '/api/run' };
}

/** Where Google serves Drive, Docs and Sheets items. */
const DRIVE_HOSTS = ['drive.google.com', 'docs.google.com'];

function driveLink(href: string): string | null {
  try {
    const url = new URL(href, window.location.href);
    return DRIVE_HOSTS.includes(url.hostname) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The demo's items exist only in the emulated Drive, so a link to Google's Drive would open a page
 * that cannot find them: the playground opens the item in its own Drive panel instead. Done here,
 * in what the playground adds to the page, so the add-on's pages keep their real links.
 */
function keepDriveLinksHere(): void {
  const follow = (e: MouseEvent) => {
    const anchor = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    const link = anchor ? driveLink(anchor.href) : null;
    if (!link) return;
    e.preventDefault();
    tell('openDrive', link);
  };
  document.addEventListener('click', follow, true);
  document.addEventListener('auxclick', follow, true);
  const open = window.open.bind(window);
  window.open = (url?: string | URL, ...rest: [string?, string?]) => {
    const link = url === undefined ? null : driveLink(String(url));
    if (!link) return open(url, ...rest);
    tell('openDrive', link);
    return null;
  };
}

const config = readConfig();
keepDriveLinksHere();
(window as unknown as { google: unknown }).google = {
  script: { run: runner(config, {}), host: host() },
};
