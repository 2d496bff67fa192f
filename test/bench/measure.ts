/**
 * What the benchmark measures on a workspace: the executions of a phase, their Apps Script runtime
 * on the simulated clock, the sheet calls each made, and the files a phase left in Drive.
 */
import type { Execution, Workspace } from '../../emulator';

export interface PhaseFigures {
  files: number;
  duplicates: number;
  /** Simulated seconds from the phase's start to its last copy. */
  seconds: number;
  filesPerSecond: number;
  /** Share of those seconds in which none of the phase's executions ran (waiting for triggers). */
  idleShare: number;
  executions: number;
  runtimeSeconds: number;
  runtimeSecondsPer1000Files: number;
  maxExecutionSeconds: number;
  /** Spreadsheet calls made by each slice that worked on tasks (not the last, which finishes). */
  sheetCallsPerSlice: { min: number; max: number };
  refusedWrites: number;
  /** UrlFetchApp requests (each request of a fetchAll counts, as Google's daily quota does). */
  urlFetches: number;
  /** Drive writes (copies, creations, updates), over REST or DriveApp. */
  driveWrites: number;
  /** Seconds of executions started by triggers (the daily "Triggers total runtime" quota). */
  triggerRuntimeSeconds: number;
  /** Bytes of the files the phase left in Drive (what it transferred). */
  bytes: number;
  /**
   * Simulated seconds of the phase's executions by what they were doing: each service call's
   * time up to the script's next call (its latency, then the script's own work), the pacer's and
   * backoff's sleeps apart.
   */
  secondsBy: Record<string, number>;
}

/**
 * Counts the SpreadsheetApp and the UrlFetchApp requests, and the Drive writes, of every execution
 * while it runs.
 */
export class SheetCallCounter {
  readonly byExecution = new Map<number, number>();
  readonly fetchesByExecution = new Map<number, number>();
  readonly driveWritesByExecution = new Map<number, number>();
  /** Execution -> what it was doing -> simulated ms. */
  readonly msByExecution = new Map<number, Map<string, number>>();
  private readonly stop: () => void;

  constructor(ws: Workspace) {
    const add = (counts: Map<number, number>, id: number) =>
      counts.set(id, (counts.get(id) ?? 0) + 1);
    let last: { execution: number; doing: string; at: number } | null = null;
    this.stop = ws.runtime.onCall((call) => {
      const at = ws.clock.now();
      if (last && last.execution === call.executionId) {
        const spent = this.msByExecution.get(last.execution) ?? new Map<string, number>();
        spent.set(last.doing, (spent.get(last.doing) ?? 0) + at - last.at);
        this.msByExecution.set(last.execution, spent);
      }
      last = { execution: call.executionId, doing: doingOf(call), at };
      if (call.service === 'SpreadsheetApp') add(this.byExecution, call.executionId);
      // The add-on sends every Drive call in a batch request: one URL Fetch call per batch.
      if (call.service === 'UrlFetchApp' && call.method === 'drive.batch') {
        add(this.fetchesByExecution, call.executionId);
      }
      const restWrite = call.service === 'UrlFetchApp' && DRIVE_REST_WRITE.test(call.method);
      if (restWrite || (call.service === 'DriveApp' && call.kind === 'write')) {
        add(this.driveWritesByExecution, call.executionId);
      }
    });
  }

  dispose(): void {
    this.stop();
  }
}

/** What a call's time is counted as. */
function doingOf(call: { service: string; method: string }): string {
  if (call.service === 'Utilities' && call.method === 'sleep') return 'waits';
  if (call.service === 'UrlFetchApp') return 'Drive requests';
  if (['SpreadsheetApp', 'PropertiesService', 'CacheService'].includes(call.service)) {
    return 'storage';
  }
  if (call.service === 'ScriptApp' || call.service === 'LockService') return 'triggers, locks';
  return 'other';
}

/** The Drive REST calls that write (Drive's "write or insert requests"). */
const DRIVE_REST_WRITE = /^drive\.files\.(copy|create|update|delete)$/;

/** Bytes of the files (not folders) under a folder. */
export function bytesUnder(ws: Workspace, folderId: string): number {
  let bytes = 0;
  for (const item of ws.drive.children(folderId)) {
    bytes +=
      item.mimeType === 'application/vnd.google-apps.folder' ? bytesUnder(ws, item.id) : item.size;
  }
  return bytes;
}

