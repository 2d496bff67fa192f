import { asReal } from '../core/context';

/**
 * Apps Script enums are objects whose members print as their own names (`String(e.authMode)` is
 * `'FULL'`) and compare by identity; a frozen map of name to name models both.
 */
export function enumOf<T>(...names: string[]): T {
  return asReal<T>(Object.freeze(Object.fromEntries(names.map((name) => [name, name]))));
}
