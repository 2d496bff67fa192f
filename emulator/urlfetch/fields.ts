/**
 * The `fields` system parameter of Google APIs (partial responses): a comma-separated list of
 * field paths, `a/b` for a nested field, `a(b,c)` for sub-selections (also inside arrays, as in
 * `files(id,name)`), and `*` for everything. A field the resource does not have is a 400
 * "Invalid field selection"; a field it has but that is unset is simply absent from the answer.
 */

/** A resource's shape for selection: each field is a leaf (`true`) or a nested schema. */
export interface Schema {
  [field: string]: Schema | true;
}

/** What a selector keeps: everything, or the listed fields (each whole or sub-selected). */
export interface Mask {
  all: boolean;
  fields: Map<string, Mask | true>;
}

export class FieldSelectionError extends Error {
  constructor(readonly field: string) {
    super(`Invalid field selection ${field}`);
  }
}

export function parseFields(text: string, schema: Schema): Mask {
  const parser = new Parser(text);
  const mask = parser.list();
  if (!parser.done()) throw new FieldSelectionError(text);
  check(mask, schema);
  return mask;
}

/** The parts of `value` the mask keeps; arrays are selected element by element. */
export function select(value: unknown, mask: Mask | true): unknown {
  if (mask === true || mask.all || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => select(v, mask));
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [field, sub] of mask.fields) {
    if (source[field] !== undefined) out[field] = select(source[field], sub);
  }
  return out;
}

function check(mask: Mask, schema: Schema): void {
  for (const [field, sub] of mask.fields) {
    const shape = schema[field];
    if (shape === undefined) throw new FieldSelectionError(field);
    if (sub !== true) {
      if (shape === true) throw new FieldSelectionError(field);
      check(sub, shape);
    }
  }
}

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    this.skipSpace();
    return this.at >= this.text.length;
  }

  list(): Mask {
    const mask: Mask = { all: false, fields: new Map() };
    do {
      this.item(mask);
    } while (this.eat(','));
    return mask;
  }

  private item(into: Mask): void {
    const path = [this.name()];
    while (this.eat('/')) path.push(this.name());
    const sub = this.eat('(') ? this.closeAfter(this.list()) : true;
    this.place(into, path, sub);
  }

  private place(into: Mask, path: string[], sub: Mask | true): void {
    const [head, ...rest] = path;
    if (head === '*') {
      if (rest.length > 0 || sub !== true) throw new FieldSelectionError(this.text);
      into.all = true;
      return;
    }
    if (rest.length === 0) {
      into.fields.set(head, merge(into.fields.get(head), sub));
      return;
    }
    const existing = into.fields.get(head);
    if (existing === true) return;
    const child = existing ?? { all: false, fields: new Map() };
    into.fields.set(head, child);
    this.place(child, rest, sub);
  }

  private closeAfter(mask: Mask): Mask {
    if (!this.eat(')')) throw new FieldSelectionError(this.text);
    return mask;
  }

  private name(): string {
    this.skipSpace();
    const match = /^(\*|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.text.slice(this.at));
    if (!match) throw new FieldSelectionError(this.text);
    this.at += match[0].length;
    return match[0];
  }

  private eat(ch: string): boolean {
    this.skipSpace();
    if (this.text[this.at] !== ch) return false;
    this.at += 1;
    return true;
  }

  private skipSpace(): void {
    while (this.text[this.at] === ' ') this.at += 1;
  }
}

function merge(a: Mask | true | undefined, b: Mask | true): Mask | true {
  if (a === undefined) return b;
  if (a === true || b === true) return true;
  const fields = new Map(a.fields);
  for (const [k, v] of b.fields) fields.set(k, merge(fields.get(k), v));
  return { all: a.all || b.all, fields };
}
