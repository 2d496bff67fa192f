/**
 * People keep working in the tracking sheet while exports run (issue 7, DESIGN invariant 2): they
 * sort it, insert rows and delete rows, at any moment, including between two calls of a job that
 * found a task's row and then writes to it. Each edit is made at one service call of the jobs, for
 * every call, in a fresh workspace each time.
 */
import type { RunResult } from '../../emulator';
import { Demo, asUser, rowOf } from '../helpers/workspace';
import {
  SweepSetup,
  opsJourney,
  sweepWorkspace,
  departuresFrom,
  undisturbedEnd,
} from '../helpers/sweep';

const SETUP: SweepSetup = { demo: { tasks: 16, filesPerTask: 6 } };

// Each test runs the journey once per call of an execution: tens of seconds, not a time limit.
jest.setTimeout(5 * 60_000);

type Edit = 'sort' | 'insert' | 'delete';
const EDITS: readonly Edit[] = ['sort', 'insert', 'delete'];

/** A workspace whose sheet has a note row (no Task ID) on top, as ops sheets often do. */
function workspace(): Demo {
  const d = sweepWorkspace(SETUP);
  editSheet(d, (sheet) => {
    sheet.insertRowBefore(2);
    sheet.getRange(2, 2, 1, 2).setValues([['(notes)', 'kept by hand']]);
  });
  return d;
}

function editSheet(d: Demo, edit: (sheet: GoogleAppsScript.Spreadsheet.Sheet) => void): void {
  asUser(d, d.ws.owner, ({ SpreadsheetApp }) => {
    edit(SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tasks')!);
  });
}

/** Sorted by Folder Name (descending), a blank row inserted on top, or the note row deleted. */
function applyEdit(d: Demo, edit: Edit): void {
  editSheet(d, (sheet) => {
    if (edit === 'sort') sheet.sort(5, false);
    if (edit === 'insert') sheet.insertRowBefore(2);
    if (edit === 'delete') {
      const ids = sheet.getRange(1, 1, sheet.getLastRow(), 2).getValues();
      sheet.deleteRow(ids.findIndex((r) => r[1] === '(notes)') + 1);
    }
  });
}

/** Calls made by the jobs and their starts (the person's previews and lists are left out). */
const JOB_CALLS = new Set([
  'executeStagingWizard',
  'executeDeliveryWizard',
  'runExportJobs',
  'runExportWatchdog',
]);

function jobCallIndexes(): number[] {
  const d = workspace();
  const indexes: number[] = [];
  const stop = d.ws.runtime.onCall((c) => {
    if (JOB_CALLS.has(d.ws.runtime.executions[c.executionId - 1].fn)) indexes.push(c.index);
  });
  opsJourney(d);
  stop();
  return indexes;
}

/** Runs `action` (another user's edit) just before the call of global index `at` takes effect. */
function atCall(d: Demo, at: number, action: () => void): () => void {
  return d.ws.runtime.onCall((c) => {
    if (c.index === at) action();
  });
}

describe('rows sorted, inserted and deleted while staging and delivery run', () => {
  test('an edit at any call of the jobs: every task still gets exactly its own status and files', () => {
    const base = workspace();
    const expected = undisturbedEnd(base);
    const indexes = jobCallIndexes();
    const broken = indexes.flatMap((at, i) => {
      const edit = EDITS[i % EDITS.length];
      const d = workspace();
      const stop = atCall(d, at, () => applyEdit(d, edit));
      const journey = opsJourney(d);
      stop();
      const found = [...journey.errors, ...departuresFrom(d, expected)];
      return found.map((f) => `${edit} at call ${at}: ${f}`);
    });
    expect(broken).toEqual([]);
    expect(indexes.length).toBeGreaterThan(500);
  });
});

interface Summary {
  succeeded: number;
  failed: Array<{ taskId: string; reason: string }>;
}

type Phase = 'staging' | 'delivery';

/**
 * The journey with a task's row deleted at call `k` of the phase's job (0: never): the job's
 * summary, the task's Export Log steps, and the executions that did not end well.
 */
function deleteRowDuring(phase: Phase, k: number) {
  const d = sweepWorkspace(SETUP);
  const victim = d.demo.tasks.filter((t) => t.kind === 'valid')[1].taskId;
  const taskIds = (
    d.ws.callFromPage('getTasksForStaging', [{}]).value as {
      selection: { tasks: Array<{ taskId: string }> };
    }
  ).selection.tasks.map((t) => t.taskId);
  let start = d.ws.callFromPage('executeStagingWizard', [{ filters: {}, taskIds }]) as RunResult<{
    jobId: string;
    batchId: string;
  }>;
  if (phase === 'delivery') {
    d.ws.settle();
    const batchId = start.value!.batchId;
    start = d.ws.callFromPage('executeDeliveryWizard', [batchId, d.demo.folders.clientAcme]);
  }
  const from = d.ws.runtime.callCount;
  const stop = atCall(d, from + k, () =>
    editSheet(d, (sheet) => {
      const ids = sheet.getRange(1, 1, sheet.getLastRow(), 1).getValues();
      sheet.deleteRow(ids.findIndex((r) => r[0] === victim) + 1);
    }),
  );
  const runs = d.ws.settle();
  stop();
  const progress = d.ws.callFromPage('getJobProgress', [start.value!.jobId]);
  const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log');
  return {
    d,
    victim,
    calls: d.ws.runtime.callCount - from,
    summary: (progress.value as { summary: Summary }).summary,
    steps: log.filter((r) => r[2] === victim).map((r) => String(r[5])),
    crashed: runs.filter((r) => !r.ok).map((r) => `${r.execution.fn}: ${r.error}`),
  };
}

describe('a task row deleted mid-job', () => {
  test.each<Phase>(['staging', 'delivery'])(
    '%s: deleted at any call, it is reported in the summary (or was recorded before), never a crash',
    (phase) => {
      const done = phase === 'staging' ? 'staged' : 'delivered';
      const { calls } = deleteRowDuring(phase, 0);
      const reported = new RegExp(
        `its row was deleted from the sheet.* while it was being ${done}`,
      );
      let told = 0;
      const broken = Array.from({ length: calls }, (_, i) => i + 1).flatMap((k) => {
        const { d, victim, summary, steps, crashed } = deleteRowDuring(phase, k);
        const problems = crashed.map((c) => `crashed: ${c}`);
        const failure = summary.failed.find((f) => f.taskId === victim);
        if (failure) {
          told += 1;
          if (!reported.test(failure.reason)) problems.push(`told: ${failure.reason}`);
        } else if (steps[steps.length - 1] !== done) {
          problems.push(`reported as ${done}, but the sheet never recorded it (${steps})`);
        }
        if (d.ws.triggers.list().length > 0) problems.push('a trigger was left');
        return problems.map((p) => `call ${k}: ${p}`);
      });
      expect(broken).toEqual([]);
      expect(told).toBeGreaterThan(calls / 4);
    },
  );

  test('the other tasks of the job are not disturbed', () => {
    const { d, victim, summary } = deleteRowDuring('staging', 1);
    const valid = d.demo.tasks.filter((t) => t.kind === 'valid' && t.taskId !== victim);
    expect(summary.succeeded).toBe(valid.length);
    for (const t of valid) {
      expect(rowOf(d, t.taskId)['Export Status']).toBe('staged');
      expect(rowOf(d, t.taskId)['Staged Count']).toBe(t.expectedFiles);
    }
    expect(summary.failed).toContainEqual({
      taskId: victim,
      reason: `Task ${victim}: its row was deleted from the sheet while it was being staged.`,
    });
  });
});
