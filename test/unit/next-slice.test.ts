import {
  MAX_EARLY_MS,
  armsEarly,
  earlyByMs,
  latenessSamples,
  withSample,
} from '../../src/jobs/next-slice';

describe('how far ahead the next slice is armed', () => {
  test('by the median lateness of the recent firings, at most 45 s; at its end before any', () => {
    expect(earlyByMs([])).toBe(0);
    expect(earlyByMs([12_000])).toBe(12_000);
    expect(earlyByMs([40_000, 10_000, 20_000])).toBe(20_000);
    expect(earlyByMs([10_000, 20_000, 30_000, 40_000])).toBe(25_000);
    // A tail of minutes does not carry it past what a successor waits for its turn.
    expect(earlyByMs([200_000, 300_000, 400_000])).toBe(MAX_EARLY_MS);
  });

  test('the record keeps the last 20 firings, none negative, and survives a bad value', () => {
    let samples: number[] = [];
    for (let i = 0; i < 25; i++) samples = withSample(samples, i * 1000);
    expect(samples).toHaveLength(20);
    expect(samples[0]).toBe(5000);
    expect(withSample([], -300)).toEqual([0]);
    expect(latenessSamples(JSON.stringify(samples))).toEqual(samples);
    expect(latenessSamples(undefined)).toEqual([]);
    expect(latenessSamples('not json')).toEqual([]);
    expect(latenessSamples('{"a":1}')).toEqual([]);
    expect(latenessSamples('[1000,"x",null,2000]')).toEqual([1000, 2000]);
  });

  test('armed early unless switched off, or the day’s trigger runtime left cannot cover the work', () => {
    expect(armsEarly(undefined, null, 10_000_000)).toBe(true);
    expect(armsEarly('auto', 600_000, 300_000)).toBe(true);
    expect(armsEarly(undefined, 300_000, 600_000)).toBe(false);
    expect(armsEarly('off', null, 0)).toBe(false);
  });
});
