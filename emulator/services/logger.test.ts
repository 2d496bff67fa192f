import { createContext, ServiceContext } from '../core/context';
import { LogBook, createConsole, createLogger } from './logger';

const OPS = 'ops@example.com';

function setup() {
  const ctx = createContext();
  const book = new LogBook();
  return { ctx, book, logger: createLogger(ctx, book), console: createConsole(ctx, book) };
}

function run<T>(ctx: ServiceContext, body: () => T): T {
  const result = ctx.runtime.execute('job', OPS, body);
  if (!result.ok) throw new Error(`execution failed: ${result.error}`);
  return result.value as T;
}

describe('Logger and console', () => {
  test('Logger.log replaces %s with the values and records who, when and at what level', () => {
    const { ctx, book, logger } = setup();
    run(ctx, () => logger.log('copied %s of %s files to %s', 3, 5, { id: 'f1' }));
    const [entry] = book.entries;
    expect(entry).toMatchObject({
      executionId: 1,
      fn: 'job',
      user: OPS,
      level: 'info',
      source: 'Logger',
      message: 'copied 3 of 5 files to {"id":"f1"}',
    });
    expect(entry.at).toBeLessThanOrEqual(ctx.clock.now());
  });

  test('console methods record their level and format like sprintf', () => {
    const { ctx, book, console } = setup();
    run(ctx, () => {
      console.log('plain');
      console.info('n=%d', 4);
      console.warn('careful');
      console.error('failed: %s', 'quota');
    });
    expect(book.entries.map((e) => [e.level, e.message])).toEqual([
      ['log', 'plain'],
      ['info', 'n=4'],
      ['warn', 'careful'],
      ['error', 'failed: quota'],
    ]);
  });

  test('getLog shows this execution’s Logger lines since clear()', () => {
    const { ctx, book, logger } = setup();
    run(ctx, () => logger.log('earlier run'));
    const log = run(ctx, () => {
      logger.log('one');
      logger.clear();
      logger.log('two');
      logger.log('three');
      return logger.getLog();
    });
    expect(log).toBe('two\nthree');
    expect(book.messages()).toEqual(['earlier run', 'one', 'two', 'three']);
    expect(book.messages(2)).toEqual(['one', 'two', 'three']);
  });

  test('console.time measures simulated time', () => {
    const { ctx, book, console } = setup();
    run(ctx, () => {
      console.time('copy');
      ctx.runtime.wait(1500);
      console.timeEnd('copy');
    });
    const [line] = book.messages();
    expect(line).toMatch(/^copy: 15\d\dms$/);
  });

  test('toJSON/fromJSON round trip', () => {
    const { ctx, book, logger } = setup();
    run(ctx, () => logger.log('kept'));
    expect(LogBook.fromJSON(JSON.parse(JSON.stringify(book))).entries).toEqual(book.entries);
  });
});
