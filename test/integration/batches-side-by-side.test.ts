/**
 * One job per batch, not one slice per script (DESIGN invariant 5): a slice holds its own job's
 * lease, and the script lock only for moments. Two people's batches both go on and both finish by
 * triggers; the same batch twice is still refused plainly; a manual reset or a start made while
 * another batch's slice is copying goes through at once instead of "wait a moment".
 */
import type { CallInfo } from '../../emulator';
import { Demo, duplicatesIn, rowOf, rows, tree } from '../helpers/workspace';
import { shareWorkWith, sweepWorkspace } from '../helpers/sweep';

/** A colleague with the owner's access to the work. */
const OTHER = 'colleague@example.com';
/** Small slices, so that each job needs several and the two can take turns. */
const SETUP = { demo: { tasks: 16, filesPerTask: 6 }, sliceBudgetMs: 2500 };

function workspace(): Demo {
  const d = sweepWorkspace(SETUP);
  d.ws.addUser(OTHER);
  shareWorkWith(d, OTHER);
  return d;
}

function readyTaskIds(d: Demo): string[] {
  const r = d.ws.callFromPage<{ selection: { tasks: Array<{ taskId: string }> } }>(
    'getTasksForStaging',
    [{}],
  );
  if (!r.ok) throw new Error(r.error);
  return r.value!.selection.tasks.map((t) => t.taskId);
}

function stage(d: Demo, taskIds: string[], user?: string) {
  return d.ws.callFromPage<{ jobId: string; batchId: string }>(
    'executeStagingWizard',
    [{ filters: {}, taskIds }],
    { user },
  );
}

interface Progress {
  done: number;
  total: number;
  finished: boolean;
  summary?: { succeeded: number; failed: unknown[] };
}

function progress(d: Demo, jobId: string): Progress {
  const r = d.ws.callFromPage<Progress>('getJobProgress', [jobId]);
  if (!r.ok) throw new Error(r.error);
  return r.value!;
}

/** Runs `action` once, at the first Drive copy a slice of a job makes (mid-slice, lock free). */
function atFirstCopy<T>(d: Demo, action: () => T): { result: () => T | undefined } {
  let came = false;
  let result: T | undefined;
  const stop = d.ws.runtime.onCall((c: CallInfo) => {
    const fn = d.ws.runtime.executions[c.executionId - 1].fn;
    if (came || !['runExportJobs', 'continueJob'].includes(fn)) return;
    if (!(c.detail ?? '').endsWith('/copy')) return;
    came = true;
    stop();
    result = action();
  });
  return { result: () => result };
}

/** Task ID -> Export Status after one undisturbed batch of every ready task, staged by triggers. */
function undisturbed(): Record<string, unknown> {
  const d = workspace();
  stage(d, readyTaskIds(d));
  d.ws.settle();
  return statuses(d);
}

function statuses(d: Demo): Record<string, unknown> {
  return Object.fromEntries(rows(d).map((r) => [String(r['Task ID']), r['Export Status']]));
}

let expected: Record<string, unknown>;

beforeAll(() => {
  expected = undisturbed();
  // The demo holds tasks that fail the file check: both outcomes are in play.
  expect(Object.values(expected)).toContain('staged');
  expect(Object.values(expected)).toContain('staging_failed');
});

function stagingFolderTree(d: Demo): Map<string, number> {
  return tree(d, d.demo.folders.staging);
}

describe('batches side by side', () => {
  test('two people start two batches at once: both go on in turn and both finish by triggers', () => {
    const d = workspace();
    const ids = readyTaskIds(d);
    const half = Math.ceil(ids.length / 2);
    const first = stage(d, ids.slice(0, half));
    expect(first.error).toBeUndefined();
    // The colleague starts hers while the first batch's slice copies: not refused.
    const second = atFirstCopy(d, () => stage(d, ids.slice(half), OTHER));
    // Triggers alone from here: nobody keeps a sidebar open.
    const seen: Array<[number, number]> = [];
    for (let i = 0; i < 800; i++) {
      const fired = d.ws.advance(15_000);
      if (fired.length === 0 && d.ws.triggers.list().length === 0) break;
      const b = second.result();
      if (!b?.ok) continue;
      seen.push([progress(d, first.value!.jobId).done, progress(d, b.value!.jobId).done]);
    }
    const b = second.result();
    expect(b?.error).toBeUndefined();
    expect(b?.ok).toBe(true);
    // Both were part way at one moment: neither waited for the other to end.
    const rest = ids.length - half;
    expect(seen.some(([x, y]) => x > 0 && x < half && y > 0 && y < rest)).toBe(true);
    expect(progress(d, first.value!.jobId)).toMatchObject({ finished: true, done: half });
    expect(progress(d, b!.value!.jobId)).toMatchObject({ finished: true, done: rest });
    // Each task ends as it does when one batch runs alone.
    expect(statuses(d)).toEqual(expected);
    expect(duplicatesIn(stagingFolderTree(d))).toEqual([]);
    // The colleague's batch is logged as hers.
    const logged = rows(d, 'Export Log').filter((r) => r['Task ID'] === ids.at(-1));
    expect(logged.map((r) => r['User'])).toContain(OTHER);
  });

  test('the same batch started twice is refused plainly, while its first start goes on', () => {
    const d = workspace();
    const ids = readyTaskIds(d);
    const first = stage(d, ids);
    const again = atFirstCopy(d, () => stage(d, ids, OTHER));
    d.ws.settle();
    expect(again.result()?.ok).toBe(false);
    expect(again.result()?.error).toMatch(
      /^(StagingRequestError: )?Task TSK-\d+ is already in export batch EXP-[\w-]+ \(“Being staged”\)/,
    );
    expect(progress(d, first.value!.jobId)).toMatchObject({ finished: true, done: ids.length });
    expect(statuses(d)).toEqual(expected);
    expect(duplicatesIn(stagingFolderTree(d))).toEqual([]);
  });

  test("a manual reset during another batch's slice goes through at once, logged with its reason", () => {
    const d = workspace();
    const ids = readyTaskIds(d);
    const half = Math.ceil(ids.length / 2);
    stage(d, ids.slice(0, half));
    d.ws.settle();
    const done = ids.slice(0, half).find((id) => expected[id] === 'staged')!;
    expect(rowOf(d, done)['Export Status']).toBe('staged');
    stage(d, ids.slice(half));
    const reset = atFirstCopy(d, () =>
      d.ws.callFromPage('resetTaskExportStatus', [done, '', 'Client asked for a re-export']),
    );
    d.ws.settle();
    const r = reset.result()!;
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    // Seconds at most: it never waited for the slice.
    const took = r.execution.endedAt! - r.execution.startedAt;
    expect(took).toBeLessThan(5000);
    expect(rowOf(d, done)['Export Status']).toBe('');
    const log = rows(d, 'Export Log').filter((x) => x['Task ID'] === done);
    expect(String(log.at(-1)!['Reason'])).toContain('Client asked for a re-export');
    // The other batch was not disturbed.
    for (const id of ids.slice(half)) {
      expect([id, rowOf(d, id)['Export Status']]).toEqual([id, expected[id]]);
    }
  });
});
