import type { ClientFolderCheck, DeliveryStart, FolderRef, StagedExport } from '../shared/rpc';
import { folderUrl } from '../config/settings';
import { Copier, FolderPlan, folderOnce } from '../drive/copier';
import { DriveUnansweredError } from '../drive/drive-reads';
import { JobState, saveJob } from '../jobs/job';
import { requireRoomFor, startJob } from '../jobs/start';
import { currentUser } from '../status/export-log';
import { preparedTable } from '../status/migration';
import { Task } from '../sheet/task';
import {
  ExportRequestError,
  batchTasks,
  refuseIfRunning,
  requireBatchId,
  requireRecord,
  requireStagingBatchFolder,
  runningKind,
  underScriptLock,
} from '../batches/batch-checks';
import {
  BatchRecord,
  batchesById,
  jobOnBatch,
  loadBatch,
  recordDelivery,
  saveBatch,
} from '../batches/batches';
import { describeClientFolder, rememberClientFolder, requireClientFolder } from './client-folder';
import { claimForDelivery } from './delivery';
import { getStagedExportBatches } from '../selection/queries';
import { storageRefusal } from '../selection/volume-plan';
import { driveStorage } from '../drive/capacity';
import { readStagedFiles } from '../staging/manifest-sheet';

/** PLAN 3.3: the staged exports to choose from, newest first, with what the registry knows. */
export function getAvailableStagedExports(): StagedExport[] {
  const batches = getStagedExportBatches();
  const known = batchesById();
  const all = PropertiesService.getScriptProperties().getProperties();
  return batches.map((b) => {
    const record = loadBatch(b.batchId, known);
    const last = record?.deliveries[record.deliveries.length - 1];
    return {
      ...b,
      createdBy: record?.createdBy ?? null,
      exportSheetUrl: record?.exportSheetUrl ?? null,
      lastDelivery: last
        ? {
            clientFolderUrl: last.clientFolderUrl ?? folderUrl(last.clientFolderId),
            deliveryFolderUrl: last.url,
            at: last.at,
          }
        : null,
      running: runningKind(b.batchId, all),
    };
  });
}

/**
 * PLAN 3.2 step 3: a client folder the user picked, checked without writing anything: it must
 * exist, take new files, and lie outside the staging folder and the batch's own folder.
 */
export function checkClientFolder(linkOrId: unknown, batchId?: unknown): ClientFolderCheck {
  try {
    const id = String(batchId ?? '').trim();
    const folder = describeClientFolder(linkOrId, id ? loadBatch(id) : null);
    return { ok: true, folder, error: null };
  } catch (e) {
    // Drive busy is shown where a refusal is, but nothing about the folder was concluded.
    if (!(e instanceof ExportRequestError || e instanceof DriveUnansweredError)) throw e;
    return { ok: false, folder: null, error: e.message };
  }
}

/**
 * PLAN 3.3: starts the delivery of a staged batch to a client folder and returns at once; the job
 * runs in slices driven by the wizard (continueJob) or by triggers. Everything is checked before
 * anything changes.
 */
export function executeDeliveryWizard(
  batchId: unknown,
  clientFolderId: unknown,
  copier: Copier,
): DeliveryStart {
  const id = requireBatchId(batchId);
  return underScriptLock(() => {
    const table = preparedTable();
    const all = PropertiesService.getScriptProperties().getProperties();
    refuseIfRunning(id, all);
    const record = loadBatch(id);
    const tasks = batchTasks(table, id);
    if (!record && tasks.length === 0) {
      throw new ExportRequestError(
        `There is no export batch ${id}. Pick one from the list of staged exports.`,
      );
    }
    const staged = tasks.filter((t) => t.exportStatus === 'staged');
    if (staged.length === 0) throw new ExportRequestError(notStagedMessage(id, tasks));
    const batch = requireRecord(id, record);
    requireStagingBatchFolder(batch);
    const client = requireClientFolder(clientFolderId, batch, tasks);
    // Before anything is made in the client's folder: the copies are the starter's, so they
    // count against the starter's storage.
    const full = storageRefusal(stagedBytes(batch, staged), driveStorage());
    if (full) throw new ExportRequestError(full);
    return startDeliveryJob({
      batch,
      tasks: staged,
      client,
      copier,
      claimed: false,
      remember: true,
    });
  });
}

/**
 * The bytes the delivery copies: the sizes staging recorded for the staged tasks (the Staged
 * Files tab of the export sheet); 0 when there is no record, so only storage with no room at all
 * refuses the start then.
 */
