/** Helpers of the bad-input catalogue tests: editing the sheet and Drive as a person would. */
import { Demo, call, callError, rows } from './workspace';

type DemoTask = Demo['demo']['tasks'][number];
type DriveItem = ReturnType<Demo['ws']['drive']['children']>[number];

export interface JobSummary {
  succeeded: number;
  failed: Array<{ taskId: string; reason: string }>;
  exportSheetUrl: string | null;
  folderUrl: string | null;
}

export interface Progress {
  finished: boolean;
  succeeded: number;
  failed: number;
  summary?: JobSummary;
}

/** Writes one cell of a task's row (found by Task ID), as someone typing in the sheet. */
export function setCell(d: Demo, taskId: string, column: string, value: unknown): void {
  const values = d.ws.sheets.values(d.demo.spreadsheetId, 'Tasks');
  const col = values[0].indexOf(column);
  const row = values.findIndex((r, i) => i > 0 && r[values[0].indexOf('Task ID')] === taskId);
  if (col < 0 || row < 0) throw new Error(`no cell ${column} for ${taskId}`);
  d.ws.sheets.setValues(d.demo.spreadsheetId, 'Tasks', [[value]], row + 1, col + 1);
}

/** The demo's tasks of one kind. */
export const ofKind = (d: Demo, kind: DemoTask['kind']): DemoTask[] =>
  d.demo.tasks.filter((t) => t.kind === kind);

/**
 * Gives a task a new Folder Name and renames its own files to match, as when the production team
 * names a task's folder and files alike.
 */
export function renameTask(d: Demo, task: DemoTask, folderName: string): void {
  setCell(d, task.taskId, 'Folder Name', folderName);
  for (const id of task.fileIds) {
    const item = d.ws.drive.get(id);
    if (item?.name.includes(task.folderName)) {
      d.ws.drive.update(id, { name: item.name.split(task.folderName).join(folderName) });
    }
  }
}

/** A Drive sharing link to a file, as "Copy link" gives it. */
export const fileLink = (id: string) => `https://drive.google.com/file/d/${id}/view?usp=sharing`;

/** Stages the given tasks (the default filters unless told) and returns the job's start. */
export function stage(d: Demo, taskIds: string[], filters: object = {}) {
  return call<{ jobId: string; batchId: string; taskCount: number }>(d, 'executeStagingWizard', {
    filters,
    taskIds,
  });
}

/** The preview with the given filters: its task ids and the tasks left out with a reason. */
export function preview(d: Demo, filters: object = {}) {
  const p = call<{
    selection: {
      tasks: Array<{ taskId: string }>;
      excluded: Array<{ taskId: string; reason: string }>;
    };
    perTask: Array<{ taskId: string; problems: string[] }>;
  }>(d, 'getTasksForStaging', filters);
  return {
    taskIds: p.selection.tasks.map((t) => t.taskId),
    excluded: p.selection.excluded,
    perTask: p.perTask,
  };
}

export function summaryOf(d: Demo, jobId: string): JobSummary {
  const progress = call<Progress>(d, 'getJobProgress', jobId);
  if (!progress.finished || !progress.summary) throw new Error(`job ${jobId} has not finished`);
  return progress.summary;
}

/** Each failed task's reason, by Task ID. */
export function reasons(summary: JobSummary): Record<string, string> {
  return Object.fromEntries(summary.failed.map((f) => [f.taskId, f.reason]));
}

/** Task ID -> [Export Status, Staged Count] for every row: what a job did to the sheet. */
export function statuses(d: Demo): Record<string, [unknown, unknown]> {
  return Object.fromEntries(
    rows(d).map((r) => [String(r['Task ID']), [r['Export Status'], r['Staged Count']]]),
  );
}

/** The folder of an export batch inside the staging folder. */
export function batchFolder(d: Demo, batchId: string) {
  const found = d.ws.drive
    .children(d.demo.folders.staging, { includeTrashed: true })
    .find((f) => f.name.endsWith(batchId));
  if (!found) throw new Error(`no staging folder for ${batchId}`);
  return found;
}

/** Every item under a folder, the trashed ones included. */
export function allUnder(d: Demo, folderId: string): DriveItem[] {
  const out: DriveItem[] = [];
  for (const item of d.ws.drive.children(folderId, { includeTrashed: true })) {
    out.push(item, ...allUnder(d, item.id));
  }
  return out;
}

/** The Export Log's rows as objects. */
export function exportLog(d: Demo) {
  return d.ws.sheets
    .values(d.demo.spreadsheetId, 'Export Log')
    .slice(1)
    .map((r) => ({
      user: String(r[1]),
      taskId: String(r[2]),
      batchId: String(r[3]),
      from: String(r[4]),
      to: String(r[5]),
      reason: String(r[6]),
      change: String(r[7] ?? ''),
    }));
}

/**
 * The message a page shows for a refused call: the server's error without the type name Apps
 * Script puts in front ("StagingRequestError: "), which the pages strip (src/client/rpc.ts).
 */
export function shownError(d: Demo, fn: string, ...args: unknown[]): string {
  let text = callError(d, fn, ...args);
  for (let i = 0; i < 3; i++) text = text.trim().replace(TYPE_PREFIX, '');
  return text.trim();
}

const TYPE_PREFIX = /^(?:[A-Z][A-Za-z]*(?:Error|Exception)|Error|Exception):\s+/;
