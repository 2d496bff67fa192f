/**
 * Jobs nobody watches go on through continuation triggers: the guard, armed before each slice's
 * work and due after the slice could have ended (so a killed slice is resumed), and the prompt,
 * armed once a slice has ended, so that the next one starts a trigger's lateness later rather
 * than when the guard falls due; or, by default, armed before the slice ends by about the
 * lateness seen, its slice waiting for its turn. Checked on the emulator's record of executions
 * and triggers.
 */
import type { Execution } from '../../emulator';
import type { TriggerRecord } from '../../emulator/services/script';
import { stageAll, validTasks } from '../helpers/delivery';
import {
  call,
  Demo,
  demoWorkspace,
  duplicatesIn,
  rowOf,
  setSliceBudget,
  spendTriggerRuntime,
  StagingStart,
  stagingOutcome,
  startStagingAll,
  tree,
} from '../helpers/workspace';
import type { CallInfo, WorkspaceOptions } from '../../emulator';

const HANDLER = 'runExportJobs';
/** Small slices, so that a job of the demo takes many. */
const BUDGET_MS = 2500;
/** When the guard falls due after a slice starts: the budget and a minute. */
const GUARD_DELAY_MS = BUDGET_MS + 60_000;

/**
 * The demo in small slices. Unless `early`, each next slice is armed once a slice ends (what the
 * add-on does when the day's trigger runtime is short): the guard and prompt mechanics alone.
 */
function workspace(ws: WorkspaceOptions = {}, early = false): Demo {
  const d = demoWorkspace({ demo: { tasks: 24, filesPerTask: 6, invalid: false }, ws });
  setSliceBudget(d, BUDGET_MS);
  if (!early) d.ws.properties.script.set('EXPORT_EARLY_SLICES', 'off');
  return d;
}

/** The prompt armed last, as the add-on records it. */
function recordedPromptUid(d: Demo): string {
  const raw = d.ws.properties.script.get('exportJobs.prompt') ?? '';
  return raw.startsWith('{') ? (JSON.parse(raw) as { uid: string }).uid : raw;
}

const continuations = (d: Demo) =>
  d.ws.triggers.list().filter((t) => t.handlerFunction === HANDLER && t.dueAt !== null);

/**
 * What the run did, as the emulator saw it: the executions that copied files (the job's working
 * slices), when each made its first and last copy, the prompt each execution armed, and the most
 * triggers the owner had at any call.
 */
function observe(d: Demo) {
  const copies = new Map<number, { first: number; last: number }>();
  const prompts = new Map<number, TriggerRecord>();
  let most = 0;
  let guardless: string[] = [];
  d.ws.runtime.onCall((c) => {
    most = Math.max(most, d.ws.triggers.ownedBy(d.ws.owner).length);
    if (c.method !== 'drive.files.copy') return;
    const now = d.ws.clock.now();
    const seen = copies.get(c.executionId);
    copies.set(c.executionId, { first: seen?.first ?? now, last: now });
    // The guard was armed before this slice's work: due once its budget is spent, not before.
    const ex = d.ws.runtime.executions.find((e) => e.id === c.executionId)!;
    if (!continuations(d).some((t) => t.dueAt! >= ex.startedAt + BUDGET_MS)) {
      guardless.push(`execution ${ex.id} copied at ${now - ex.startedAt} ms with no guard due`);
    }
  });
  d.ws.runtime.onExecutionEnd((ex) => {
    // A prompt is due at once (at its after(0), the call before it is made).
    const armed = continuations(d).filter(
      (t) => t.dueAt! <= t.createdAt && t.createdAt >= ex.startedAt && t.createdAt <= ex.endedAt!,
    );
    if (armed.length > 1) throw new Error(`execution ${ex.id} armed ${armed.length} prompts`);
    if (armed.length === 1) prompts.set(ex.id, { ...armed[0] });
  });
  return {
    copies,
    prompts,
    most: () => most,
    guardless: () => guardless,
    /** The executions that copied, in the order they started. */
    slices: (): Execution[] =>
      d.ws.runtime.executions
        .filter((e) => copies.has(e.id))
        .sort((a, b) => a.startedAt - b.startedAt),
    reset: () => {
      copies.clear();
      guardless = [];
    },
  };
}

