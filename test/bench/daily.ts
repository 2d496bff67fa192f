/**
 * Files a day that can be staged and delivered, from what the benchmark measured each file to
 * cost, against Google's daily quotas and Drive's limits, and which of them binds first.
 *
 * Sources: the Apps Script quotas page, developers.google.com/apps-script/guides/services/quotas
 * ("Current quotas": triggers total runtime 90 min a day for consumer accounts, 6 h for Google
 * Workspace; URL Fetch calls 20,000 / 100,000 a day; Properties read/write 50,000 / 500,000 a
 * day; "Current limitations": script runtime 6 min an execution), the figures the emulator
 * enforces (emulator/core/quotas.ts); and Drive's own limits: about 3 sustained write requests a
 * second per account (Workspace Admin Help, Drive best practices) and 750 GB a day of uploads and
 * copies per user (Drive help, "upload limits"). The 6-minute limit bounds each execution, not the
 * day: every slice ends well within it.
 */
import { DAILY_QUOTAS } from '../../emulator/core/quotas';
import type { EngineRun, Step } from './engine';

export type Tier = 'consumer' | 'workspace';
export type Limit =
  'time' | 'triggerRuntime' | 'urlFetch' | 'properties' | 'driveWrites' | 'transfer';

const DAY_SECONDS = 24 * 60 * 60;
/** Drive: about 3 sustained writes a second per account. */
const DRIVE_WRITES_PER_SECOND = 3;
/** Drive: 750 GB a day per user, copies included. */
const TRANSFER_BYTES_PER_DAY = 750 * 1024 ** 3;

/** What one file staged and then delivered costs, both wizards' previews included. */
export interface CostPerFile {
  /** Simulated seconds the two phases take for it (a day has 86,400). */
  seconds: number;
  triggerRuntimeSeconds: number;
  urlFetches: number;
  properties: number;
  driveWrites: number;
  bytes: number;
}

const STEPS: readonly Step[] = ['stagingPreview', 'staging', 'deliveryPreview', 'delivery'];

export function costPerFile(run: EngineRun): CostPerFile | null {
  const { staging, delivery } = run;
  if (!delivery) return null;
  const files = staging.files;
  const quota = (kind: 'urlFetches' | 'properties') =>
    STEPS.reduce((n, s) => n + (run.quotas[s]?.[kind] ?? 0), 0) / files;
  return {
    seconds: staging.seconds / staging.files + delivery.seconds / delivery.files,
    triggerRuntimeSeconds: (staging.triggerRuntimeSeconds + delivery.triggerRuntimeSeconds) / files,
    urlFetches: quota('urlFetches'),
    properties: quota('properties'),
    driveWrites: (staging.driveWrites + delivery.driveWrites) / files,
    bytes: (staging.bytes + delivery.bytes) / files,
  };
}

/** Files a day each limit allows, for a tier. */
function allowed(cost: CostPerFile, tier: Tier): Record<Limit, number> {
  const per = (budget: number, used: number) => (used > 0 ? budget / used : Infinity);
  return {
    time: per(DAY_SECONDS, cost.seconds),
    triggerRuntime: per(DAILY_QUOTAS.triggerRuntime[tier] / 1000, cost.triggerRuntimeSeconds),
    urlFetch: per(DAILY_QUOTAS.urlFetch[tier], cost.urlFetches),
    properties: per(DAILY_QUOTAS.properties[tier], cost.properties),
    driveWrites: per(DRIVE_WRITES_PER_SECOND * DAY_SECONDS, cost.driveWrites),
    transfer: per(TRANSFER_BYTES_PER_DAY, cost.bytes),
  };
}

/** The files a day, and the limit reached first. */
export function filesPerDay(cost: CostPerFile, tier: Tier): { files: number; limit: Limit } {
  const limits = Object.entries(allowed(cost, tier)) as Array<[Limit, number]>;
  const [limit, files] = limits.reduce((a, b) => (b[1] < a[1] ? b : a));
  return { files: Math.floor(files), limit };
}
