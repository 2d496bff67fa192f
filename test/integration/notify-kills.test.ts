/**
 * "Never repeated for the same event", whatever kills an execution: the slice that tells of a
 * pause, and the one that finishes the job, are killed at each of their last service calls in turn
 * (where they record, send and forget) and at every few calls before.
 * The record of an event is written before its email is sent, so a kill in between loses that
 * email (the direction the notify module chose); no kill ever makes one event send two, and the
 * export ends all the same.
 */
import { Demo, call, demoWorkspace, setSliceBudget } from '../helpers/workspace';

const DAY = 24 * 60 * 60 * 1000;
const PAUSED = / is paused by a daily limit$/;
const STAGED = / is staged$/;

interface Run {
  d: Demo;
  batchId: string;
  /** Service calls made by each execution. */
  calls: Map<number, number>;
}

/** Stages a batch with its page closed; Google's daily URL Fetch calls run out on the way. */
function journey(kill?: { executionId: number; nth: number }): Run {
  const d = demoWorkspace({ demo: { tasks: 14, invalid: false, filesPerTask: 6 } });
  setSliceBudget(d, 3000);
  const calls = new Map<number, number>();
  d.ws.runtime.onCall((c) => calls.set(c.executionId, (calls.get(c.executionId) ?? 0) + 1));
  if (kill) {
    d.ws.faults.add({
      kind: 'kill',
      nth: kill.nth,
      match: (c) => c.executionId === kill.executionId,
    });
  }
  const owner = d.ws.owner;
  const ids = call<{ selection: { tasks: Array<{ taskId: string }> } }>(
    d,
    'getTasksForStaging',
    {},
  ).selection.tasks.map((t) => t.taskId);
  const start = call<{ jobId: string; batchId: string }>(d, 'executeStagingWizard', {
    filters: {},
    taskIds: ids,
  });
  d.ws.advance(90 * 1000);
  d.ws.quotas.spend(owner, 'urlFetch', d.ws.quotas.remaining(owner, 'urlFetch'));
  d.ws.advance(4 * 60 * 60 * 1000);
  d.ws.settle(3 * DAY);
  expect(call<{ finished: boolean }>(d, 'getJobProgress', start.jobId).finished).toBe(true);
  return { d, batchId: start.batchId, calls };
}

/** The execution that sent the email whose subject matches. */
function senderOf(run: Run, subject: RegExp): number {
  const mail = run.d.ws.mail.sent.find((m) => subject.test(m.subject))!;
  return run.d.ws.runtime.executions.find(
    (e) => e.startedAt <= mail.at && (e.endedAt ?? Infinity) >= mail.at && e.user === mail.from,
  )!.id;
}

/**
 * Where to kill: each of the last calls, where the slice records and sends (and, at its end,
 * forgets the job), and every few calls before, where it works.
 */
function positions(calls: number): number[] {
  const tail = 30;
  const out: number[] = [];
  for (let nth = 1; nth <= calls; nth++) if (nth > calls - tail || nth % 6 === 1) out.push(nth);
  return out;
}

const count = (run: Run, subject: RegExp) =>
  run.d.ws.mail.sent.filter((m) => subject.test(m.subject)).length;

describe('an execution killed at each of its calls', () => {
  let base: Run;
  beforeAll(() => {
    base = journey();
  });

  test('undisturbed, the journey sends one email for the pause and one for the end', () => {
    expect(base.d.ws.mail.sent.map((m) => m.subject)).toEqual([
      `Export batch ${base.batchId} is paused by a daily limit`,
      `Export batch ${base.batchId} is staged`,
    ]);
  });

  test.each([
    ['that tells of the pause', PAUSED],
    ['that finishes the job', STAGED],
  ])(
    '%s: never two emails for one event; one lost only by a kill at its send',
    (_what, subject) => {
      const executionId = senderOf(base, subject);
      const calls = base.calls.get(executionId)!;
      expect(calls).toBeGreaterThan(3);
      const lost: number[] = [];
      for (const nth of positions(calls)) {
        const run = journey({ executionId, nth });
        const where = `killed at call ${nth} of ${calls}`;
        expect({ where, paused: count(run, PAUSED) <= 1 }).toEqual({ where, paused: true });
        expect({ where, staged: count(run, STAGED) <= 1 }).toEqual({ where, staged: true });
        if (count(run, subject) === 0) lost.push(nth);
      }
      // A kill after the record and before the send (at the send itself) loses the email, as
      // chosen; no other kill does.
      // for the end, a kill after the job is forgotten and before the send does too.
      expect(lost.length).toBeLessThanOrEqual(subject === PAUSED ? 1 : 4);
    },
  );
});
