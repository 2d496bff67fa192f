/**
 * The simulated clock every emulated service and the loaded bundle read. It only moves forward:
 * service calls advance it by their modelled latency, `Utilities.sleep` by the time slept, and tests
 * or the playground by `Workspace.advance`.
 */
export class SimClock {
  private nowMs: number;

  constructor(start: number = Date.UTC(2026, 10, 24, 9, 0, 0)) {
    this.nowMs = start;
  }

  now(): number {
    return this.nowMs;
  }

  advance(ms: number): number {
    if (!(ms >= 0) || !Number.isFinite(ms))
      throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.nowMs += ms;
    return this.nowMs;
  }

  /** Moves to `t` if it is later than now; the clock never goes back. */
  advanceTo(t: number): number {
    if (t > this.nowMs) this.nowMs = t;
    return this.nowMs;
  }
}

/**
 * A `Date` for the bundle's realm: `new Date()` and `Date.now()` read the simulated clock, every
 * other use behaves as the real Date. It is a Proxy of the host Date so that dates made by the
 * emulator and by the bundle are one kind of object (`instanceof Date` holds for both).
 */
export function simulatedDate(clock: SimClock): DateConstructor {
  return new Proxy(Date, {
    construct(target, args: unknown[]) {
      return args.length === 0
        ? new target(clock.now())
        : new (target as unknown as new (...a: unknown[]) => Date)(...args);
    },
    apply(target) {
      return new target(clock.now()).toString();
    },
    get(target, prop, receiver) {
      if (prop === 'now') return () => clock.now();
      return Reflect.get(target, prop, receiver);
    },
  });
}
