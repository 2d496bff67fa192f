import { SimClock } from './clock';
import { WriteCeiling } from './ceiling';
import { FaultInjector } from './faults';
import { LatencyModel, LatencyTable } from './latency';
import { AccountTier, QuotaLedger, meterTriggerRuntime } from './quotas';
import { SeededRandom } from './random';
import { Runtime } from './runtime';

/** What every emulated service is built from: one per workspace. */
export interface ServiceContext {
  runtime: Runtime;
  clock: SimClock;
  /** Seeded randomness for services (ids, latency draws); faults have their own stream. */
  random: SeededRandom;
  ceiling: WriteCeiling;
  /** The per-user daily quotas, shared by every service and execution of the workspace. */
  quotas: QuotaLedger;
  timeZone: string;
  /** Email of the user the current execution runs as. */
  user(): string;
  /** Folder the built deployment (Code.js, *.html) is read from. */
  distDir: string;
  scriptId: string;
}

export interface ContextOptions {
  seed?: number;
  latency?: LatencyTable;
  ceiling?: WriteCeiling['config'];
  /** Which column of Google's quotas table applies: consumer (default) or Google Workspace. */
  accountTier?: AccountTier;
  start?: number;
  timeZone?: string;
  distDir?: string;
}

export function createContext(opts: ContextOptions = {}): ServiceContext {
  const seed = opts.seed ?? 1;
  const clock = new SimClock(opts.start);
  const random = new SeededRandom(seed);
  const runtime = new Runtime(
    clock,
    new LatencyModel(
      opts.latency ?? { default: { minMs: 5, maxMs: 5 } },
      new SeededRandom(seed ^ 0x5eed),
    ),
    new FaultInjector(new SeededRandom(seed ^ 0xfa17)),
  );
  const quotas = new QuotaLedger(clock, opts.accountTier ?? 'consumer');
  meterTriggerRuntime(runtime, quotas);
  return {
    runtime,
    clock,
    random,
    ceiling: new WriteCeiling(opts.ceiling ?? null),
    quotas,
    timeZone: opts.timeZone ?? 'Etc/UTC',
    user: () => runtime.current().user,
    distDir: opts.distDir ?? 'dist',
    scriptId: 'emulated-script-id',
  };
}

/** The real Apps Script type for a fake object: the one place a fake crosses into the real API. */
export function asReal<T>(fake: unknown): T {
  return fake as T;
}
