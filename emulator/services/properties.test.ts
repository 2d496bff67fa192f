import { createContext, ServiceContext } from '../core/context';
import {
  PROPERTY_STORE_MAX_BYTES,
  PROPERTY_VALUE_MAX_BYTES,
  PropertyStores,
  STORE_QUOTA_MESSAGE,
  createPropertiesService,
} from './properties';

const OPS = 'ops@example.com';
const ANA = 'ana@example.com';

function setup() {
  const ctx = createContext({ seed: 7 });
  const stores = new PropertyStores();
  const service = createPropertiesService(ctx, stores);
  return { ctx, stores, service };
}

function run<T>(ctx: ServiceContext, body: () => T, user = OPS): T {
  const result = ctx.runtime.execute('test', user, body);
  if (!result.ok) throw new Error(`execution failed: ${result.error}`);
  return result.value as T;
}

describe('PropertiesService', () => {
  test('stores every value as a string and returns copies', () => {
    const { ctx, service } = setup();
    const all = run(ctx, () => {
      const props = service.getScriptProperties();
      props.setProperty('count', 5 as unknown as string);
      const copy = props.getProperties();
      copy.count = 'changed';
      return props.getProperties();
    });
    expect(all).toEqual({ count: '5' });
  });

  test('a value over 9 KB (counted in UTF-8 bytes) throws and changes nothing', () => {
    const { ctx, service } = setup();
    run(ctx, () => service.getScriptProperties().setProperty('k', 'old'));
    const atLimit = run(ctx, () => {
      service.getScriptProperties().setProperty('edge', 'a'.repeat(PROPERTY_VALUE_MAX_BYTES));
      return service.getScriptProperties().getProperty('edge')?.length;
    });
    expect(atLimit).toBe(PROPERTY_VALUE_MAX_BYTES);

    // 4,609 characters but 9,218 bytes: the limit is on bytes.
    const tooBig = 'é'.repeat(PROPERTY_VALUE_MAX_BYTES / 2 + 1);
    const result = ctx.runtime.execute('test', OPS, () =>
      service.getScriptProperties().setProperty('k', tooBig),
    );
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/too large/i);
    expect(run(ctx, () => service.getScriptProperties().getProperty('k'))).toBe('old');
  });

  test('the 500 KB store limit counts keys as well as values', () => {
    const { ctx, service, stores } = setup();
    const key = (i: number) => `k${String(i).padStart(3, '0')}`.padEnd(200, '-');
    const value = 'v'.repeat(9000);
    // 55 pairs of 9,200 bytes fit (506,000 bytes); values alone would leave room for a 56th.
    run(ctx, () => {
      const props = service.getScriptProperties();
      for (let i = 0; i < 55; i += 1) props.setProperty(key(i), value);
    });
    const refused = ctx.runtime.execute('test', OPS, () =>
      service.getScriptProperties().setProperty(key(55), value),
    );
    expect(refused.error).toBe(STORE_QUOTA_MESSAGE);
    expect(stores.script.size).toBe(55);

    // What is left (512,000 - 506,000 bytes) still takes a short key with a 5,000-byte value.
    run(ctx, () => service.getScriptProperties().setProperty('x', 'y'.repeat(5000)));
    expect(stores.script.size).toBe(56);
    const total = [...stores.script].reduce((n, [k, v]) => n + k.length + v.length, 0);
    expect(total).toBeLessThanOrEqual(PROPERTY_STORE_MAX_BYTES);
  });

  test('setProperties is all or nothing, and deleteAllOthers replaces the store', () => {
    const { ctx, service } = setup();
    run(ctx, () => service.getDocumentProperties().setProperties({ keep: '1', drop: '2' }));
    const failed = ctx.runtime.execute('test', OPS, () =>
      service
        .getDocumentProperties()
        .setProperties({ a: 'fine', big: 'x'.repeat(PROPERTY_VALUE_MAX_BYTES + 1) }),
    );
    expect(failed.ok).toBe(false);
    expect(run(ctx, () => service.getDocumentProperties().getProperties())).toEqual({
      keep: '1',
      drop: '2',
    });

    run(ctx, () => service.getDocumentProperties().setProperties({ only: 'me' }, true));
    expect(run(ctx, () => service.getDocumentProperties().getKeys())).toEqual(['only']);
  });

  test('delete one and delete all', () => {
    const { ctx, service } = setup();
    const after = run(ctx, () => {
      const p = service.getScriptProperties().setProperties({ a: '1', b: '2', c: '3' });
      p.deleteProperty('b');
      const keys = p.getKeys();
      p.deleteAllProperties();
      return { keys, rest: p.getProperties(), missing: p.getProperty('a') };
    });
    expect(after).toEqual({ keys: ['a', 'c'], rest: {}, missing: null });
  });

  test('user properties belong to the user the execution runs as', () => {
    const { ctx, service } = setup();
    run(ctx, () => service.getUserProperties().setProperty('mode', 'ops'), OPS);
    run(ctx, () => service.getUserProperties().setProperty('mode', 'ana'), ANA);
    expect(run(ctx, () => service.getUserProperties().getProperty('mode'), OPS)).toBe('ops');
    expect(run(ctx, () => service.getUserProperties().getProperty('mode'), ANA)).toBe('ana');
    expect(run(ctx, () => service.getScriptProperties().getProperty('mode'))).toBeNull();
  });

  test('calls pass the gate: they cost clock time and faults fail them without effect', () => {
    const { ctx, service } = setup();
    const before = ctx.clock.now();
    run(ctx, () => service.getScriptProperties().setProperty('a', '1'));
    expect(ctx.clock.now()).toBeGreaterThan(before);

    ctx.runtime.faults.add({
      kind: 'error',
      nth: 1,
      match: (c) => c.method === 'Properties.setProperty',
    });
    const failed = ctx.runtime.execute('test', OPS, () =>
      service.getScriptProperties().setProperty('a', '2'),
    );
    expect(failed.ok).toBe(false);
    expect(run(ctx, () => service.getScriptProperties().getProperty('a'))).toBe('1');
  });

  test('toJSON/fromJSON round trip keeps every store', () => {
    const { ctx, service, stores } = setup();
    run(ctx, () => service.getScriptProperties().setProperty('s', '1'));
    run(ctx, () => service.getDocumentProperties().setProperty('d', '2'));
    run(ctx, () => service.getUserProperties().setProperty('u', '3'), ANA);
    const restored = PropertyStores.fromJSON(JSON.parse(JSON.stringify(stores)));
    expect(restored.toJSON()).toEqual(stores.toJSON());
    expect(restored.user(ANA).get('u')).toBe('3');
    expect(() => PropertyStores.fromJSON({ script: { a: 1 } })).toThrow(/not a string/);
  });
});
