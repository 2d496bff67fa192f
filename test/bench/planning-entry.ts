/**
 * What the add-on does to plan an export from the tracking sheet, bundled like the deployment:
 * the migrated table (one batched read), the default filters, and the job's plan: each selected
 * task's folder name in the batch (unique) and the files its links point to. Target file names
 * are planned later, task by task, once Drive has said what each file is called.
 */
import { checkFilters } from '../../src/selection/filters';
import { getTasksForExport } from '../../src/selection/selection';
import { folderNamesFor } from '../../src/batches/task-folders';
import { linkedSources } from '../../src/selection/validation';
import { preparedTable } from '../../src/status/migration';

export function planExport(): { selected: number; files: number } {
  const table = preparedTable();
  const selection = getTasksForExport(table, checkFilters({}));
  const byId = new Map(table.tasks.map((t) => [t.taskId, t]));
  const tasks = selection.tasks.map((s) => byId.get(s.taskId)!);
  const folders = folderNamesFor(tasks, tasks, []);
  let files = 0;
  for (const task of tasks) if (folders[task.taskId]) files += linkedSources(task).ids.length;
  return { selected: tasks.length, files };
}
