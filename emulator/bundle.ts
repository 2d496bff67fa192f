import fs from 'node:fs';
import path from 'node:path';
import { EmulatorUsageError } from './core/errors';

// gas-local loads an Apps Script project's .js files into one vm context holding the globals we
// pass, as Apps Script loads a project's files into one global scope.
const gas: {
  require(folder: string, globals: object, options?: { filter?: (f: string) => boolean }): object;
  // gas-local has no types and is CommonJS.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
} = require('gas-local');

export type BundleContext = Record<string, unknown>;

/**
 * Loads the built `Code.js` of `distDir` into a fresh context that holds only `globals` (and the
 * language's own built-ins): no `require`, `process`, `module` or timers, as in Apps Script.
 */
export function loadBundle(distDir: string, globals: Record<string, unknown>): BundleContext {
  const code = path.join(distDir, 'Code.js');
  if (!fs.existsSync(code)) {
    throw new EmulatorUsageError(`no built bundle at ${code}: run "npm run build" first`);
  }
  const context = gas.require(
    distDir,
    { ...globals },
    {
      filter: (file: string) => path.basename(file) === 'Code.js',
    },
  ) as BundleContext;
  return context;
}

/** The names of the bundle's top-level functions: what Apps Script lists as runnable. */
export function topLevelFunctions(context: BundleContext, distDir: string): string[] {
  const source = fs.readFileSync(path.join(distDir, 'Code.js'), 'utf8');
  const declared = [...source.matchAll(/^function ([A-Za-z_$][\w$]*)\(/gm)].map((m) => m[1]);
  return declared.filter((name) => typeof context[name] === 'function');
}