describe('a job nobody watches', () => {
  test('each slice starts a trigger lateness after the last one ended, not minutes later', () => {
    const d = workspace();
    const seen = observe(d);
    const s = startStagingAll(d);
    const starter = d.ws.runtime.executions.find((e) => e.fn === 'executeStagingWizard')!;
    d.ws.settle();
    expect(rowOf(d, validTasks(d)[0].taskId)['Export Status']).toBe('staged');

    const slices = seen.slices();
    expect(slices.length).toBeGreaterThan(5);
    expect(seen.guardless()).toEqual([]);
    const gaps: Array<{ idle: number; lateness: number; byPrompt: boolean }> = [];
    for (const [prev, next] of [starter, ...slices].slice(0, -1).map((e, i) => [e, slices[i]])) {
      // One execution at a time: the next starts once the previous has ended.
      expect(next.startedAt).toBeGreaterThanOrEqual(prev.endedAt!);
      expect(next.fn).toBe(HANDLER);
      // The previous execution armed a prompt as it ended; the next slice started no later than
      // that prompt's drawn lateness (the guard, if that was later still, came first).
      const prompt = seen.prompts.get(prev.id);
      expect(prompt).toBeDefined();
      expect(prompt!.dueAt!).toBeLessThanOrEqual(prev.endedAt!);
      const idle = next.startedAt - prev.endedAt!;
      expect(idle).toBeLessThanOrEqual(prompt!.latenessMs);
      const firing = d.ws.triggers.firings.find((f) => f.uid === next.triggerUid)!;
      expect(firing.firedAt).toBe(next.startedAt);
      gaps.push({ idle, lateness: prompt!.latenessMs, byPrompt: next.triggerUid === prompt!.uid });
    }
    // Mostly the prompt itself; the guard only overtakes one far down the lateness tail.
    const byPrompt = gaps.filter((g) => g.byPrompt);
    expect(byPrompt.length / gaps.length).toBeGreaterThan(0.8);
    // Less only by the last call or two of the execution after it armed the prompt.
    for (const g of byPrompt) expect(g.lateness - g.idle).toBeLessThan(1000);
    for (const g of gaps.filter((x) => !x.byPrompt)) expect(g.lateness).toBeGreaterThan(60_000);
    // Idle is the drawn lateness, mostly under a minute: far from the guard's re-arm.
    const meanIdle = gaps.reduce((n, g) => n + g.idle, 0) / gaps.length;
    expect(meanIdle).toBeLessThan(GUARD_DELAY_MS);
    expect(stagingOutcome(d, s.batchId).files.length).toBeGreaterThan(0);
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('a slice killed in the middle of its copies is resumed by its guard', () => {
    const expected = (() => {
      const base = workspace();
      const s = startStagingAll(base);
      base.ws.settle();
      return stagingOutcome(base, s.batchId);
    })();
    const d = workspace();
    const seen = observe(d);
    let killed: { execution: number; guards: TriggerRecord[]; at: number } | null = null;
    const copiesBy = new Map<number, number>();
    d.ws.runtime.onCall((c) => {
      if (c.method !== 'drive.files.copy' || killed) return;
      copiesBy.set(c.executionId, (copiesBy.get(c.executionId) ?? 0) + 1);
      // The third slice, at its second copy.
      if (copiesBy.size === 3 && copiesBy.get(c.executionId) === 2) {
        killed = {
          execution: c.executionId,
          guards: continuations(d).map((t) => ({ ...t })),
          at: d.ws.clock.now(),
        };
        d.ws.faults.killAt(c.index);
      }
    });
    const s = startStagingAll(d);
    d.ws.settle();
    expect(killed).not.toBeNull();
    const { execution, guards, at } = killed!;
    const dead = d.ws.runtime.executions.find((e) => e.id === execution)!;
    expect(dead.outcome).toBe('killed');
    expect(dead.triggerUid).toBeDefined();
    // Armed before the work, due after the slice's budget: the trigger that resumes the job.
    const guard = guards.find((t) => t.dueAt! >= dead.startedAt + BUDGET_MS);
    expect(guard).toBeDefined();
    expect(guard!.dueAt!).toBeGreaterThan(at);
    // A killed slice armed no prompt: the guard (or a trigger left armed) carried on.
    expect(seen.prompts.has(execution)).toBe(false);
    const after = seen.slices().filter((e) => e.startedAt > dead.startedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after[0].startedAt).toBeGreaterThanOrEqual(guard!.dueAt!);
    expect(stagingOutcome(d, s.batchId)).toEqual(expected);
    expect(duplicatesIn(tree(d, d.demo.folders.staging))).toEqual([]);
    expect(d.ws.triggers.list()).toEqual([]);
  });
});

describe('the triggers a job keeps', () => {
  test('a staging and a delivery keep at most four triggers of the person at any moment', () => {
    const d = workspace();
    const seen = observe(d);
    const batchId = stageAll(d);
    const delivery = call<{ jobId: string }>(
      d,
      'executeDeliveryWizard',
      batchId,
      d.demo.folders.clientAcme,
    );
    d.ws.settle();
    expect(call<{ finished: boolean }>(d, 'getJobProgress', delivery.jobId).finished).toBe(true);
    // The guard, its replacement being armed, the prompt that fired, and the watchdog.
    expect(seen.most()).toBeLessThanOrEqual(4);
    expect(d.ws.triggers.list()).toEqual([]);
    expect([...d.ws.properties.script.keys()].filter((k) => k.startsWith('exportJob'))).toEqual([]);
  });

  test('with room left for the guard only, the job goes on at the guard’s pace, no error', () => {
    const d = workspace();
    // The person's 18 other triggers leave room for the guard and the watchdog, no prompt.
    for (let i = 0; i < 18; i++) {
      d.ws.triggers.add({
        uid: `90000000000000000${String(i).padStart(2, '0')}`,
        handlerFunction: 'sendWeeklyDigest',
        type: 'CLOCK',
        owner: d.ws.owner,
        createdAt: d.ws.clock.now(),
        dueAt: null,
        periodMs: null,
        firedCount: 1,
        lastFiredAt: d.ws.clock.now(),
      });
    }
    const seen = observe(d);
    const s = startStagingAll(d);
    const runs = d.ws.settle();
    expect(runs.filter((r) => !r.ok)).toEqual([]);
    expect(seen.most()).toBeLessThanOrEqual(20);
    expect(seen.prompts.size).toBe(0);
    const slices = seen.slices();
    expect(slices.length).toBeGreaterThan(2);
    for (const [prev, next] of slices.slice(0, -1).map((e, i) => [e, slices[i + 1]])) {
      expect(next.startedAt - prev.startedAt).toBeGreaterThanOrEqual(GUARD_DELAY_MS);
    }
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('staged');
    expect(duplicatesIn(tree(d, d.demo.folders.staging))).toEqual([]);
    expect(d.ws.triggers.list().map((t) => t.handlerFunction)).toEqual(
      Array(18).fill('sendWeeklyDigest'),
    );
    expect(stagingOutcome(d, s.batchId).files.length).toBeGreaterThan(0);
  });
});

describe('a job nobody watches, each next slice armed before the last one ends (the default)', () => {
  /** The copies of the job's executions, as [first, last] intervals, in the order they came. */
  function spans(seen: ReturnType<typeof observe>) {
    return [...seen.copies.values()].sort((a, b) => a.first - b.first);
  }

  /**
   * Slices of a minute (lateness is tens of seconds: with slices of a few seconds, a successor
   * armed at once still starts after its slice ended), over a demo that needs several.
   */
  function longSlices(early: boolean): Demo {
    const d = demoWorkspace({ demo: { tasks: 60, filesPerTask: 12, invalid: false } });
    setSliceBudget(d, 60_000);
    if (!early) d.ws.properties.script.set('EXPORT_EARLY_SLICES', 'off');
    return d;
  }

  /** A staging of the demo by triggers alone; what it took and what the emulator saw. */
  function runStaging(early: boolean) {
    const d = longSlices(early);
    const seen = observe(d);
    const s = startStagingAll(d);
    const began = d.ws.clock.now();
    const runs = d.ws.settle();
    const copies = spans(seen);
    return { d, s, seen, runs, took: copies.at(-1)!.last - began, copies };
  }

  test('it waits for its turn: one slice works at a time, the job idles less and ends sooner', () => {
    const late = runStaging(false);
    const early = runStaging(true);
    for (const { d, s, runs } of [late, early]) {
      expect(runs.filter((r) => !r.ok)).toEqual([]);
      for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('staged');
      expect(duplicatesIn(tree(d, d.demo.folders.staging))).toEqual([]);
      expect(d.ws.triggers.list()).toEqual([]);
      expect(stagingOutcome(d, s.batchId)).toEqual(stagingOutcome(late.d, late.s.batchId));
    }
    // Slices started before the one they follow had ended, and waited for it: their copies
    // never overlap the previous slice's.
    const slices = early.seen.slices();
    const waited = slices.filter((e, i) => i > 0 && e.startedAt < slices[i - 1].endedAt!);
    expect(waited.length).toBeGreaterThan(slices.length / 4);
    for (let i = 1; i < early.copies.length; i++) {
      expect(early.copies[i].first).toBeGreaterThan(early.copies[i - 1].last);
    }
    // The time between one slice's last copy and the next one's first: less idle, a faster job.
    const idle = (c: Array<{ first: number; last: number }>) =>
      c.slice(1).reduce((n, x, i) => n + x.first - c[i].last, 0) / (c.length - 1);
    expect(idle(early.copies)).toBeLessThan(idle(late.copies) * 0.8);
    expect(early.took).toBeLessThan(late.took);
    // The lateness it armed by: the recent firings of its own prompts, a bounded record.
    const kept = (d: Demo) => d.ws.caches.scope('script').get('exportTriggerLateness')?.value;
    const samples = JSON.parse(kept(early.d)!);
    expect(samples.length).toBeGreaterThan(3);
    expect(samples.length).toBeLessThanOrEqual(20);
    expect(kept(late.d)).toBeUndefined();
    // One more trigger than armed once a slice ends: the early prompt, before the one that fired
    // is deleted. Far from the 20 a person may have.
    expect(early.seen.most()).toBeLessThanOrEqual(5);
  });

  test('a slice killed while the next one is armed: the job goes on and ends as undisturbed', () => {
    const expected = (() => {
      const base = longSlices(true);
      const s = startStagingAll(base);
      base.ws.settle();
      return stagingOutcome(base, s.batchId);
    })();
    const d = longSlices(true);
    const seen = observe(d);
    let killed: { execution: number; at: number } | null = null;
    const copiesBy = new Map<number, number>();
    d.ws.runtime.onCall((c) => {
      if (c.method !== 'drive.files.copy' || killed) return;
      copiesBy.set(c.executionId, (copiesBy.get(c.executionId) ?? 0) + 1);
      // The third slice (its successor armed early by then), at its second copy.
      if (copiesBy.size === 3 && copiesBy.get(c.executionId) === 2) {
        killed = { execution: c.executionId, at: d.ws.clock.now() };
        d.ws.faults.killAt(c.index);
      }
    });
    const s = startStagingAll(d);
    d.ws.settle();
    expect(killed).not.toBeNull();
    const dead = d.ws.runtime.executions.find((e) => e.id === killed!.execution)!;
    expect(dead.outcome).toBe('killed');
    const after = seen.slices().filter((e) => e.startedAt > dead.startedAt);
    expect(after.length).toBeGreaterThan(0);
    // Its successor was armed before its work, fired and found the dead slice's lease (which
    // runs out 6 minutes after it was taken); a later firing took the job on.
    const successors = d.ws.runtime.executions.filter(
      (e) => e.fn === HANDLER && e.startedAt > dead.startedAt && e.startedAt < after[0].startedAt,
    );
    expect(successors.length).toBeGreaterThan(0);
    expect(after[0].startedAt).toBeGreaterThan(dead.startedAt + 6 * 60_000 - 5000);
    expect(stagingOutcome(d, s.batchId)).toEqual(expected);
    expect(duplicatesIn(tree(d, d.demo.folders.staging))).toEqual([]);
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('a slice that ends its job early leaves the other job no wait for the successor it armed', () => {
    // Slices of the default length: a successor armed early is due minutes after a slice starts.
    const d = demoWorkspace({ demo: { tasks: 60, filesPerTask: 12, invalid: false } });
    const ids = call<{ selection: { tasks: Array<{ taskId: string }> } }>(
      d,
      'getTasksForStaging',
      {},
    ).selection.tasks.map((t) => t.taskId);
    // A batch of two tasks and one of the rest, started together.
    const starts = [ids.slice(0, 2), ids.slice(2)].map((taskIds) =>
      call<StagingStart>(d, 'executeStagingWizard', { filters: {}, taskIds }),
    );
    const seen = observe(d);
    d.ws.settle();
    for (const s of starts) {
      expect(call<{ finished: boolean }>(d, 'getJobProgress', s.jobId).finished).toBe(true);
    }
    // The small batch's slice ends after a few seconds: the next one is armed at once (it starts
    // a trigger's lateness later, as when slices are armed at their end), not left to the
    // successor due near a full slice's end, minutes later.
    const [first, second] = spans(seen);
    expect(first.last - first.first).toBeLessThan(60_000);
    expect(second.first - first.last).toBeLessThan(2 * 60_000);
  });

  test('the person’s lock failing to answer: the slices go on without turns, the job ends right', () => {
    const expected = runStaging(true);
    const d = longSlices(true);
    // Every wait for the turn (a continuation's second call, after getUserLock) answered with a
    // service error.
    d.ws.faults.add({
      kind: 'error',
      match: (c) => {
        const ex = d.ws.runtime.current();
        return c.method === 'Lock.tryLock' && ex.fn === HANDLER && ex.calls === 2;
      },
      probability: 1,
    });
    const s = startStagingAll(d);
    const runs = d.ws.settle();
    expect(d.ws.faults.fired.length).toBeGreaterThan(3);
    expect(runs.filter((r) => !r.ok)).toEqual([]);
    expect(stagingOutcome(d, s.batchId)).toEqual(stagingOutcome(expected.d, expected.s.batchId));
    expect(duplicatesIn(tree(d, d.demo.folders.staging))).toEqual([]);
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('with too little of the day’s trigger runtime left for the job, no slice waits', () => {
    const d = longSlices(true);
    // A personal account with 200 s of its day left by the add-on's count (90 minutes, less the
    // 5 kept in reserve): less than the job's 720 files would take.
    spendTriggerRuntime(d, 85 * 60 * 1000 - 200_000);
    // Lateness seen before: a slice that could would arm its successor 30 s ahead.
    d.ws.caches.scope('script').set('exportTriggerLateness', {
      value: JSON.stringify([30_000, 30_000, 30_000]),
      expiresAt: d.ws.clock.now() + 6 * 60 * 60 * 1000,
    });
    const seen = observe(d);
    startStagingAll(d);
    d.ws.advance(15 * 60 * 1000);
    const slices = seen.slices();
    expect(slices.length).toBeGreaterThan(2);
    // Each armed its successor once it ended: none started while another ran.
    for (let i = 1; i < slices.length; i++) {
      expect(slices[i].startedAt).toBeGreaterThanOrEqual(slices[i - 1].endedAt!);
    }
    expect(seen.prompts.size).toBeGreaterThan(2);
  });
});

describe('one execution in a job’s work at a time', () => {
  /** The copies of the job's executions, as [first, last] intervals, must not overlap. */
  function expectNoOverlap(copies: Map<number, { first: number; last: number }>): void {
    const spans = [...copies.values()].sort((a, b) => a.first - b.first);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i].first).toBeGreaterThan(spans[i - 1].last);
    }
  }

  test('a prompt that fires while the previous slice’s execution is still finishing', () => {
    // No lateness: each prompt fires at the next call of the execution that armed it, which
    // then runs on side by side with the slice the prompt starts.
    const d = workspace({ triggerLatenessMs: 0 });
    const seen = observe(d);
    const s = startStagingAll(d);
    d.ws.settle();
    const slices = seen.slices();
    expect(slices.length).toBeGreaterThan(5);
    // The prompt's slices started before the execution that armed them had ended ...
    const nested = slices.filter((e, i) => i > 0 && e.startedAt < slices[i - 1].endedAt!);
    expect(nested.length).toBeGreaterThan(0);
    // ... once the lease was given back: the copies never overlap, none is made twice.
    expectNoOverlap(seen.copies);
    expect(duplicatesIn(tree(d, d.demo.folders.staging))).toEqual([]);
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('staged');
    expect(stagingOutcome(d, s.batchId).files.length).toBeGreaterThan(0);
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('the sidebar drives while the start’s prompt fires: one execution works at a time', () => {
    const d = workspace();
    const seen = observe(d);
    const s = startStagingAll(d);
    for (let i = 0; i < 500; i++) {
      d.ws.runDueTriggers();
      if (call<{ finished: boolean }>(d, 'continueJob', s.jobId).finished) break;
      // The person's page asks again a few seconds after each answer.
      d.ws.advance(3000);
    }
    d.ws.settle();
    expect(call<{ finished: boolean }>(d, 'getJobProgress', s.jobId).finished).toBe(true);
    expect(d.ws.triggers.firings.filter((f) => f.handlerFunction === HANDLER).length).toBe(1);
    expect(seen.slices().filter((e) => e.fn === 'continueJob').length).toBeGreaterThan(5);
    expectNoOverlap(seen.copies);
    expect(duplicatesIn(tree(d, d.demo.folders.staging))).toEqual([]);
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('staged');
    expect(d.ws.triggers.list()).toEqual([]);
  });
});

describe('a job that must wait for something timed', () => {
  /**
   * What a slice can change, less what every slice rewrites (the job's heartbeat, slice count and
   * current task): the Drive tree, every sheet of the spreadsheet (the tasks, the job's ledger)
   * and the job's head, copy plans included. The same after an execution as before it: that
   * execution did nothing.
   */
  function fingerprint(d: Demo): string {
    const drive = d.ws.drive
      .all()
      .map((i) => [i.id, i.name, i.parentId, i.trashed])
      .sort();
    const book = d.ws.sheets.get(d.demo.spreadsheetId)!;
    const sheets = book.sheets.map((s) => [
      s.name,
      d.ws.sheets.values(d.demo.spreadsheetId, s.name),
    ]);
    const heads = [...d.ws.properties.script.entries()]
      .map(([key, value]) => [key, parsed(value)] as const)
      .filter(([, v]) => v?.ledger === true)
      .map(([key, v]) => {
        const { heartbeat: _h, slices: _s, currentTask: _t, currentFile: _f, ...rest } = v!;
        return [key, rest];
      })
      .sort();
    return JSON.stringify({ drive, sheets, heads });
  }

  function parsed(value: string): Record<string, unknown> | null {
    try {
      const v: unknown = JSON.parse(value);
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  /** A DriveApp staging of the demo, driven by triggers alone, in slices of `budgetMs`. */
  function driveApp(budgetMs: number): Demo {
    const d = demoWorkspace({ demo: { tasks: 6, filesPerTask: 6, invalid: false } });
    d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
    setSliceBudget(d, budgetMs);
    return d;
  }

  function undisturbed(budgetMs: number) {
    const base = driveApp(budgetMs);
    const s = startStagingAll(base);
    base.ws.settle();
    return stagingOutcome(base, s.batchId);
  }

  /**
   * Watches the executions: the trigger executions that ended with the job still active and
   * nothing changed (`idle`), and the prompts armed for later than at once (`delayed`).
   */
  function watch(d: Demo) {
    let last = fingerprint(d);
    const idle: string[] = [];
    const delayed: string[] = [];
    d.ws.runtime.onExecutionEnd((ex) => {
      const now = fingerprint(d);
      const active = d.ws.properties.script.get('exportJobs.active');
      if (ex.fn === HANDLER && now === last && active) {
        idle.push(`execution ${ex.id} at ${ex.startedAt} did nothing`);
      }
      last = now;
      const prompt = d.ws.triggers.get(recordedPromptUid(d));
      if (prompt && prompt.createdAt >= ex.startedAt && prompt.dueAt! > prompt.createdAt) {
        delayed.push(prompt.uid);
      }
    });
    return { idle, delayed };
  }

  function expectStagedOnce(d: Demo, batchId: string, expected: ReturnType<typeof undisturbed>) {
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('staged');
    expect(duplicatesIn(tree(d, d.demo.folders.staging))).toEqual([]);
    expect(stagingOutcome(d, batchId)).toEqual(expected);
    expect(d.ws.triggers.list()).toEqual([]);
  }

  test('DriveApp, copies and a folder answered with errors: no slice starts only to find the job waiting', () => {
    // Long enough to plan and copy, too short to wait out a send in the slice: a copy sent
    // without an id is only told from a listing taken a minute after it.
    const expected = undisturbed(20_000);
    const d = driveApp(20_000);
    const makeCopy = (c: CallInfo) => c.method === 'File.makeCopy';
    const createFolder = (c: CallInfo) => c.method === 'Folder.createFolder';
    for (const nth of [3, 14, 25]) d.ws.faults.add({ kind: 'error', nth, match: makeCopy });
    for (const nth of [8, 20, 31]) {
      d.ws.faults.add({ kind: 'successWithError', nth, match: makeCopy });
    }
    d.ws.faults.add({ kind: 'successWithError', nth: 3, match: createFolder });
    const seen = watch(d);
    const s = startStagingAll(d);
    const runs = d.ws.settle();
    expect(runs.filter((r) => !r.ok)).toEqual([]);
    expect(d.ws.faults.fired.length).toBe(7);
    expect(seen.idle).toEqual([]);
    // The job waited: prompts were armed for when it could go on, not at once.
    expect(seen.delayed.length).toBeGreaterThan(0);
    expectStagedOnce(d, s.batchId, expected);
  });

  test('DriveApp, slices that end after one copy: the copies not sent do not hold the next back', () => {
    // Each slice sends one copy and stops: the next sends the following one at once, without
    // waiting for the copies the last one never sent.
    const expected = undisturbed(2500);
    const d = driveApp(2500);
    const seen = watch(d);
    const s = startStagingAll(d);
    const runs = d.ws.settle();
    expect(runs.filter((r) => !r.ok)).toEqual([]);
    expect(seen.idle).toEqual([]);
    expect(seen.delayed).toEqual([]);
    expectStagedOnce(d, s.batchId, expected);
  });
});
