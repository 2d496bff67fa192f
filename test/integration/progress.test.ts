/**
 * The progress the wizards show, through the built bundle: tasks X of Y, files X of Y once the
 * tasks' files are counted (and what is known before), and the task and file under way, saved
 * with the job's regular saves while a slice copies, with both copiers.
 */
import { Demo, call, demoWorkspace, setSliceBudget } from '../helpers/workspace';
import { preview, stage } from '../helpers/bad-inputs';
import type { JobProgress as Progress } from '../../src/shared/rpc';

interface Head {
  currentTask: string | null;
  currentFile: string | null;
}

/** The job's head as its last save left it in script properties (what getJobProgress reads). */
function headOf(d: Demo, jobId: string): Head | null {
  const key = `exportJob.${jobId}`;
  const parts = Number(d.ws.properties.script.get(key) ?? 0);
  if (!parts) return null;
  const text = Array.from({ length: parts }, (_, i) => d.ws.properties.script.get(`${key}#${i}`));
  return JSON.parse(text.join('')) as Head;
}

const COPIERS = ['rest', 'driveapp'] as const;

describe('progress a person can follow', () => {
  test.each(COPIERS)(
    'totals of tasks and files, and the task and file under way (%s copier)',
    (copier) => {
      const d = demoWorkspace({ demo: { tasks: 30, invalid: false, alreadyExported: 0 } });
      if (copier === 'driveapp') d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
      setSliceBudget(d, 20000);
      const taskIds = preview(d).taskIds;
      const files = new Map(d.demo.tasks.map((t) => [t.taskId, t.expectedFiles]));
      const allFiles = taskIds.reduce((n, id) => n + (files.get(id) ?? 0), 0);
      const start = stage(d, taskIds);

      const before = call<Progress>(d, 'getJobProgress', start.jobId);
      expect(before).toMatchObject({ total: taskIds.length, done: 0, filesCopied: 0 });
      // Nothing is counted before the tasks' sources are looked up: said as it is.
      expect(before.tasksNotCounted).toBe(taskIds.length);
      expect(before.filesTotal).toBe(0);

      // While a slice copies, the saved progress names the task and a file of it.
      const seen: Head[] = [];
      const stop = d.ws.runtime.onCall(() => {
        const head = headOf(d, start.jobId);
        if (head?.currentTask) seen.push({ ...head });
      });
      const first = call<Progress>(d, 'continueJob', start.jobId);
      stop();
      expect(first.finished).toBe(false);
      expect(seen.length).toBeGreaterThan(0);
      const named = seen.filter((h) => h.currentFile !== null);
      expect(named.length).toBeGreaterThan(0);
      for (const h of named) {
        expect(taskIds).toContain(h.currentTask);
        expect(h.currentFile).toEqual(expect.any(String));
        expect(h.currentFile!.length).toBeGreaterThan(0);
      }

      // Between slices: tasks X of Y; the files of the tasks done and planned, X of them copied.
      const mid = call<Progress>(d, 'getJobProgress', start.jobId);
      expect(mid.total).toBe(taskIds.length);
      expect(mid.done).toBeGreaterThan(0);
      expect(mid.done).toBeLessThan(taskIds.length);
      expect(mid.filesCopied).toBeGreaterThan(0);
      expect(mid.filesTotal).toBeGreaterThanOrEqual(mid.filesCopied);
      expect(mid.filesTotal).toBeLessThanOrEqual(allFiles);
      expect(mid.tasksNotCounted).toBeLessThan(taskIds.length);
      // What is counted plus what is not yet counted makes every file of the batch.
      const notCounted = taskIds
        .slice(taskIds.length - mid.tasksNotCounted)
        .reduce((n, id) => n + (files.get(id) ?? 0), 0);
      expect(mid.filesTotal + notCounted).toBe(allFiles);

      d.ws.settle();
      const end = call<Progress>(d, 'getJobProgress', start.jobId);
      expect(end).toMatchObject({
        finished: true,
        done: taskIds.length,
        filesCopied: allFiles,
        filesTotal: allFiles,
        tasksNotCounted: 0,
        currentTask: null,
        currentFile: null,
      });
    },
  );
});
