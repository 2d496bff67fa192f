import { EmulatorUsageError } from './core/errors';

/**
 * What `google.script.run` lets cross between a page and the server. Google documents: parameters
 * and return values may be primitives, null, and objects and arrays made of them; requests fail for
 * a Date, a function, a DOM element (other than a form) or a circular object, and `undefined`
 * inside arrays becomes null. A function whose name ends in `_` is private and cannot be called.
 */
export function checkCallable(fn: string): void {
  if (!fn || fn.endsWith('_')) {
    throw new EmulatorUsageError(`google.script.run cannot call "${fn}": private or empty name`);
  }
}

/** Copies a value as it crosses google.script.run, throwing for values that make a request fail. */
export function crossPage(value: unknown, where: string, seen = new Set<unknown>()): unknown {
  if (value === null || value === undefined) return value ?? null;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value;
  if (type === 'function')
    throw new TypeError(`${where}: a function cannot cross google.script.run`);
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    throw new TypeError(`${where}: a Date cannot cross google.script.run; send an ISO string`);
  }
  if (type !== 'object') throw new TypeError(`${where}: a ${type} cannot cross google.script.run`);
  if (seen.has(value)) throw new TypeError(`${where}: circular value`);
  seen.add(value);
  const copy = Array.isArray(value)
    ? value.map((v, i) => (v === undefined ? null : crossPage(v, `${where}[${i}]`, seen)))
    : Object.fromEntries(
        Object.entries(value as object)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, crossPage(v, `${where}.${k}`, seen)]),
      );
  seen.delete(value);
  return copy;
}
