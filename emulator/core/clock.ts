/**
 * The simulated clock every emulated service and the loaded bundle read. Service calls advance it
 * by their modelled latency, `Utilities.sleep` by the time slept, the script's own work by its
 * measured CPU time, and tests or the playground by `Workspace.advance`.
 *
 * Executions that overlap run one inside the other (see `Runtime.execute`), each on its own
 * timeline: `now` is the time of the execution that runs, and `jumpTo` puts it back to the outer
 * execution's time once an inner one ends. `latest` is the furthest any timeline has reached: the
 * time once every execution has ended.
 */
export class SimClock {
  private nowMs: number;
  private latestMs: number;

  constructor(start: number = Date.UTC(2026, 10, 24, 9, 0, 0)) {
    this.nowMs = start;
    this.latestMs = start;
  }

  now(): number {
    return this.nowMs;
  }

  /** The furthest time any execution's timeline has reached. */
  get latest(): number {
    return this.latestMs;
  }

  advance(ms: number): number {
    if (!(ms >= 0) || !Number.isFinite(ms))
      throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.nowMs += ms;
    if (this.nowMs > this.latestMs) this.latestMs = this.nowMs;
    return this.nowMs;
  }

  /** Moves to `t` if it is later than now; this never goes back. */
  advanceTo(t: number): number {
    if (t > this.nowMs) this.advance(t - this.nowMs);
    return this.nowMs;
  }

  /**
   * Puts the clock on another execution's timeline: an overlapping execution that starts at its
   * own start time, or the outer execution resuming at its own time once an inner one ended. Only
   * the runtime calls this; it never goes past `latest`, and `latest` never goes back.
   */
  jumpTo(t: number): number {
    if (!Number.isFinite(t) || t > this.latestMs)
      throw new RangeError(`cannot set the clock to ${t} (latest ${this.latestMs})`);
    this.nowMs = t;
    return this.nowMs;
  }
}

/**
 * A `Date` for the bundle's realm: `new Date()` and `Date.now()` read the simulated clock, every
 * other use behaves as the real Date. Its instances are host Dates and it shares their prototype,
 * so dates made by the emulator and by the bundle are one kind of object (`instanceof Date` holds
 * for both). A plain function rather than a Proxy: the bundle's `instanceof Date` checks run for
 * every date cell of 20,000-row sheets, and a Proxy made each one call its trap twice. `now` reads
 * the time: the workspace passes the runtime's `readClock`, which first charges the script's own
 * work since its last service call.
 */
export function simulatedDate(
  clock: SimClock,
  now: () => number = () => clock.now(),
): DateConstructor {
  const Host = Date;
  function SimDate(...args: unknown[]): Date | string {
    if (!new.target) return new Host(now()).toString();
    return args.length === 0
      ? new Host(now())
      : new (Host as unknown as new (...a: unknown[]) => Date)(...args);
  }
  SimDate.prototype = Host.prototype;
  SimDate.now = () => now();
  SimDate.parse = Host.parse;
  SimDate.UTC = Host.UTC;
  return SimDate as unknown as DateConstructor;
}
