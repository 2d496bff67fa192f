/**
 * Drive's write ceiling: Google states about 3 sustained write requests per second per account for
 * copies and inserts, and answers 403 userRateLimitExceeded / 429 beyond it. Modelled as a token
 * bucket per account: `burst` writes may arrive at once, then tokens refill at `perSecond`.
 */
export interface CeilingConfig {
  perSecond: number;
  burst: number;
}

export class WriteCeiling {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  readonly refused: Array<{ account: string; at: number }> = [];

  constructor(public config: CeilingConfig | null) {}

  /** True if a write by `account` at time `at` (ms) is within the ceiling; consumes a token. */
  admit(account: string, at: number): boolean {
    if (!this.config) return true;
    const { perSecond, burst } = this.config;
    const bucket = this.buckets.get(account) ?? { tokens: burst, at };
    // Overlapping executions write on their own timelines, so `at` may be earlier than the last
    // write: tokens only refill as time moves on.
    const refilled = Math.min(
      burst,
      bucket.tokens + (Math.max(0, at - bucket.at) / 1000) * perSecond,
    );
    if (refilled < 1) {
      this.buckets.set(account, { tokens: refilled, at: Math.max(at, bucket.at) });
      this.refused.push({ account, at });
      return false;
    }
    this.buckets.set(account, { tokens: refilled - 1, at: Math.max(at, bucket.at) });
    return true;
  }
}
