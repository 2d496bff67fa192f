/**
 * Pacing and backing off for Drive writes. Google states about 3 sustained write requests per
 * second per account for copies and inserts; beyond it Drive answers 403 userRateLimitExceeded or
 * 429. Staying under the rate costs nothing, while running into it costs a backoff, so writes are
 * paced, and backoff is only for what pacing cannot foresee (other scripts of the same account,
 * Drive's own hiccups).
 */
export const DEFAULT_WRITES_PER_SECOND = 3;

/** Where the times of recent writes are kept between executions (the previous slice's writes). */
export interface PacerMemory {
  load(): number[];
  save(times: number[]): void;
}

/**
 * How often the times of recent writes are handed to the memory while writes go (and once more
 * when the writes of a call are over, `flush`): a slice starts seconds after the previous one's
 * last write, so its memory only matters to a job that runs beside it, and a write to the cache
 * each round would cost a few per cent of the copying time.
 */
const MEMORY_EVERY_MS = 10_000;

/**
 * The clock reads whole milliseconds and a request leaves a moment after it is read, so a window
 * timed to the millisecond from the read could end a little before Drive's does; each refusal
 * that causes costs a backoff of a second or more, this margin a fraction of a per cent.
 */
const CLOCK_MARGIN_MS = 3;

/**
 * Lets at most `perWindow` writes start in any window of `windowMs` (3 per second by default).
 * The times of the last writes are remembered between executions, so a slice that starts right
 * after another one does not burst past the rate.
 */
export class WritePacer {
  readonly perWindow: number;
  readonly windowMs: number;
  private sent: number[] | null = null;
  private rememberedAt = -Infinity;
  private unremembered = false;

  constructor(
    writesPerSecond: number,
    private readonly memory: PacerMemory | null = null,
  ) {
    const rate = writesPerSecond > 0 ? writesPerSecond : DEFAULT_WRITES_PER_SECOND;
    this.perWindow = Math.max(1, Math.floor(rate));
    this.windowMs = Math.ceil((1000 * this.perWindow) / rate) + CLOCK_MARGIN_MS;
  }

  /** When `n` writes (at most a window's worth) may start together. */
  readyAt(n: number, now: number): number {
    const sent = this.recent(now);
    const over = sent.length + Math.min(n, this.perWindow) - this.perWindow;
    if (over <= 0) return now;
    return sent[over - 1] + this.windowMs;
  }

  /** Records `n` writes started at `at`, and remembers them for the next execution. */
  record(n: number, at: number): void {
    const sent = this.recent(at);
    for (let i = 0; i < n; i++) sent.push(at);
    this.sent = sent.slice(-this.perWindow);
    this.unremembered = true;
    if (at - this.rememberedAt >= MEMORY_EVERY_MS) this.flush();
  }

  /** Hands the times of the last writes to the memory, if they changed since it last had them. */
  flush(): void {
    if (!this.unremembered || !this.sent) return;
    this.unremembered = false;
    this.rememberedAt = Date.now();
    this.memory?.save(this.sent);
  }

  private recent(now: number): number[] {
    this.sent ??= (this.memory?.load() ?? [])
      .filter((t) => Number.isFinite(t))
      .sort((a, b) => a - b);
    this.sent = this.sent.filter((t) => t + this.windowMs > now);
    return this.sent;
  }
}

/**
 * Truncated exponential backoff with jitter, as Google's Drive guide describes it: after the nth
 * refusal in a row wait 2^n seconds plus up to one second at random, never more than the maximum.
 */
export class Backoff {
  private failures = 0;
  private until = 0;

  constructor(
    private readonly random: () => number,
    private readonly baseMs = 1000,
    private readonly maxMs = 32 * 1000,
  ) {}

  /** Called after an answer that asks for a pause; returns when requests may go again. */
  failed(now: number): number {
    const wait = Math.min(this.maxMs, this.baseMs * 2 ** this.failures) + this.random() * 1000;
    this.failures += 1;
    this.until = Math.max(this.until, now + Math.round(wait));
    return this.until;
  }

  /** Called after a round where Drive refused nothing: the next refusal starts from 1 s again. */
  succeeded(): void {
    this.failures = 0;
  }

  /** The time before which no request should be sent (0 when none is pending). */
  holdUntil(): number {
    return this.until;
  }
}
