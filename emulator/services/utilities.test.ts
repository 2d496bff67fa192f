import { createContext, ServiceContext } from '../core/context';
import { SLEEP_MAX_MS, createUtilities } from './utilities';

const OPS = 'ops@example.com';

function setup(seed = 9) {
  const ctx = createContext({ seed });
  return { ctx, utils: createUtilities(ctx) };
}

function run<T>(ctx: ServiceContext, body: () => T): T {
  const result = ctx.runtime.execute('test', OPS, body);
  if (!result.ok) throw new Error(`execution failed: ${result.error}`);
  return result.value as T;
}

describe('Utilities.sleep', () => {
  test('advances the simulated clock by the time slept', () => {
    const { ctx, utils } = setup();
    const before = ctx.clock.now();
    run(ctx, () => utils.sleep(90_000));
    expect(ctx.clock.now() - before).toBeGreaterThanOrEqual(90_000);
    expect(ctx.clock.now() - before).toBeLessThan(90_100);
  });

  test('refuses more than 300000 ms', () => {
    const { ctx, utils } = setup();
    const before = ctx.clock.now();
    const result = ctx.runtime.execute('test', OPS, () => utils.sleep(SLEEP_MAX_MS + 1));
    expect(result.ok).toBe(false);
    expect(result.killed).toBe(false);
    expect(ctx.clock.now() - before).toBeLessThan(1000);
  });

  test('sleeping past 6 minutes gets the execution killed', () => {
    const { ctx, utils } = setup();
    let reached = false;
    const result = ctx.runtime.execute('test', OPS, () => {
      utils.sleep(SLEEP_MAX_MS);
      utils.sleep(SLEEP_MAX_MS);
      reached = true;
    });
    expect(result.killed).toBe(true);
    expect(result.error).toMatch(/maximum execution time/i);
    expect(reached).toBe(false);
  });
});

describe('Utilities.formatDate', () => {
  const at = new Date(Date.UTC(2026, 0, 5, 14, 7, 9, 45)); // Monday 5 January 2026
  const cases: Array<[string, string, string]> = [
    ['Etc/UTC', 'yyyy-MM-dd', '2026-01-05'],
    ['Etc/UTC', "yyyy-MM-dd'T'HH:mm:ss", '2026-01-05T14:07:09'],
    ['Etc/UTC', 'EEE, d MMM yyyy', 'Mon, 5 Jan 2026'],
    ['Etc/UTC', 'EEEE d MMMM yy', 'Monday 5 January 26'],
    ['Etc/UTC', 'hh:mm a', '02:07 PM'],
    ['Etc/UTC', 'HH:mm:ss.SSS', '14:07:09.045'],
    ['Etc/UTC', "'Export_'yyyyMMdd'_''v1'''", "Export_20260105_'v1'"],
    ['Etc/UTC', 'Z XXX z', '+0000 Z UTC'],
    ['America/New_York', 'yyyy-MM-dd HH:mm Z', '2026-01-05 09:07 -0500'],
    ['Asia/Kolkata', 'HH:mm XXX', '19:37 +05:30'],
    ['GMT+2', 'HH:mm z', '16:07 GMT+02:00'],
    ['Not/AZone', 'HH:mm z', '14:07 GMT'],
    ['Europe/Paris', 'D u', '5 1'],
  ];

  test.each(cases)('%s "%s"', (zone, pattern, expected) => {
    const { ctx, utils } = setup();
    expect(run(ctx, () => utils.formatDate(at, zone, pattern))).toBe(expected);
  });

  test('week year and week follow Java (US): 31 Dec 2025 is in week 1 of 2026', () => {
    const { ctx, utils } = setup();
    const d = new Date(Date.UTC(2025, 11, 31, 12));
    expect(run(ctx, () => utils.formatDate(d, 'Etc/UTC', 'yyyy YYYY-ww'))).toBe('2025 2026-01');
  });

  test('an unknown pattern letter or an open quote throws', () => {
    const { ctx, utils } = setup();
    for (const pattern of ['yyyy-qq', "yyyy 'open"]) {
      const result = ctx.runtime.execute('test', OPS, () => utils.formatDate(at, 'UTC', pattern));
      expect(result.ok).toBe(false);
    }
  });
});

describe('Utilities ids and bytes', () => {
  test('getUuid has the RFC 4122 v4 shape and repeats for a seed', () => {
    const uuids = (seed: number) => {
      const { ctx, utils } = setup(seed);
      return run(ctx, () => [utils.getUuid(), utils.getUuid()]);
    };
    const first = uuids(42);
    for (const id of first) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(first[0]).not.toBe(first[1]);
    expect(uuids(42)).toEqual(first);
    expect(uuids(43)).not.toEqual(first);
  });

  test('base64 round trip and digests as signed Java bytes', () => {
    const { ctx, utils } = setup();
    const out = run(ctx, () => {
      const encoded = utils.base64Encode('héllo');
      const decoded = utils.base64Decode(encoded);
      return {
        encoded,
        text: Buffer.from(decoded.map((b) => b & 0xff)).toString('utf8'),
        md5: utils.computeDigest(utils.DigestAlgorithm.MD5, 'abc').slice(0, 2),
        sha: utils.computeDigest(utils.DigestAlgorithm.SHA_256, 'abc').slice(0, 2),
        webSafe: utils.base64EncodeWebSafe([0xfb - 256, 0xff - 256]),
      };
    });
    expect(out).toEqual({
      encoded: 'aMOpbGxv',
      text: 'héllo',
      md5: [0x90 - 256, 0x01],
      sha: [0xba - 256, 0x78],
      webSafe: '-_8=',
    });
    const bad = ctx.runtime.execute('test', OPS, () => utils.base64Decode('not base64!'));
    expect(bad.ok).toBe(false);
  });
});
