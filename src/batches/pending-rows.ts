import { JobState } from '../jobs/job';
import { drop, settle } from '../jobs/outcomes';
import { readTableExpecting } from '../sheet/table';
import { Task } from '../sheet/task';

/**
 * The rows of a job's pending tasks, found by Task ID now (people sort, insert and delete rows
 * while jobs run). A task whose row was deleted, or whose Task ID now stands on several rows, is
 * settled as failed with the reason; `being` says what the job was doing ("staged", "delivered").
 */
export function pendingRows(job: JobState, being: string): Task[] {
  const table = readTableExpecting(job.pending);
  const byId = new Map(table.tasks.map((t) => [t.taskId, t]));
  const found: Task[] = [];
  for (const taskId of [...job.pending]) {
    const task = byId.get(taskId);
    if (task && !table.duplicateIds.has(taskId)) found.push(task);
    else drop(job, taskId, settle(job, taskId, false, 0, lostRowReason(taskId, !task, being)));
  }
  return found;
}

function lostRowReason(taskId: string, deleted: boolean, being: string): string {
  return deleted
    ? `Task ${taskId}: its row was deleted from the sheet while it was being ${being}.`
    : `Task ${taskId}: the Task ID now appears on more than one row; make it unique and retry.`;
}
