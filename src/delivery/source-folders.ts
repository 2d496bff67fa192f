/**
 * The folders that hold the tasks' source files: the folder of each task's production files and
 * every folder above it. A client folder must be none of them, or the client would receive
 * production work beside the delivery (and the delivery would land among the sources).
 */
import type { Task } from '../sheet/task';
import { extractFileIdFromUrl } from '../drive/links';
import { driveWasBusy, readFileMetas, readSession, unanswered } from '../drive/drive-reads';

/** Folders above folders: no Drive tree is deeper, and a cycle cannot keep the walk going. */
const MAX_ROUNDS = 50;

/**
 * Tasks whose files are read: a batch's tasks sit in a few work-batch folders, so tasks spread
 * evenly over the batch find them; more would only lengthen the client folder check, which a
 * delivery's start makes while it holds the script lock.
 */
const TASKS_READ = 50;

/**
 * Each folder holding source files of `tasks`, to one task it holds files of (for the message).
 * One production file and one base image a task tell where its sources are (a task's files of
 * each kind are kept together), for up to TASKS_READ tasks spread over the batch: one batched
 * read per level of folders. A dead link says nothing (the staging check reported it); Drive
 * busy is an error.
 */
export function sourceFolders(tasks: Task[]): Map<string, string> {
  const taskOf = new Map<string, string>();
  const step = Math.max(1, Math.ceil(tasks.length / TASKS_READ));
  for (let i = 0; i < tasks.length; i += step) {
    const task = tasks[i];
    for (const link of [task.productionLinks[0]?.link, task.baseImageLinks[0]]) {
      const parsed = link === undefined ? undefined : extractFileIdFromUrl(link);
      if (parsed?.ok && !taskOf.has(parsed.id)) taskOf.set(parsed.id, task.taskId);
    }
  }
  const holders = new Map<string, string>();
  const session = readSession();
  let round = [...taskOf.keys()];
  for (let depth = 0; round.length > 0 && depth < MAX_ROUNDS; depth += 1) {
    const reads = readFileMetas(round, 'id,parents', session);
    const next: string[] = [];
    reads.forEach((read, i) => {
      if (driveWasBusy(read)) throw unanswered(read, "the folders of the tasks' source files");
      const parent = read.kind === 'ok' ? read.body?.parents?.[0] : undefined;
      if (parent === undefined || holders.has(parent)) return;
      holders.set(parent, taskOf.get(round[i])!);
      taskOf.set(parent, taskOf.get(round[i])!);
      next.push(parent);
    });
    round = next;
  }
  return holders;
}
