import { format as nodeFormat } from 'node:util';
import { ServiceContext, asReal } from '../core/context';

export type LogLevel = 'log' | 'info' | 'warn' | 'error';

export interface LogEntry {
  executionId: number;
  fn: string;
  user: string;
  /** Simulated clock time, ms. */
  at: number;
  level: LogLevel;
  source: 'Logger' | 'console';
  message: string;
}

/** Every log line of the workspace, in order, for tests and the playground to read. */
export class LogBook {
  readonly entries: LogEntry[] = [];
  /** Per execution, how many of its Logger entries Logger.clear() has hidden from getLog(). */
  private readonly cleared = new Map<number, number>();

  add(entry: LogEntry): void {
    this.entries.push(entry);
  }

  forExecution(executionId: number): LogEntry[] {
    return this.entries.filter((e) => e.executionId === executionId);
  }

  messages(executionId?: number): string[] {
    const entries = executionId === undefined ? this.entries : this.forExecution(executionId);
    return entries.map((e) => e.message);
  }

  /** What Logger.getLog() shows: the execution's Logger lines since its last clear(). */
  loggerLines(executionId: number): string[] {
    const lines = this.forExecution(executionId).filter((e) => e.source === 'Logger');
    return lines.slice(this.cleared.get(executionId) ?? 0).map((e) => e.message);
  }

  clearLogger(executionId: number): void {
    const count = this.forExecution(executionId).filter((e) => e.source === 'Logger').length;
    this.cleared.set(executionId, count);
  }

  clear(): void {
    this.entries.length = 0;
    this.cleared.clear();
  }

  toJSON(): LogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  static fromJSON(json: unknown): LogBook {
    const book = new LogBook();
    if (Array.isArray(json)) for (const e of json as LogEntry[]) book.add({ ...e });
    return book;
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toString();
  if (value !== null && typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** Logger.log(format, values...): "%s placeholders ... replaced with the values, as strings". */
function loggerMessage(data: unknown, values: unknown[]): string {
  if (values.length === 0 || typeof data !== 'string') return show(data);
  let next = 0;
  return data.replace(/%s/g, (match) => (next < values.length ? show(values[next++]) : match));
}

function record(
  ctx: ServiceContext,
  book: LogBook,
  source: LogEntry['source'],
  level: LogLevel,
  message: string,
): void {
  const ex = ctx.runtime.current();
  book.add({
    executionId: ex.id,
    fn: ex.fn,
    user: ex.user,
    at: ctx.clock.now(),
    level,
    source,
    message,
  });
}

class FakeLogger implements Pick<GoogleAppsScript.Base.Logger, 'log' | 'getLog' | 'clear'> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly book: LogBook,
  ) {}

  log(data: unknown, ...values: unknown[]): GoogleAppsScript.Base.Logger {
    return this.ctx.runtime.guard('Logger', 'log', 'write', () => {
      record(this.ctx, this.book, 'Logger', 'info', loggerMessage(data, values));
      return asReal<GoogleAppsScript.Base.Logger>(this);
    });
  }

  getLog(): string {
    return this.ctx.runtime.guard('Logger', 'getLog', 'read', () =>
      this.book.loggerLines(this.ctx.runtime.current().id).join('\n'),
    );
  }

  clear(): void {
    this.ctx.runtime.guard('Logger', 'clear', 'write', () =>
      this.book.clearLogger(this.ctx.runtime.current().id),
    );
  }
}

export function createLogger(ctx: ServiceContext, book: LogBook): GoogleAppsScript.Base.Logger {
  return asReal<GoogleAppsScript.Base.Logger>(new FakeLogger(ctx, book));
}

/** Apps Script's console: sprintf-style formatting, one entry per call, timers on the clock. */
class FakeConsole implements Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'time' | 'timeEnd'> {
  private readonly timers = new Map<string, number>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly book: LogBook,
  ) {}

  log(...args: unknown[]): void {
    this.write('log', args);
  }

  info(...args: unknown[]): void {
    this.write('info', args);
  }

  warn(...args: unknown[]): void {
    this.write('warn', args);
  }

  error(...args: unknown[]): void {
    this.write('error', args);
  }

  time(label: string): void {
    this.ctx.runtime.guard('Logger', 'console.time', 'write', () => {
      this.timers.set(String(label), this.ctx.clock.now());
    });
  }

  timeEnd(label: string): void {
    this.ctx.runtime.guard('Logger', 'console.timeEnd', 'write', () => {
      const started = this.timers.get(String(label));
      if (started === undefined) return;
      this.timers.delete(String(label));
      const ms = this.ctx.clock.now() - started;
      record(this.ctx, this.book, 'console', 'info', `${label}: ${ms}ms`);
    });
  }

  // Gated as Logger calls: console writes to the same log and costs what Logger.log costs.
  private write(level: LogLevel, args: unknown[]): void {
    this.ctx.runtime.guard('Logger', `console.${level}`, 'write', () => {
      record(this.ctx, this.book, 'console', level, nodeFormat(...args));
    });
  }
}

export function createConsole(ctx: ServiceContext, book: LogBook): Console {
  return asReal<Console>(new FakeConsole(ctx, book));
}
