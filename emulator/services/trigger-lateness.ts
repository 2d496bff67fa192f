import { EmulatorUsageError } from '../core/errors';
import { SeededRandom } from '../core/random';

/** A share of trigger firings, late by a uniform draw between `minMs` and `maxMs`. */
export interface LatenessBand {
  share: number;
  minMs: number;
  maxMs: number;
}

/** Draws how late one firing of a time-driven trigger is, past its due time. */
export type LatenessDraw = () => number;

/**
 * Lateness drawn from bands (the figures and their sources are in latency.config.ts), on a stream
 * of its own: arming a trigger moves no other draw (call latency, faults, ids) of a seeded run.
 */
export function drawnLateness(bands: readonly LatenessBand[], random: SeededRandom): LatenessDraw {
  const total = bands.reduce((n, b) => n + b.share, 0);
  if (bands.length === 0 || Math.abs(total - 1) > 1e-9) {
    throw new EmulatorUsageError(`trigger lateness shares must add up to 1, not ${total}`);
  }
  const within = (band: LatenessBand) => Math.round(random.between(band.minMs, band.maxMs));
  return () => {
    let u = random.next();
    for (const band of bands) {
      if (u < band.share) return within(band);
      u -= band.share;
    }
    return within(bands[bands.length - 1]);
  };
}

/** The same lateness for every firing (a test that wants it fixed, or none). */
export function flatLateness(ms: number): LatenessDraw {
  return () => ms;
}
