import type { PageOptions, Wire } from '../shared/rpc';
import type * as server from '../main';

/**
 * The server functions a page may call: every global of src/main.ts but the menu and trigger
 * handlers, typed from their definitions (as enuchi/React-Google-Apps-Script's client does), so a
 * signature is written once, on the server.
 */
type Server = typeof server;
type NotForPages =
  'onOpen' | 'onInstall' | 'runExportJobs' | 'runExportWatchdog' | 'cleanUpSetupCheck';
export type ServerFunctionName = Exclude<keyof Server, NotForPages>;
/** Each parameter as it crosses; mapped over a type parameter, so a tuple stays a tuple. */
type WireArgs<P extends unknown[]> = { [I in keyof P]: Wire<P[I]> };
type Args<K extends ServerFunctionName> = WireArgs<Parameters<Server[K]>>;
type Result<K extends ServerFunctionName> = Wire<ReturnType<Server[K]>>;

/** The part of the page's `google.script.run` this project uses. */
interface ScriptRun {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRun;
  withFailureHandler(handler: (error: Error | string) => void): ScriptRun;
  [fn: string]: unknown;
}

declare const google: { script: { run: ScriptRun; host: { close(): void } } };

/** A failed server call, with the message the server gave in words an ops person can read. */
export class ServerError extends Error {
  constructor(
    readonly fn: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Calls a server function and resolves with its result: one typed promise over the callback style
 * of `google.script.run`.
 */
export function call<K extends ServerFunctionName>(fn: K, ...args: Args<K>): Promise<Result<K>> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as Result<K>))
      .withFailureHandler((error) => reject(new ServerError(fn, messageOf(error))));
    const target = runner[fn];
    if (typeof target !== 'function') {
      reject(new ServerError(fn, `The add-on has no server function "${fn}".`));
      return;
    }
    try {
      (target as (...a: unknown[]) => void).apply(runner, args);
    } catch (e) {
      // The client library refuses values that cannot cross (a Date, a function) by throwing.
      reject(
        new ServerError(
          fn,
          `The page sent something the server cannot take (${messageOf(e as Error)}). Reload the sidebar and try again.`,
        ),
      );
    }
  });
}

/**
 * The message without the error's type name in front ("FolderSettingError: ", "Exception: "),
 * which Apps Script puts there and which means nothing to an ops person.
 */
function messageOf(error: Error | string): string {
  let text = (typeof error === 'string' ? error : error?.message) ?? '';
  for (let i = 0; i < 3; i++) text = text.trim().replace(TYPE_PREFIX, '');
  return text.trim() ? text.trim() : 'Something went wrong on the server. Please try again.';
}

const TYPE_PREFIX = /^(?:[A-Z][A-Za-z]*(?:Error|Exception)|Error|Exception):\s+/;

/**
 * What a person reads when an action failed: what did not happen, then why, in the server's words
 * (the server's messages name the task, folder or batch and say what to do).
 */
export function failureText(action: string, error: unknown): string {
  const reason = messageOf(error instanceof Error ? error : String(error ?? ''));
  return `Could not ${action}. ${/[.!?]$/.test(reason) ? reason : `${reason}.`}`;
}

export function closeSidebar(): void {
  google.script.host.close();
}

/** The options the server put in the page when it opened it (see src/ui/sidebars.ts). */
export function pageOptions(): PageOptions {
  const element = document.getElementById('page-options');
  try {
    const parsed: unknown = JSON.parse(element?.textContent || '{}');
    return parsed && typeof parsed === 'object' ? (parsed as PageOptions) : {};
  } catch {
    return {};
  }
}

/** Resolves after `ms`: the pause between retries of a call. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
