/**
 * The subset of Drive's search query language (`q` of files.list) the project uses: clauses
 * joined by `and`, each one of `'<id>' in parents`, `trashed = true|false`, `name = | != |
 * contains '<text>'`, `mimeType = | != | contains '<text>'`, `sharedWithMe = true|false`. Strings are single-quoted with `\'` and
 * `\\` escapes. A malformed query is Drive's 400 "Invalid Value"; valid Drive syntax that the
 * emulator does not model throws an EmulatorUsageError so nobody relies on a silent mismatch.
 */
import { EmulatorUsageError } from '../core/errors';

export class InvalidQuery extends Error {}

export type Clause =
  | { field: 'parents'; parentId: string }
  | { field: 'trashed'; op: '=' | '!='; value: boolean }
  /** "Whether the file is in the user's 'Shared with me' collection" (Search query terms). */
  | { field: 'sharedWithMe'; value: boolean }
  | { field: 'name' | 'mimeType'; op: '=' | '!=' | 'contains'; value: string };

export interface DriveQuery {
  clauses: Clause[];
}

/** Search terms Drive knows; those not modelled here are refused loudly, not ignored. */
const DRIVE_TERMS = new Set([
  'name',
  'fullText',
  'mimeType',
  'modifiedTime',
  'viewedByMeTime',
  'trashed',
  'starred',
  'parents',
  'owners',
  'writers',
  'readers',
  'sharedWithMe',
  'createdTime',
  'properties',
  'appProperties',
  'visibility',
  'shortcutDetails',
  'hidden',
  'memberCount',
  'organizerCount',
  'labels',
]);

type Token =
  | { t: 'str'; v: string }
  | { t: 'word'; v: string }
  | { t: 'op'; v: string }
  | { t: 'paren'; v: string };

export function parseQuery(q: string): DriveQuery {
  const tokens = tokenize(q);
  if (tokens.length === 0) return { clauses: [] };
  const clauses: Clause[] = [];
  let at = 0;
  for (;;) {
    const [clause, next] = parseClause(tokens, at, q);
    clauses.push(clause);
    at = next;
    if (at >= tokens.length) return { clauses };
    const joiner = tokens[at];
    if (joiner.t === 'word' && joiner.v === 'and') {
      at += 1;
      if (at >= tokens.length) throw new InvalidQuery(q);
      continue;
    }
    if (joiner.t === 'word' && (joiner.v === 'or' || joiner.v === 'not')) unsupported(q, joiner.v);
    throw new InvalidQuery(q);
  }
}

/** Whether a query lists a folder (consistent) rather than searching Drive by name (lagging). */
export function isNameSearch(query: DriveQuery): boolean {
  const byParent = query.clauses.some((c) => c.field === 'parents');
  return !byParent && query.clauses.some((c) => c.field === 'name' || c.field === 'sharedWithMe');
}

function parseClause(tokens: Token[], at: number, q: string): [Clause, number] {
  const [a, b, c] = [tokens[at], tokens[at + 1], tokens[at + 2]];
  if (!a) throw new InvalidQuery(q);
  if (a.t === 'paren' || (a.t === 'word' && a.v === 'not')) unsupported(q, a.v);
  if (a.t === 'str') {
    if (b?.t === 'word' && b.v === 'in' && c?.t === 'word') {
      if (c.v === 'parents') return [{ field: 'parents', parentId: a.v }, at + 3];
      if (DRIVE_TERMS.has(c.v)) unsupported(q, `in ${c.v}`);
    }
    throw new InvalidQuery(q);
  }
  if (a.t !== 'word' || !b || !c) throw new InvalidQuery(q);
  const field = a.v;
  if (!DRIVE_TERMS.has(field)) throw new InvalidQuery(q);
  const op = b.v;
  if (field === 'trashed') {
    if ((op !== '=' && op !== '!=') || c.t !== 'word' || !['true', 'false'].includes(c.v)) {
      throw new InvalidQuery(q);
    }
    return [{ field, op, value: c.v === 'true' }, at + 3];
  }
  if (field === 'sharedWithMe') {
    if (op !== '=' || c.t !== 'word' || !['true', 'false'].includes(c.v)) throw new InvalidQuery(q);
    return [{ field, value: c.v === 'true' }, at + 3];
  }
  if (field === 'name' || field === 'mimeType') {
    if (c.t !== 'str') throw new InvalidQuery(q);
    if (op === '=' || op === '!=' || op === 'contains') return [{ field, op, value: c.v }, at + 3];
    if (['<', '<=', '>', '>='].includes(op)) unsupported(q, `${field} ${op}`);
    throw new InvalidQuery(q);
  }
  return unsupported(q, field);
}

/** Drive's `contains` on a name is a case-insensitive prefix match on the name or its words. */
export function nameContains(name: string, text: string): boolean {
  const needle = text.toLowerCase();
  const words = name.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return name.toLowerCase().startsWith(needle) || words.some((w) => w.startsWith(needle));
}

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const ch = q[i];
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === "'") {
      const [value, next] = readString(q, i);
      tokens.push({ t: 'str', v: value });
      i = next;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ t: 'paren', v: ch });
      i += 1;
    } else {
      const op = /^(!=|<=|>=|=|<|>)/.exec(q.slice(i));
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i));
      if (op) tokens.push({ t: 'op', v: op[0] });
      else if (word) tokens.push({ t: 'word', v: word[0] });
      else throw new InvalidQuery(q);
      i += (op ?? word)![0].length;
    }
  }
  return tokens;
}

function readString(q: string, start: number): [string, number] {
  let value = '';
  for (let i = start + 1; i < q.length; i += 1) {
    const ch = q[i];
    if (ch === '\\') {
      if (i + 1 >= q.length) break;
      value += q[i + 1];
      i += 1;
    } else if (ch === "'") {
      return [value, i + 1];
    } else {
      value += ch;
    }
  }
  throw new InvalidQuery(q);
}

function unsupported(q: string, what: string): never {
  throw new EmulatorUsageError(`the emulated Drive search does not support "${what}" (q: ${q})`);
}
