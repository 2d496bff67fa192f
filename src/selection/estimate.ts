import type { StagingPreview } from '../shared/rpc';
import { Copier, sourceFilesOf } from '../drive/copier';
import { DailyLimitError } from '../drive/daily-limit';
import { Task } from '../sheet/task';
import { linkedSources, validateWithSources } from './validation';

/** Looking up file sizes for the preview stops after this long; the rest is extrapolated. */
const ESTIMATE_BUDGET_MS = 60 * 1000;
/** Tasks whose files are looked up together, when the copier can ask for many in parallel. */
const TASKS_PER_LOOKUP = 20;
/**
 * Files looked up at most. Lookups go to Drive in batches of 100 (one URL Fetch call each, of the
 * 20,000 a personal account has a day), so this caps a preview at about 15 calls; past it the
 * sizes are extrapolated, which is enough for the estimate: the copy checks every file anyway.
 */
const MAX_LOOKUPS = 1500;

/**
 * Size estimates for the preview (PLAN 2.3 step 2): files and bytes per task from Drive, for as
 * many tasks as fit in the budget of time and lookups; the remaining tasks are estimated from the
 * average so far. The totals are what staging copies: a task whose files fail the check is marked
 * failed at the start and nothing of it is copied, so its files are not in them.
 */
export function estimateSizes(
  tasks: readonly Task[],
  copier: Copier,
): Pick<StagingPreview, 'fileCount' | 'totalBytes' | 'perTask'> {
  const stop = Date.now() + ESTIMATE_BUDGET_MS;
  const perTask: StagingPreview['perTask'] = [];
  // One by one otherwise, so the budget is checked between tasks.
  const step = copier.sourceFiles ? TASKS_PER_LOOKUP : 1;
  let lookups = 0;
  for (let start = 0; start < tasks.length; start += step) {
    if (Date.now() > stop || lookups >= MAX_LOOKUPS) break;
    const group = tasks.slice(start, start + step);
    const linked = group.map(linkedSources);
    const ids = linked.flatMap((l) => l.ids);
    const resourceKeys = Object.assign({}, ...linked.map((l) => l.resourceKeys)) as Record<
      string,
      string
    >;
    lookups += ids.length;
    let sources: ReturnType<typeof sourceFilesOf>;
    try {
      sources = sourceFilesOf(copier, ids, resourceKeys);
    } catch (e) {
      // A daily limit reached: the estimate is made from what was seen; the export will wait.
      if (e instanceof DailyLimitError) break;
      throw e;
    }
    for (const task of group) {
      const v = validateWithSources(task, sources);
      perTask.push({
        taskId: task.taskId,
        files: v.fileCount,
        bytes: v.totalBytes,
        problems: v.errors,
      });
    }
  }
  const ready = perTask.filter((t) => t.problems.length === 0);
  const seenFiles = ready.reduce((s, t) => s + t.files, 0);
  const seenBytes = ready.reduce((s, t) => s + t.bytes, 0);
  const unseen = tasks.length - perTask.length;
  const avg = (n: number) => (ready.length ? n / ready.length : 0);
  return {
    fileCount: Math.round(seenFiles + unseen * avg(seenFiles)),
    totalBytes: Math.round(seenBytes + unseen * avg(seenBytes)),
    perTask,
  };
}
