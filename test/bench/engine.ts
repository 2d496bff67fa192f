/**
 * The project's engine, driven as ops would drive it: through the built bundle's server functions,
 * with the sidebar open (it calls continueJob again as soon as a slice returns, while the
 * continuation trigger keeps its own schedule) or with the sidebar closed (triggers only).
 */
import type { Execution, Workspace } from '../../emulator';
import {
  PhaseFigures,
  SheetCallCounter,
  bytesUnder,
  figures,
  filesUnder,
  lastCopyAt,
} from './measure';

export type Driver = 'sidebar' | 'trigger';

interface Progress {
  finished: boolean;
  busy?: boolean;
}

function call<T>(ws: Workspace, fn: string, ...args: unknown[]): T {
  const result = ws.callFromPage<T>(fn, args);
  if (!result.ok) throw new Error(`${fn} failed: ${result.error}`);
  return result.value as T;
}

const JOB_FUNCTIONS = new Set(['continueJob', 'runExportJobs', 'runExportWatchdog']);

/** Runs a started job to its end with the driver; returns the executions it took. */
function drive(ws: Workspace, jobId: string, driver: Driver): Execution[] {
  const from = ws.runtime.executions.length;
  if (driver === 'trigger') {
    ws.settle(6 * 60 * 60 * 1000);
  } else {
    for (let i = 0; i < 10_000; i++) {
      ws.runDueTriggers();
      const progress = call<Progress>(ws, 'continueJob', jobId);
      if (progress.finished) break;
      if (i === 9_999) throw new Error(`job ${jobId} did not finish`);
    }
  }
  const progress = call<Progress>(ws, 'getJobProgress', jobId);
  if (!progress.finished) throw new Error(`job ${jobId} did not finish with the ${driver} driver`);
  return ws.runtime.executions
    .slice(from)
    .filter((e) => JOB_FUNCTIONS.has(e.fn) && e.endedAt! > e.startedAt);
}

/**
 * Slices that worked on tasks: the job's slices that did anything, except the last one, which
 * also writes the export sheet and finishes the job (the watchdog's rounds are not slices).
 */
function workingSlices(executions: Execution[], sheetCalls: SheetCallCounter): Execution[] {
  const slices = executions.filter(
    (e) => e.fn !== 'runExportWatchdog' && (sheetCalls.byExecution.get(e.id) ?? 0) > 0,
  );
  return slices.slice(0, -1);
}

/** What a step used of the person's daily quotas, from the emulator's quota ledger. */
export interface QuotaUse {
  urlFetches: number;
  properties: number;
}

/** Each step of the two wizards, in the order ops go through them. */
export type Step = 'stagingPreview' | 'staging' | 'deliveryPreview' | 'delivery';

export interface EngineRun {
  staging: PhaseFigures;
  delivery: PhaseFigures | null;
  /** Daily quotas used by each step (the previews: the calls the wizard pages make before a start). */
  quotas: Partial<Record<Step, QuotaUse>>;
}

/** Counts, from the quota ledger, what each step uses of the owner's daily quotas. */
function quotaMeter(ws: Workspace) {
  const read = (): QuotaUse => ({
    urlFetches: ws.quotas.used(ws.owner, 'urlFetch'),
    properties: ws.quotas.used(ws.owner, 'properties'),
  });
  const used: Partial<Record<Step, QuotaUse>> = {};
  let before = read();
  return {
    used,
    /** Ends `step`: what was used since the previous step ended. */
    end(step: Step) {
      const now = read();
      used[step] = {
        urlFetches: now.urlFetches - before.urlFetches,
        properties: now.properties - before.properties,
      };
      before = now;
    },
  };
}

export function runEngine(
  ws: Workspace,
  demo: { folders: { staging: string; clientAcme: string } },
  driver: Driver,
): EngineRun {
  const sheetCalls = new SheetCallCounter(ws);
  const meter = quotaMeter(ws);
  // The staging wizard's pages up to its start: its set-up, the preview of the tasks the filters
  // select, and the preview of the export sheet.
  call(ws, 'getStagingWizardSetup');
  const preview = call<{ batchId: string; selection: { tasks: Array<{ taskId: string }> } }>(
    ws,
    'getTasksForStaging',
    {},
  );
  const taskIds = preview.selection.tasks.map((t) => t.taskId);
  call(ws, 'getExportSheetPreview', taskIds, preview.batchId);
  meter.end('stagingPreview');
  let refused = ws.ctx.ceiling.refused.length;
  let startedAt = ws.clock.now();
  const startRun = ws.runtime.executions.length;
  const staged = call<{ jobId: string; batchId: string }>(ws, 'executeStagingWizard', {
    filters: {},
    taskIds,
  });
  const stagingExecutions = [ws.runtime.executions[startRun], ...drive(ws, staged.jobId, driver)];
  meter.end('staging');
  const batchFolder = ws.drive
    .children(demo.folders.staging)
    .find((f) => f.name.endsWith(staged.batchId))!;
  const stagingTree = new Map(
    [...filesUnder(ws, batchFolder.id)].filter(([path]) => path.includes('/')),
  );
  const staging = figures({
    ws,
    startedAt,
    lastCopyAt: lastCopyAt(ws, batchFolder.id),
    tree: stagingTree,
    executions: stagingExecutions,
    workingSlices: workingSlices(stagingExecutions.slice(1), sheetCalls),
    sheetCalls,
    refusedBefore: refused,
    bytes: bytesUnder(ws, batchFolder.id) - bytesOfFilesIn(ws, batchFolder.id),
  });

  let delivery: PhaseFigures | null = null;
  if (ws.functions().includes('executeDeliveryWizard')) {
    // The delivery wizard's pages up to its start: its set-up, the review of the staged export
    // and the check of the client folder.
    call(ws, 'getDeliveryWizardSetup');
    call(ws, 'previewStagedExport', staged.batchId);
    call(ws, 'checkClientFolder', demo.folders.clientAcme, staged.batchId);
    meter.end('deliveryPreview');
    refused = ws.ctx.ceiling.refused.length;
    startedAt = ws.clock.now();
    const startDelivery = ws.runtime.executions.length;
    const delivered = call<{ jobId: string; deliveryFolderUrl: string }>(
      ws,
      'executeDeliveryWizard',
      staged.batchId,
      demo.folders.clientAcme,
    );
    const deliveryExecutions = [
      ws.runtime.executions[startDelivery],
      ...drive(ws, delivered.jobId, driver),
    ];
    meter.end('delivery');
    const folderId = delivered.deliveryFolderUrl.split('/').pop()!;
    delivery = figures({
      ws,
      startedAt,
      lastCopyAt: lastCopyAt(ws, folderId),
      tree: filesUnder(ws, folderId),
      executions: deliveryExecutions,
      workingSlices: workingSlices(deliveryExecutions.slice(1), sheetCalls),
      sheetCalls,
      refusedBefore: refused,
      bytes: bytesUnder(ws, folderId),
    });
  }
  sheetCalls.dispose();
  return { staging, delivery, quotas: meter.used };
}

/** Bytes of the files directly in a folder (the export sheet beside the task folders). */
function bytesOfFilesIn(ws: Workspace, folderId: string): number {
  return ws.drive
    .children(folderId)
    .filter((i) => i.mimeType !== 'application/vnd.google-apps.folder')
    .reduce((n, i) => n + i.size, 0);
}
