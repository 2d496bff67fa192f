/**
 * The value of a formula a script wrote (text beginning with `=`). Sheets evaluates every
 * formula; the emulator evaluates a small part of the language, enough for what scripts and
 * tests write, and answers an error value for the rest rather than a made-up result:
 *
 * - literals: numbers (`=1+2`), text in double quotes with `""` for a quote (`="abc"`), `TRUE`
 *   and `FALSE`;
 * - operators: `+ - * / ^`, unary `-` and `+`, `%`, `&` (joins text), and the comparisons
 *   `= <> < > <= >=`, with Sheets' precedence;
 * - the functions `HYPERLINK(url, [link_label])` (the cell shows the label, or the url without
 *   one), `CONCATENATE(value, ...)` and `LEN(text)`.
 *
 * Any other name (a function the emulator does not evaluate, a cell reference such as `A1`, a
 * named range) is `#NAME?`, the error Sheets gives an unknown function; text the emulator cannot
 * parse (an unclosed quote or bracket, `:`, `!`, `$`, `{`, a stray character) is `#ERROR!`,
 * Sheets' "Formula parse error". Arithmetic on text that is no number is `#VALUE!`, a division
 * by zero `#DIV/0!`, a wrong number of arguments `#N/A`. Scripts read an error cell's value as its
 * text (`getValue()` answers `'#NAME?'`). The function list of Sheets is
 * support.google.com/docs/table/25273; HYPERLINK's page is support.google.com/docs/answer/3093313.
 */
import { parseNumber } from './typed';

class FormulaError {
  constructor(readonly code: string) {}
}

type Value = number | string | boolean | FormulaError;

class ParseError extends Error {}

type Token =
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'name'; value: string }
  | { kind: 'op'; value: string };

const OPERATORS = [
  '<>',
  '<=',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '^',
  '&',
  '%',
  '(',
  ')',
  ',',
  '=',
  '<',
  '>',
];

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= body.length) throw new ParseError('unclosed text');
        if (body[i] === '"') {
          if (body[i + 1] === '"') {
            text += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += body[i++];
      }
      tokens.push({ kind: 'text', value: text });
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(body.slice(i));
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(body.slice(i));
    if (name) {
      tokens.push({ kind: 'name', value: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => body.startsWith(o, i));
    if (!op) throw new ParseError(`unexpected ${c}`);
    tokens.push({ kind: 'op', value: op });
    i += op.length;
  }
  return tokens;
}

function isError(v: Value): v is FormulaError {
  return v instanceof FormulaError;
}

function toNumber(v: Value): number | FormulaError {
  if (isError(v)) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === '') return 0;
  return parseNumber(v) ?? new FormulaError('#VALUE!');
}

function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

function toText(v: Value): string | FormulaError {
  if (isError(v)) return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return numberText(v);
  return v;
}

function arithmetic(op: string, a: Value, b: Value): Value {
  const x = toNumber(a);
  if (isError(x)) return x;
  const y = toNumber(b);
  if (isError(y)) return y;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? new FormulaError('#DIV/0!') : x / y;
    default:
      return Math.pow(x, y);
  }
}

/** Sheets orders numbers before text before booleans; text compares without case. */
function compare(op: string, a: Value, b: Value): Value {
  if (isError(a)) return a;
  if (isError(b)) return b;
  const rank = (v: number | string | boolean) =>
    typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2;
  let order = rank(a) - rank(b);
  if (order === 0) {
    if (typeof a === 'string') {
      const x = a.toLowerCase();
      const y = String(b).toLowerCase();
      order = x < y ? -1 : x > y ? 1 : 0;
    } else {
      order = Number(a) - Number(b);
    }
  }
  switch (op) {
    case '=':
      return order === 0;
    case '<>':
      return order !== 0;
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    default:
      return order >= 0;
  }
}

type Call = (args: Value[]) => Value;

