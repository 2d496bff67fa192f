import { createContext, ServiceContext } from '../core/context';
import {
  CACHE_ITEMS_KEPT,
  CACHE_KEY_MAX_CHARS,
  CACHE_MAX_TTL_S,
  CACHE_VALUE_MAX_BYTES,
  CacheStore,
  createCacheService,
} from './cache';

const OPS = 'ops@example.com';
const ANA = 'ana@example.com';

function setup() {
  const ctx = createContext({ seed: 3 });
  const store = new CacheStore();
  return { ctx, store, service: createCacheService(ctx, store) };
}

function run<T>(ctx: ServiceContext, body: () => T, user = OPS): T {
  const result = ctx.runtime.execute('test', user, body);
  if (!result.ok) throw new Error(`execution failed: ${result.error}`);
  return result.value as T;
}

function error(ctx: ServiceContext, body: () => unknown): string | undefined {
  const result = ctx.runtime.execute('test', OPS, body);
  expect(result.ok).toBe(false);
  return result.error;
}

describe('CacheService', () => {
  test('entries expire after 600 s by default, on the simulated clock', () => {
    const { ctx, service } = setup();
    run(ctx, () => service.getScriptCache().put('k', 'v'));
    const putAt = ctx.clock.now();
    ctx.clock.advanceTo(putAt + 590_000);
    expect(run(ctx, () => service.getScriptCache().get('k'))).toBe('v');
    ctx.clock.advanceTo(putAt + 600_000);
    expect(run(ctx, () => service.getScriptCache().get('k'))).toBeNull();
  });

  test('an explicit expiration up to 6 hours is honoured; longer is refused', () => {
    const { ctx, service } = setup();
    run(ctx, () => service.getScriptCache().put('long', 'v', CACHE_MAX_TTL_S));
    const putAt = ctx.clock.now();
    ctx.clock.advanceTo(putAt + (CACHE_MAX_TTL_S - 60) * 1000);
    expect(run(ctx, () => service.getScriptCache().get('long'))).toBe('v');
    ctx.clock.advanceTo(putAt + CACHE_MAX_TTL_S * 1000);
    expect(run(ctx, () => service.getScriptCache().get('long'))).toBeNull();

    expect(error(ctx, () => service.getScriptCache().put('x', 'v', CACHE_MAX_TTL_S + 1))).toMatch(
      /expirationInSeconds/,
    );
    expect(run(ctx, () => service.getScriptCache().get('x'))).toBeNull();
  });

  test('keys over 250 characters and values over 100 KB throw', () => {
    const { ctx, service } = setup();
    run(ctx, () => {
      const cache = service.getScriptCache();
      cache.put('k'.repeat(CACHE_KEY_MAX_CHARS), 'ok');
      cache.put('edge', 'v'.repeat(CACHE_VALUE_MAX_BYTES));
    });
    expect(error(ctx, () => service.getScriptCache().put('k'.repeat(251), 'v'))).toMatch(/key/);
    expect(
      error(ctx, () => service.getScriptCache().put('big', 'v'.repeat(CACHE_VALUE_MAX_BYTES + 1))),
    ).toMatch(/value/);
    expect(run(ctx, () => service.getScriptCache().get('edge'))?.length).toBe(
      CACHE_VALUE_MAX_BYTES,
    );
  });

  test('putAll stores nothing when one value is over the limit', () => {
    const { ctx, service } = setup();
    error(ctx, () =>
      service.getScriptCache().putAll({ a: '1', b: 'x'.repeat(CACHE_VALUE_MAX_BYTES + 1) }),
    );
    expect(run(ctx, () => service.getScriptCache().getAll(['a', 'b']))).toEqual({});
  });

  test('getAll returns only what is found; remove and removeAll', () => {
    const { ctx, service } = setup();
    const seen = run(ctx, () => {
      const cache = service.getScriptCache();
      cache.putAll({ a: '1', b: '2', c: '3' }, 60);
      const found = cache.getAll(['a', 'missing', 'c']);
      cache.remove('a');
      cache.removeAll(['b', 'c']);
      return { found, left: cache.getAll(['a', 'b', 'c']) };
    });
    expect(seen).toEqual({ found: { a: '1', c: '3' }, left: {} });
  });

  test('past 1,000 items the cache keeps the 900 farthest from expiration', () => {
    const { ctx, service } = setup();
    run(ctx, () => {
      const cache = service.getScriptCache();
      for (let i = 0; i < 1001; i += 1) cache.put(`k${i}`, 'v', 100 + i);
    });
    const kept = run(ctx, () =>
      service.getScriptCache().getAll(Array.from({ length: 1001 }, (_, i) => `k${i}`)),
    );
    expect(Object.keys(kept)).toHaveLength(CACHE_ITEMS_KEPT);
    expect(kept.k1000).toBe('v');
    expect(kept.k100).toBeUndefined();
    expect(kept.k101).toBe('v');
  });

  test('user caches are per user; the script cache is shared', () => {
    const { ctx, service } = setup();
    run(ctx, () => service.getUserCache().put('who', 'ops'), OPS);
    run(ctx, () => service.getScriptCache().put('shared', 'yes'), OPS);
    expect(run(ctx, () => service.getUserCache().get('who'), ANA)).toBeNull();
    expect(run(ctx, () => service.getScriptCache().get('shared'), ANA)).toBe('yes');
    expect(run(ctx, () => service.getDocumentCache()?.get('shared'))).toBeNull();
  });

  test('toJSON/fromJSON round trip keeps entries and their expiry', () => {
    const { ctx, service, store } = setup();
    run(ctx, () => service.getUserCache().put('k', 'v', 120), ANA);
    const restored = CacheStore.fromJSON(JSON.parse(JSON.stringify(store)));
    expect(restored.toJSON()).toEqual(store.toJSON());
    const again = createCacheService(ctx, restored);
    expect(run(ctx, () => again.getUserCache().get('k'), ANA)).toBe('v');
    ctx.clock.advance(121_000);
    expect(run(ctx, () => again.getUserCache().get('k'), ANA)).toBeNull();
  });
});
