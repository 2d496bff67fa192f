import type { UnreviewedTasks } from '../shared/rpc';
import type { Task } from '../sheet/task';

/**
 * Tasks named in a batch record at most: the registry's record cell holds at most 50,000
 * characters, and a batch may hold thousands of tasks staged with an override.
 */
const NAMED = 100;

const NONE: UnreviewedTasks = { tasks: [], more: 0 };

/** The tasks among those staged whose review had not passed (only an override stages them). */
export function unreviewedOf(staged: readonly Task[]): UnreviewedTasks {
  const all = staged
    .filter((t) => t.reviewStatus !== 'passed')
    .map((t) => ({
      taskId: t.taskId,
      review: t.reviewStatus === 'failed' ? ('failed' as const) : ('notReviewed' as const),
    }));
  return { tasks: all.slice(0, NAMED), more: Math.max(0, all.length - NAMED) };
}

/**
 * Of what the batch record kept at staging, the tasks still among `tasks` (a task reset since is
 * no longer part of the batch). A batch staged before records were kept is judged by the review
 * status the Tasks sheet holds now.
 */
export function unreviewedStill(
  kept: UnreviewedTasks | undefined,
  tasks: readonly Task[],
): UnreviewedTasks {
  if (!kept) return tasks.length > 0 ? unreviewedOf(tasks) : NONE;
  const ids = new Set(tasks.map((t) => t.taskId));
  return { tasks: kept.tasks.filter((t) => ids.has(t.taskId)), more: kept.more };
}
