import type { FolderPlan } from '../drive/copier';
import type { JobKind, UnreviewedTasks } from '../shared/rpc';
import { JobSetup, JobState, newJob } from '../jobs/job';
import { currentUser } from '../status/export-log';
import { deleteRecords, readRegistry, writeRecord } from './registry-sheet';

/**
 * The export batch registry: where each batch lives in Drive, who made it and when, kept in the
 * "Export Batches" sheet (registry-sheet.ts); the Tasks sheet stays the truth for the tasks.
 */
export interface BatchRecord {
  batchId: string;
  createdAt: string;
  createdBy: string;
  stagingFolderId: string;
  batchFolderId: string;
  batchFolderName: string;
  batchFolderUrl: string;
  exportSheetId: string | null;
  exportSheetUrl: string | null;
  deliveries: DeliveryRecord[];
  /**
   * Delivery folders being made, by client folder id: the id each takes, or when it was asked
   * for, saved before the creation is sent so that a start cut short and clicked again makes no
   * second one. Dropped once the delivery is recorded.
   */
  folderPlans?: Record<string, FolderPlan>;
  /**
   * Staged by a version that records each staged task's files in the export sheet's Staged Files
   * tab: delivery checks against them, and a task without them there has lost its record.
   * Absent for a batch staged before.
   */
  manifests?: boolean;
  /**
   * Staged tasks whose review had not passed when the export sheet was last written: the delivery
   * review and the batch list flag them without opening the export sheet. Absent for a batch
   * staged before.
   */
  unreviewed?: UnreviewedTasks;
}

/** A delivery started for the batch: where it went, when and by whom. */
export interface DeliveryRecord {
  clientFolderId: string;
  deliveryFolderId: string;
  url: string;
  at: string;
  clientFolderName?: string;
  clientFolderUrl?: string;
  by?: string;
}

/** Deliveries kept per batch record: the registry's record cell holds at most 50,000 characters. */
const KEPT_DELIVERIES = 10;

export function saveBatch(record: BatchRecord): void {
  writeRecord(record);
}

/** A batch's record; `known` is the registry read once for several lookups. */
export function loadBatch(
  batchId: string,
  known: ReadonlyMap<string, BatchRecord> = batchesById(),
): BatchRecord | null {
  return known.get(batchId) ?? null;
}

export function batchesById(): Map<string, BatchRecord> {
  return new Map(readRegistry().map((b) => [b.batchId, b]));
}

/** Records a delivery; a delivery again into the same folder (a retry) replaces its entry. */
export function recordDelivery(record: BatchRecord, delivery: DeliveryRecord): BatchRecord {
  const others = record.deliveries.filter((d) => d.deliveryFolderId !== delivery.deliveryFolderId);
  const updated = { ...record, deliveries: [...others, delivery].slice(-KEPT_DELIVERIES) };
  const plans = { ...(record.folderPlans ?? {}) };
  delete plans[delivery.clientFolderId];
  if (Object.keys(plans).length > 0) updated.folderPlans = plans;
  else delete updated.folderPlans;
  saveBatch(updated);
  return updated;
}

export function removeBatches(batchIds: readonly string[]): void {
  deleteRecords(batchIds);
}

export function allBatches(): BatchRecord[] {
  return readRegistry();
}

/** Readable and unique: EXP-YYMMDD-XXXX (no 0/O/1/I to misread). */
export function newBatchId(taken: (id: string) => boolean): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const day = Utilities.formatDate(new Date(), Session.getScriptTimeZone(), 'yyMMdd');
  for (;;) {
    const uuid = Utilities.getUuid().replace(/-/g, '');
    let code = '';
    for (let i = 0; i < 4; i++) code += alphabet[parseInt(uuid.slice(i * 2, i * 2 + 2), 16) % 32];
    const id = `EXP-${day}-${code}`;
    if (!taken(id)) return id;
  }
}

export const BATCH_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$/;

export function batchFolderName(batchId: string): string {
  const day = Utilities.formatDate(new Date(), Session.getScriptTimeZone(), 'yyyy-MM-dd');
  return `Export_${day}_${batchId}`;
}

export function exportSheetName(batchId: string): string {
  return `Export_${batchId}_Data`;
}

/** The fields a job on an existing batch takes from its record: its folders and export sheet. */
export type BatchFields = Pick<
  JobSetup,
  | 'stagingFolderId'
  | 'batchFolderId'
  | 'batchFolderUrl'
  | 'exportSheetId'
  | 'exportSheetUrl'
  | 'manifests'
>;

/**
 * A new job on a batch that exists (staging again, or delivering), started by the person now, or
 * by `startedBy` (a job the watchdog rebuilds is the one its first start began).
 */
export function jobOnBatch(
  kind: JobKind,
  batch: BatchRecord,
  taskIds: readonly string[],
  setup: Omit<JobSetup, keyof BatchFields>,
  startedBy?: string,
): JobState {
  return newJob(kind, batch.batchId, taskIds, startedBy || currentUser(), {
    stagingFolderId: batch.stagingFolderId,
    batchFolderId: batch.batchFolderId,
    batchFolderUrl: batch.batchFolderUrl,
    exportSheetId: batch.exportSheetId,
    exportSheetUrl: batch.exportSheetUrl,
    ...(batch.manifests ? { manifests: true } : {}),
    ...setup,
  });
}
