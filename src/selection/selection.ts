import type { ExportFilters, TaskSelection, TaskSummary } from '../shared/rpc';
import { TableSnapshot } from '../sheet/table';
import { Task } from '../sheet/task';
import { chosenOverrides, needingOverride, selectTasks, unreadableForFilters } from './filters';

export function summarize(task: Task): TaskSummary {
  return {
    taskId: task.taskId,
    row: task.row,
    batchId: task.batchId,
    agent: task.agent,
    folderName: task.folderName,
    reviewStatus: task.reviewStatus,
    reviewScore: task.reviewScore,
    reviewer: task.reviewer,
    completedDate: task.completedDate ? task.completedDate.toISOString() : null,
    exportStatus: task.exportStatus,
    linkCount: task.baseImageLinks.length + task.productionLinks.length,
  };
}

/**
 * PLAN 2.1: the tasks the filters pick, minus those no export may take (duplicate Task IDs); those,
 * and those a filter cannot read a cell of, are listed apart with the reason.
 */
export function getTasksForExport(table: TableSnapshot, filters: ExportFilters): TaskSelection {
  const picked = selectTasks(table.tasks, filters);
  const duplicated = [
    ...new Set(picked.filter((t) => table.duplicateIds.has(t.taskId)).map((t) => t.taskId)),
  ].map((taskId) => ({
    taskId,
    reason: `Task ID ${taskId} appears on ${table.tasks.filter((t) => t.taskId === taskId).length} rows; make it unique to export it.`,
  }));
  const unreadable = unreadableForFilters(table.tasks, filters).filter(
    (x) => !table.duplicateIds.has(x.taskId),
  );
  return {
    tasks: picked.filter((t) => !table.duplicateIds.has(t.taskId)).map(summarize),
    overrides: chosenOverrides(filters),
    excluded: [...duplicated, ...unreadable],
    needOverride: needingOverride(table.tasks, filters).filter(
      (x) => !table.duplicateIds.has(x.taskId),
    ),
  };
}
