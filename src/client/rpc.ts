import type { PageOptions, ServerFunctionName, ServerFunctions } from '../shared/rpc';

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
export function call<K extends ServerFunctionName>(
  fn: K,
  ...args: Parameters<ServerFunctions[K]>
): Promise<ReturnType<ServerFunctions[K]>> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerFunctions[K]>))
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
