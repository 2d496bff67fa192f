import { Demo, asUser, call, rows, tree } from './workspace';

export interface DeliveryStart {
  jobId: string;
  batchId: string;
  taskCount: number;
  clientFolder: { id: string; name: string; url: string };
  deliveryFolderUrl: string;
  leftOut: Array<{ taskId: string; reason: string }>;
}

export interface Progress {
  finished: boolean;
  succeeded: number;
  failed: number;
  summary?: { failed: Array<{ taskId: string; reason: string }>; folderUrl: string | null };
}

/** Stages every task the default filters list, and lets the triggers finish the job. */
export function stageAll(d: Demo): string {
  const preview = call<{ selection: { tasks: Array<{ taskId: string }> } }>(
    d,
    'getTasksForStaging',
    {},
  );
  const start = call<{ batchId: string }>(d, 'executeStagingWizard', {
    filters: {},
    taskIds: preview.selection.tasks.map((t) => t.taskId),
  });
  d.ws.settle();
  return start.batchId;
}

export function deliver(d: Demo, batchId: string, folder = d.demo.folders.clientAcme) {
  return call<DeliveryStart>(d, 'executeDeliveryWizard', batchId, folder);
}

/** The folder a delivery of `batchId` made in the client folder, if any. */
export function deliveryFolder(d: Demo, batchId: string, client = d.demo.folders.clientAcme) {
  return d.ws.drive.children(client).find((f) => f.name === batchId);
}

/** The staged (valid) tasks of the demo. */
export const validTasks = (d: Demo) => d.demo.tasks.filter((t) => t.kind === 'valid');

/**
 * What a delivery leaves, without the ids and times that differ from run to run: each task's
 * status (and whether it has an Export Time), and the names under the delivery folder.
 */
export function deliveryOutcome(d: Demo, batchId: string, client = d.demo.folders.clientAcme) {
  const status = rows(d)
    .filter((r) => r['Export Batch ID'] === batchId)
    .map((r) => [r['Task ID'], r['Export Status'], r['Export Time'] instanceof Date])
    .sort();
  const folder = deliveryFolder(d, batchId, client);
  const files = folder ? [...tree(d, folder.id).entries()].sort() : [];
  return { status, files };
}

/** The id of a batch's export sheet, in its staging folder. */
export function exportSheetId(d: Demo, batchId: string): string {
  const batch = d.ws.drive.children(d.demo.folders.staging).find((f) => f.name.endsWith(batchId))!;
  return d.ws.drive.children(batch.id).find((f) => f.name === `Export_${batchId}_Data`)!.id;
}

/**
 * Makes a staged batch look as a version that recorded no staged files left it: its export sheet
 * without the Staged Files tab, its record without the mark that it has one.
 */
export function stagedBefore(d: Demo, batchId: string): void {
  asUser(d, d.ws.owner, ({ SpreadsheetApp }) => {
    const book = SpreadsheetApp.openById(exportSheetId(d, batchId));
    book.deleteSheet(book.getSheetByName('Staged Files')!);
    const registry = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Export Batches')!;
    const values = registry.getDataRange().getValues();
    const row = values.findIndex((r) => r[0] === batchId);
    const cell = registry.getRange(row + 1, values[0].length);
    const record = JSON.parse(String(cell.getValue())) as Record<string, unknown>;
    delete record.manifests;
    cell.setValue(JSON.stringify(record));
  });
}

/** Script property keys: what a finished job must not add to. */
export function jobKeys(d: Demo): string[] {
  return [...d.ws.properties.script.keys()].sort();
}
