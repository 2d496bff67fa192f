import type { ServerFunctionName, ServerFunctions } from '../shared/rpc';

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
    (target as (...a: unknown[]) => void).apply(runner, args);
  });
}

function messageOf(error: Error | string): string {
  const text = typeof error === 'string' ? error : error?.message;
  return text && text.trim() ? text : 'Something went wrong on the server. Please try again.';
}

export function closeSidebar(): void {
  google.script.host.close();
}