/** Files (not folders) under a folder, by path; a name seen twice is a duplicate. */
export function filesUnder(ws: Workspace, folderId: string, prefix = ''): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of ws.drive.children(folderId)) {
    const path = `${prefix}${item.name}`;
    if (item.mimeType === 'application/vnd.google-apps.folder') {
      for (const [k, v] of filesUnder(ws, item.id, `${path}/`)) out.set(k, (out.get(k) ?? 0) + v);
    } else {
      out.set(path, (out.get(path) ?? 0) + 1);
    }
  }
  return out;
}

/**
 * The creation time of the newest file in the sub-folders of a folder (when Drive made the last
 * copy); files directly in it (the export sheet) are not copies.
 */
export function lastCopyAt(ws: Workspace, folderId: string, depth = 0): number {
  let last = 0;
  for (const item of ws.drive.children(folderId)) {
    if (item.mimeType === 'application/vnd.google-apps.folder') {
      last = Math.max(last, lastCopyAt(ws, item.id, depth + 1));
    } else if (depth > 0) {
      last = Math.max(last, item.createdAt);
    }
  }
  return last;
}

export function figures(input: {
  ws: Workspace;
  startedAt: number;
  lastCopyAt: number;
  tree: Map<string, number>;
  executions: readonly Execution[];
  workingSlices: readonly Execution[];
  sheetCalls: SheetCallCounter;
  refusedBefore: number;
  /** Bytes the phase transferred, when measured. */
  bytes?: number;
}): PhaseFigures {
  const files = [...input.tree.values()].reduce((a, b) => a + b, 0);
  const duplicates = [...input.tree.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
  const seconds = (input.lastCopyAt - input.startedAt) / 1000;
  const durations = input.executions.map((e) => ((e.endedAt ?? e.startedAt) - e.startedAt) / 1000);
  const runtime = durations.reduce((a, b) => a + b, 0);
  const calls = input.workingSlices.map((e) => input.sheetCalls.byExecution.get(e.id) ?? 0);
  return {
    files,
    duplicates,
    seconds,
    filesPerSecond: files / seconds,
    idleShare: 1 - busyMs(input.executions, input.startedAt, input.lastCopyAt) / (seconds * 1000),
    executions: input.executions.length,
    runtimeSeconds: runtime,
    runtimeSecondsPer1000Files: (runtime / files) * 1000,
    maxExecutionSeconds: Math.max(0, ...durations),
    sheetCallsPerSlice: {
      min: calls.length ? Math.min(...calls) : 0,
      max: calls.length ? Math.max(...calls) : 0,
    },
    refusedWrites: input.ws.ctx.ceiling.refused.length - input.refusedBefore,
    urlFetches: input.executions.reduce(
      (n, e) => n + (input.sheetCalls.fetchesByExecution.get(e.id) ?? 0),
      0,
    ),
    driveWrites: input.executions.reduce(
      (n, e) => n + (input.sheetCalls.driveWritesByExecution.get(e.id) ?? 0),
      0,
    ),
    triggerRuntimeSeconds: input.executions
      .filter((e) => e.triggerUid !== undefined)
      .reduce((n, e) => n + ((e.endedAt ?? e.startedAt) - e.startedAt) / 1000, 0),
    bytes: input.bytes ?? 0,
    secondsBy: secondsBy(input.executions, input.sheetCalls),
  };
}

function secondsBy(executions: readonly Execution[], counter: SheetCallCounter) {
  const out: Record<string, number> = {};
  for (const e of executions) {
    for (const [doing, ms] of counter.msByExecution.get(e.id) ?? []) {
      out[doing] = (out[doing] ?? 0) + ms / 1000;
    }
  }
  return out;
}

/** How long at least one of the executions ran between `from` and `to`. */
function busyMs(executions: readonly Execution[], from: number, to: number): number {
  const spans = executions
    .map((e) => [Math.max(from, e.startedAt), Math.min(to, e.endedAt ?? e.startedAt)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let busy = 0;
  let reached = from;
  for (const [a, b] of spans) {
    busy += Math.max(0, b - Math.max(a, reached));
    reached = Math.max(reached, b);
  }
  return busy;
}
