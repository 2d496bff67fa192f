import { SeededRandom } from './random';

/** One modelled cost: a call takes a uniform draw between min and max milliseconds. */
export interface Cost {
  minMs: number;
  maxMs: number;
}

export type LatencyTable = Record<string, Cost>;

/**
 * How long service calls take on the simulated clock. Keys are `Service.method` (for example
 * `DriveApp.File.makeCopy`, `UrlFetchApp.drive.files.copy`), falling back to `Service.read` /
 * `Service.write` and then to `default`. The figures and their public sources live in
 * `emulator/latency.config.ts`.
 */
export class LatencyModel {
  constructor(
    private readonly table: LatencyTable,
    private readonly random: SeededRandom,
  ) {}

  costOf(service: string, method: string, kind: 'read' | 'write'): number {
    const cost =
      this.table[`${service}.${method}`] ?? this.table[`${service}.${kind}`] ?? this.table.default;
    if (!cost) return 0;
    return Math.round(this.random.between(cost.minMs, cost.maxMs));
  }

  /** The modelled cost of a call without drawing: its midpoint, for planning figures. */
  typical(service: string, method: string, kind: 'read' | 'write'): number {
    const cost =
      this.table[`${service}.${method}`] ?? this.table[`${service}.${kind}`] ?? this.table.default;
    return cost ? (cost.minMs + cost.maxMs) / 2 : 0;
  }
}
