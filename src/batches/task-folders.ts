import { Task } from '../sheet/task';

/**
 * A task's folder name inside its staging batch folder: its Folder Name, or, when several tasks of
 * the batch share that name, the name followed by its Task ID (the rule staging applies). The
 * delivered task folder carries the same name.
 */
export function suffixedName(task: Pick<Task, 'taskId' | 'folderName'>): string {
  return `${task.folderName} (${task.taskId})`;
}

/** The task's folder among those listed in its batch folder, if it is still there. */
export function findTaskFolder<F extends { name: string }>(
  task: Pick<Task, 'taskId' | 'folderName'>,
  folders: readonly F[],
): F | undefined {
  return (
    folders.find((f) => f.name === suffixedName(task)) ??
    folders.find((f) => f.name === task.folderName)
  );
}

/**
 * The folder name each task should have in its batch folder, for a job rebuilt after the first
 * one's state was lost: the folder already there when there is one, otherwise the staging rule
 * applied to the batch's tasks.
 */
export function folderNamesFor(
  tasks: readonly Task[],
  batchTasks: readonly Task[],
  existing: ReadonlyArray<{ name: string }>,
): Record<string, string> {
  const count = new Map<string, number>();
  for (const t of batchTasks) count.set(t.folderName, (count.get(t.folderName) ?? 0) + 1);
  return Object.fromEntries(
    tasks.map((t) => {
      const found = existing.find((f) => f.name === suffixedName(t));
      if (found) return [t.taskId, found.name];
      return [t.taskId, (count.get(t.folderName) ?? 0) > 1 ? suffixedName(t) : t.folderName];
    }),
  );
}