function stagedBytes(batch: BatchRecord, staged: readonly Task[]): number {
  const manifests = readStagedFiles(batch.exportSheetId);
  if (!manifests) return 0;
  return staged.reduce(
    (n, t) =>
      n + (manifests.get(t.taskId) ?? []).reduce((m, f) => m + (f.size > 0 ? f.size : 0), 0),
    0,
  );
}

function notStagedMessage(batchId: string, tasks: readonly Task[]): string {
  const counts = new Map<string, number>();
  for (const t of tasks) {
    const status = t.exportStatus ?? 'not exported';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const summary = [...counts].map(([s, n]) => `${n} ${s}`).join(', ') || 'no tasks';
  const hint = counts.has('delivery_failed')
    ? ' Retry the failed deliveries from Resume failed exports.'
    : counts.has('delivering')
      ? ' A delivery of it was interrupted: resume it from Resume failed exports.'
      : '';
  return `Export batch ${batchId} has no staged tasks to deliver (${summary}).${hint}`;
}

export interface DeliveryJobRequest {
  batch: BatchRecord;
  tasks: readonly Task[];
  client: FolderRef;
  copier: Copier;
  /** The tasks are delivering already (a job rebuilt after its state was lost). */
  claimed: boolean;
  /** Remember the client folder among this user's recent ones. */
  remember: boolean;
  /** Who started the job, when it is not the person running this execution. */
  startedBy?: string;
}

/**
 * Makes (or finds again) the batch's folder in the client folder, records the delivery, starts
 * the job (its triggers armed first), and only then claims the tasks: a start that dies after
 * claiming leaves a job that claims again, idempotently.
 */
export function startDeliveryJob(request: DeliveryJobRequest): DeliveryStart {
  const { batch, client, copier } = request;
  // Checked before the delivery folder is made, so that a refusal leaves the client folder alone.
  requireRoomFor(newDeliveryJob(request, '', ''));
  const { record, deliveryFolderId } = deliveryFolder(batch, client, copier);
  const deliveryFolderUrl = folderUrl(deliveryFolderId);
  recordDelivery(record, {
    clientFolderId: client.id,
    clientFolderName: client.name,
    clientFolderUrl: client.url,
    deliveryFolderId,
    url: deliveryFolderUrl,
    at: new Date().toISOString(),
    by: currentUser(),
  });
  const job = newDeliveryJob(request, deliveryFolderId, deliveryFolderUrl);
  startJob(job);
  if (!job.claimed) claimForDelivery(job);
  saveJob(job);
  if (request.remember) rememberClientFolder(client);
  return {
    jobId: job.id,
    batchId: batch.batchId,
    taskCount: job.pending.length,
    clientFolder: client,
    deliveryFolderUrl,
    leftOut: Object.values(job.outcomes).map((o) => ({ taskId: o.taskId, reason: o.reason })),
  };
}

/**
 * The batch's folder in the client folder, found or made once: its plan is saved in the batch's
 * record before it is made, so that a start cut short and clicked again makes no second folder in
 * the client's Drive.
 */
function deliveryFolder(
  batch: BatchRecord,
  client: FolderRef,
  copier: Copier,
): { record: BatchRecord; deliveryFolderId: string } {
  let record = batch;
  // Made by an earlier start (cut short after it recorded the delivery): a listing may not show
  // it yet, a look by its id does.
  const recorded = batch.deliveries.filter((d) => d.clientFolderId === client.id).reverse();
  for (const d of recorded) {
    if (copier.placedIn(d.deliveryFolderId, client.id)) {
      return { record, deliveryFolderId: d.deliveryFolderId };
    }
  }
  const plan: FolderPlan = { ...batch.folderPlans?.[client.id] };
  const save = () => {
    record = { ...record, folderPlans: { ...record.folderPlans, [client.id]: { ...plan } } };
    saveBatch(record);
  };
  const deliveryFolderId = folderOnce(copier, client.id, batch.batchId, plan, save);
  if (!deliveryFolderId) {
    throw new ExportRequestError(
      `Google Drive has not confirmed yet that the folder "${batch.batchId}" was made in the client folder "${client.name}". Try again in a couple of minutes: the delivery uses that folder if it was made.`,
    );
  }
  return { record, deliveryFolderId };
}

function newDeliveryJob(
  request: DeliveryJobRequest,
  deliveryFolderId: string,
  deliveryFolderUrl: string,
): JobState {
  const { batch, tasks, client } = request;
  const ids = tasks.map((t) => t.taskId);
  return jobOnBatch(
    'delivery',
    batch,
    ids,
    {
      clientFolderId: client.id,
      deliveryFolderId,
      deliveryFolderUrl,
      claimed: request.claimed,
      folderNames: {},
      claimFrom: Object.fromEntries(tasks.map((t) => [t.taskId, t.exportStatus])),
    },
    request.startedBy,
  );
}
