// Bound once: under jest every lookup of the global Math is slow, and this runs millions of times.
const imul = Math.imul;
const floor = Math.floor;

/** A small seeded PRNG (mulberry32) so that every fault and latency draw repeats for a seed. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(maxExclusive: number): number {
    return floor(this.next() * maxExclusive);
  }
}