const FUNCTIONS: Record<string, Call> = {
  HYPERLINK: (args) => {
    if (args.length < 1 || args.length > 2) return new FormulaError('#N/A');
    const error = args.find(isError);
    if (error) return error;
    return args.length === 2 ? args[1] : args[0];
  },
  CONCATENATE: (args) => {
    if (args.length < 1) return new FormulaError('#N/A');
    let joined = '';
    for (const a of args) {
      const text = toText(a);
      if (isError(text)) return text;
      joined += text;
    }
    return joined;
  },
  LEN: (args) => {
    if (args.length !== 1) return new FormulaError('#N/A');
    const text = toText(args[0]);
    return isError(text) ? text : text.length;
  },
};

/** A recursive-descent parser that evaluates as it goes (nothing a formula does has effects). */
class Parser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Value {
    const value = this.comparison();
    if (this.at < this.tokens.length) throw new ParseError('unexpected token');
    return value;
  }

  private peekOp(...ops: string[]): string | null {
    const t = this.tokens[this.at];
    return t?.kind === 'op' && ops.includes(t.value) ? t.value : null;
  }

  private expect(op: string): void {
    if (!this.peekOp(op)) throw new ParseError(`expected ${op}`);
    this.at++;
  }

  private binary(
    ops: string[],
    next: () => Value,
    apply: (op: string, a: Value, b: Value) => Value,
  ) {
    let value = next();
    for (let op = this.peekOp(...ops); op; op = this.peekOp(...ops)) {
      this.at++;
      value = apply(op, value, next());
    }
    return value;
  }

  private comparison(): Value {
    return this.binary(['=', '<>', '<', '>', '<=', '>='], () => this.concat(), compare);
  }

  private concat(): Value {
    return this.binary(
      ['&'],
      () => this.additive(),
      (_, a, b) => {
        const x = toText(a);
        if (isError(x)) return x;
        const y = toText(b);
        return isError(y) ? y : x + y;
      },
    );
  }

  private additive(): Value {
    return this.binary(['+', '-'], () => this.multiplicative(), arithmetic);
  }

  private multiplicative(): Value {
    return this.binary(['*', '/'], () => this.power(), arithmetic);
  }

  private power(): Value {
    return this.binary(['^'], () => this.unary(), arithmetic);
  }

  private unary(): Value {
    const sign = this.peekOp('+', '-');
    if (!sign) return this.percent();
    this.at++;
    const value = toNumber(this.unary());
    if (isError(value)) return value;
    return sign === '-' ? -value : value;
  }

  private percent(): Value {
    let value = this.primary();
    while (this.peekOp('%')) {
      this.at++;
      const n = toNumber(value);
      value = isError(n) ? n : n / 100;
    }
    return value;
  }

  private primary(): Value {
    const t = this.tokens[this.at++];
    if (!t) throw new ParseError('formula ends early');
    if (t.kind === 'number' || t.kind === 'text') return t.value;
    if (t.kind === 'op') {
      if (t.value !== '(') throw new ParseError(`unexpected ${t.value}`);
      const value = this.comparison();
      this.expect(')');
      return value;
    }
    if (this.peekOp('(')) {
      this.at++;
      const args = this.args();
      const call = FUNCTIONS[t.value.toUpperCase()];
      return call ? call(args) : new FormulaError('#NAME?');
    }
    const upper = t.value.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return upper === 'TRUE';
    return new FormulaError('#NAME?');
  }

  /** The arguments up to the closing bracket; an empty one is empty text. */
  private args(): Value[] {
    const args: Value[] = [];
    if (this.peekOp(')')) {
      this.at++;
      return args;
    }
    for (;;) {
      args.push(this.peekOp(',', ')') ? '' : this.comparison());
      if (this.peekOp(')')) {
        this.at++;
        return args;
      }
      this.expect(',');
    }
  }
}

/** The value a formula cell shows: a number, text, a boolean, or an error value's text. */
export function evaluateFormula(formula: string): number | string | boolean {
  let value: Value;
  try {
    value = new Parser(tokenize(formula.replace(/^=/, ''))).parse();
  } catch (e) {
    if (e instanceof ParseError) return '#ERROR!';
    throw e;
  }
  if (isError(value)) return value.code;
  if (typeof value === 'number' && !Number.isFinite(value)) return '#NUM!';
  return value;
}
