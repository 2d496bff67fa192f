import { WriteCeiling } from './ceiling';

describe("Drive's write ceiling", () => {
  test('a burst passes, then writes are refused until tokens refill at the sustained rate', () => {
    const ceiling = new WriteCeiling({ perSecond: 3, burst: 3 });
    const at0 = [0, 0, 0, 0].map(() => ceiling.admit('a@x.com', 0));
    expect(at0).toEqual([true, true, true, false]);
    expect(ceiling.admit('a@x.com', 200)).toBe(false);
    expect(ceiling.admit('a@x.com', 400)).toBe(true);
  });

  test('accounts are limited separately', () => {
    const ceiling = new WriteCeiling({ perSecond: 3, burst: 1 });
    expect(ceiling.admit('a@x.com', 0)).toBe(true);
    expect(ceiling.admit('b@x.com', 0)).toBe(true);
    expect(ceiling.admit('a@x.com', 0)).toBe(false);
  });

  test('paced at 3 per second, writes are never refused', () => {
    const ceiling = new WriteCeiling({ perSecond: 3, burst: 3 });
    for (let i = 0; i < 300; i++)
      expect(ceiling.admit('a@x.com', Math.ceil((i * 1000) / 3))).toBe(true);
    expect(ceiling.refused).toHaveLength(0);
  });

  test('a write stamped before the last one (an overlapping execution) refills nothing', () => {
    const ceiling = new WriteCeiling({ perSecond: 3, burst: 3 });
    expect([0, 0, 0].map(() => ceiling.admit('a@x.com', 10_000))).toEqual([true, true, true]);
    expect(ceiling.admit('a@x.com', 5_000)).toBe(false);
    expect(ceiling.admit('a@x.com', 10_400)).toBe(true);
  });

  test('no ceiling admits everything', () => {
    const ceiling = new WriteCeiling(null);
    expect([1, 2, 3, 4, 5].every(() => ceiling.admit('a@x.com', 0))).toBe(true);
  });
});
