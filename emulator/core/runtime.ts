import { SimClock } from './clock';
import {
  ExecutionKilled,
  EmulatorUsageError,
  KillReason,
  LockWaitDeferred,
  ScriptException,
} from './errors';
import { CallInfo, FaultInjector, FaultKind, FiredFault } from './faults';
import { LatencyModel } from './latency';

/**
 * Apps Script stops an execution after 6 minutes, consumer and Workspace accounts alike (quotas
 * page, developers.google.com/apps-script/guides/services/quotas, "Current limitations": Script
 * runtime, 6 min / execution). The time is wall time: service calls, waits and the script's own work.
 */
export const EXECUTION_LIMIT_MS = 6 * 60 * 1000;

/** Quotas page, "Current limitations": Simultaneous executions per user, 30 / user. */
export const SIMULTANEOUS_EXECUTIONS_PER_USER = 30;

/**
 * What Apps Script says when one more execution would pass that limit (quotas page, errors:
 * "There are too many scripts running simultaneously for this Google user account.").
 */
export const TOO_MANY_SIMULTANEOUS_MESSAGE =
  'There are too many scripts running simultaneously for this Google user account.';

export interface Execution {
  id: number;
  fn: string;
  user: string;
  startedAt: number;
  endedAt?: number;
  calls: number;
  /**
   * Simulated milliseconds of the script's own JavaScript work (between its service calls, and
   * before the first and after the last one): measured time times `Runtime.cpuScale`. 0 when the
   * scale is 0 (nothing is measured).
   */
  cpuMs: number;
  /** Set once Apps Script has stopped the execution; every later service call throws. */
  killed?: KillReason;
  /** The trigger that started it, if any. */
  triggerUid?: string;
  outcome?: 'ok' | 'error' | 'killed';
  error?: string;
  /**
   * True once the execution made a call that reads or changes what others see: any call but
   * getting or waiting for a lock, Session, Utilities and logging. Until then, a lock wait that
   * only another running execution can end may be played later (see `deferLockWait`).
   */
  observed?: boolean;
  /** Set while the execution waits, set aside, for a lock another running execution holds. */
  waitingFor?: { key: string; deadline: number };
  /**
   * For the replay of a set-aside execution: when and how its lock wait ended (`deadline`: when
   * it would have given up, should another take the lock first).
   */
  lockWaitEnds?: { key: string; at: number; acquired: boolean; deadline: number };
}

/** Calls that neither read nor change what other executions see (nor take much time). */
const UNOBSERVED_SERVICES = new Set(['LockService', 'Session', 'Utilities', 'Logger']);

/** An execution set aside while it waits for a lock: its body is played again from the start. */
interface WaitingRun {
  ex: Execution;
  body: () => unknown;
}

export interface RunResult<T = unknown> {
  execution: Execution;
  ok: boolean;
  value?: T;
  /** The message of the error the function threw, or Apps Script's kill message. */
  error?: string;
  killed: boolean;
  /** The execution waits, set aside, for a lock; its result comes when it is played again. */
  deferred?: boolean;
}

/** What a service learns from the gate before it acts: the call's index and any fault to apply. */
export interface Gate {
  call: CallInfo;
  fault: FaultKind | null;
  /** The fault with its rule's options (a landedWithError status, a partial kill). */
  fired: FiredFault | null;
}

/** A running execution and what its CPU meter needs. */
interface Frame {
  ex: Execution;
  /** How deep inside emulated service code the execution is; 0 while the script's own code runs. */
  inService: number;
  /** performance.now() when the script's own code last got control. */
  resumedAt: number;
  /** Scaled CPU time below a whole millisecond, not yet on the clock. */
  carry: number;
}

/**
 * The execution model: which executions are running, how long each call takes on the simulated
 * clock, the script's own CPU time, the 6-minute kill, the per-user limit on simultaneous
 * executions, and the fault injector. Every emulated service call passes `enter`.
 *
 * Executions overlap by nesting: a trigger that falls due while one runs (see `onTimePassed`), or
 * one a test starts from a call hook, runs to its end inside the running execution's service call.
 * Each runs on its own timeline: it starts at its own start time, and once it ends the clock goes
 * back to the outer execution's time, so the inner run's time is not charged to the outer's
 * 6 minutes (they ran side by side). Once every execution has ended the clock is at the latest
 * time any of them reached.
 */
export class Runtime {
  readonly executions: Execution[] = [];
  private readonly frames: Frame[] = [];
  private readonly endHooks: Array<(ex: Execution) => void> = [];
  private readonly callHooks: Array<(call: CallInfo) => void> = [];
  private readonly stopConditions: Array<(ex: Execution) => KillReason | null> = [];
  private readonly timeHooks: Array<() => void> = [];
  private readonly replayHooks: Array<(result: RunResult) => void> = [];
  private readonly waiting: WaitingRun[] = [];
  /** Locks released by executions still running, whose waiters go on when those end. */
  private freedBy: Array<{ key: string; at: number; by: number }> = [];
  callCount = 0;
  limitMs = EXECUTION_LIMIT_MS;
  /** How many executions of one user may run at once; the next one is refused. */
  simultaneousLimit = SIMULTANEOUS_EXECUTIONS_PER_USER;
  /**
   * Simulated milliseconds per measured millisecond of the script's own work; 0 turns the
   * measure off (runs then repeat exactly for a seed).
   */
  cpuScale = 0;

  constructor(
    readonly clock: SimClock,
    public latency: LatencyModel,
    readonly faults: FaultInjector,
  ) {}

  current(): Execution {
    return this.frame().ex;
  }

  isRunning(): boolean {
    return this.frames.length > 0;
  }

  activeExecutions(): readonly Execution[] {
    return this.frames.map((f) => f.ex);
  }

  private frame(): Frame {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) throw new EmulatorUsageError('no execution is running: use Workspace.run()');
    return frame;
  }

  /** Called when any execution ends (locks are released here). */
  onExecutionEnd(hook: (ex: Execution) => void): void {
    this.endHooks.push(hook);
  }

  /** Called before each service call takes effect: lets a test start a concurrent execution. */
  onCall(hook: (call: CallInfo) => void): () => void {
    this.callHooks.push(hook);
    return () => {
      const i = this.callHooks.indexOf(hook);
      if (i >= 0) this.callHooks.splice(i, 1);
    };
  }

  /**
   * Adds a reason for Apps Script to stop a running execution besides the 6-minute limit (the
   * day's trigger runtime): checked wherever the limit is, and a stopped execution stays dead.
   */
  addStopCondition(check: (ex: Execution) => KillReason | null): void {
    this.stopConditions.push(check);
  }

  /**
   * Called whenever the clock moves inside an execution (a service call's cost, a wait, the
   * script's CPU time charged at a call): the workspace starts the triggers that fell due.
   */
  onTimePassed(hook: () => void): void {
    this.timeHooks.push(hook);
  }

  /**
   * Runs `body` as one execution of `fn` by `user`. Errors and kills become the result. Started
   * while another execution runs, it overlaps it: `startAt` (not before the outer execution
   * started, not after now) is its start time on its own timeline, and once it ends the clock goes
   * back to the outer execution's time. One more than `simultaneousLimit` executions of a user
   * running at its start time is refused, as Apps Script refuses it: the body never runs.
   */
  execute<T>(
    fn: string,
    user: string,
    body: () => T,
    triggerUid?: string,
    startAt?: number,
  ): RunResult<T> {
    return this.sideBySide(startAt, false, () => {
      const ex: Execution = {
        id: this.executions.length + 1,
        fn,
        user,
        startedAt: this.clock.now(),
        calls: 0,
        cpuMs: 0,
        triggerUid,
      };
      this.executions.push(ex);
      if (this.runningAt(user, ex.startedAt) >= this.simultaneousLimit) {
        return this.ended(ex, {
          execution: ex,
          ok: false,
          killed: false,
          error: TOO_MANY_SIMULTANEOUS_MESSAGE,
        });
      }
      return this.played(ex, body);
    });
  }

  /**
   * Runs `run` on its own timeline: inside a running execution, that one's work stops and its
   * clock resumes once `run` is over; `startAt` (not after now) is where the timeline starts:
   * only inside another execution, unless `always` (an execution set aside, played again at its
   * own start, which may lie past the time of the execution that freed its lock: executions
   * nested in that one ran further). Once none runs, the clock is at the latest time any
   * execution reached.
   */
  private sideBySide<R>(startAt: number | undefined, always: boolean, run: () => R): R {
    const outer = this.frames[this.frames.length - 1];
    if (outer) {
      this.chargeCpu(outer);
      outer.inService += 1;
    }
    const outerNow = this.clock.now();
    if (startAt !== undefined && ((outer && startAt < outerNow) || always)) {
      this.clock.jumpTo(startAt);
    }
    const value = run();
    if (outer) {
      this.clock.jumpTo(outerNow);
      outer.inService -= 1;
      if (outer.inService === 0) outer.resumedAt = performance.now();
    } else {
      this.clock.advanceTo(this.clock.latest);
    }
    return value;
  }

  /** Runs the body; an execution set aside for a lock is kept for later instead of ending. */
  private played<T>(ex: Execution, body: () => T): RunResult<T> {
    const result = this.runBody(ex, body);
    if (ex.waitingFor && !ex.killed) {
      this.waiting.push({ ex, body });
      return { execution: ex, ok: true, killed: false, deferred: true };
    }
    return this.ended(ex, result);
  }

  private ended<T>(ex: Execution, result: RunResult<T>): RunResult<T> {
    ex.endedAt = this.clock.now();
    ex.outcome = result.killed ? 'killed' : result.ok ? 'ok' : 'error';
    ex.error = result.error;
    for (const hook of this.endHooks) hook(ex);
    // Locks it let go of while it ran: their waiters go on now that it has ended.
    const freed = this.freedBy.filter((f) => f.by === ex.id);
    this.freedBy = this.freedBy.filter((f) => f.by !== ex.id);
    for (const f of freed) this.wakeWaiters(f.key, f.at);
    return result;
  }

  /**
   * Sets the running execution aside until `key` is free or `deadline` passes: its lock wait can
   * only end by the release of an execution that runs outside it, which, executions nesting
   * synchronously here, cannot go on while it waits. Allowed only before the execution made any
   * call others could see (`observed`): played again from its start, it then acts exactly as if it
   * had waited. Throws.
   */
  deferLockWait(key: string, deadline: number): never {
    const ex = this.current();
    if (ex.observed || ex.lockWaitEnds) {
      throw new EmulatorUsageError('only a lock wait before any other call can be set aside');
    }
    ex.waitingFor = { key, deadline };
    throw new LockWaitDeferred();
  }

  /**
   * True while the running execution may still be set aside for a lock (see `deferLockWait`):
   * one a trigger started (a page's call or a test's execution started inside another needs its
   * answer at once, so it waits out its timeout as before).
   */
  canDeferLockWait(): boolean {
    const ex = this.current();
    return ex.triggerUid !== undefined && !ex.observed && !ex.lockWaitEnds;
  }

  /**
   * Called when execution `by` lets go of `key`: the executions set aside for it go on, their
   * wait ending now. One that still runs (it released the lock before its end) is let finish
   * first: played inside it, a waiter would keep it counted as running for the waiter's whole
   * run, and a chain of slices each waiting for the one before would nest ever deeper.
   */
  lockFreed(key: string, by: number): void {
    const at = this.clock.now();
    if (this.frames.some((f) => f.ex.id === by)) this.freedBy.push({ key, at, by });
    else this.wakeWaiters(key, at);
  }

  /**
   * Plays again the executions set aside for `key`, freed at `at`, in the order they were set
   * aside: the first still within its wait takes the lock (its own release wakes the next); one
   * whose wait ran out first fails it, and the next is tried.
   */
  private wakeWaiters(key: string, at: number): void {
    for (;;) {
      const i = this.waiting.findIndex((w) => w.ex.waitingFor?.key === key);
      if (i < 0) return;
      const [w] = this.waiting.splice(i, 1);
      const deadline = w.ex.waitingFor!.deadline;
      const acquired = at <= deadline;
      this.replay(w, { key, at: Math.min(at, deadline), acquired, deadline });
      if (acquired) return;
    }
  }

  /** Executions set aside for a lock whose wait ran out by now are played again, failing it. */
  private wakeTimedOut(): void {
    for (;;) {
      const now = this.clock.now();
      const i = this.waiting.findIndex((w) => w.ex.waitingFor!.deadline <= now);
      if (i < 0) return;
      const [w] = this.waiting.splice(i, 1);
      const { key, deadline } = w.ex.waitingFor!;
      this.replay(w, { key, at: deadline, acquired: false, deadline });
    }
  }

  private replay(w: WaitingRun, ends: NonNullable<Execution['lockWaitEnds']>): void {
    const ex = w.ex;
    ex.waitingFor = undefined;
    ex.lockWaitEnds = ends;
    ex.observed = false;
    const result = this.sideBySide(ex.startedAt, true, () => this.played(ex, w.body));
    if (!result.deferred) for (const hook of this.replayHooks) hook(result);
  }

  /** Called with the result of each execution set aside for a lock, once it has ended. */
  onReplayed(hook: (result: RunResult) => void): void {
    this.replayHooks.push(hook);
  }

  private runBody<T>(ex: Execution, body: () => T): RunResult<T> {
    const frame: Frame = { ex, inService: 0, resumedAt: performance.now(), carry: 0 };
    this.frames.push(frame);
    let value: T | undefined;
    let error: string | undefined;
    let threw = false;
    try {
      value = body();
    } catch (e) {
      threw = true;
      error = e instanceof Error ? e.message : String(e);
    } finally {
      // The script's work after its last call counts too: an execution whose own CPU time
      // carried it past the limit was stopped by Apps Script before it could finish.
      frame.inService = 0;
      this.chargeCpu(frame);
      if (!ex.killed && this.overLimit(ex)) ex.killed = 'timeout';
      this.frames.pop();
    }
    if (ex.killed) {
      return {
        execution: ex,
        ok: false,
        killed: true,
        error: new ExecutionKilled(ex.killed).message,
      };
    }
    return threw
      ? { execution: ex, ok: false, killed: false, error }
      : { execution: ex, ok: true, value, killed: false };
  }

  /**
   * How many executions of `user` run at time `t`: those running now (pessimistic: an outer one
   * may in truth have ended before an inner one it holds), and those already ended whose own
   * timeline reaches past `t`.
   */
  private runningAt(user: string, t: number): number {
    const running = new Set(this.frames.map((f) => f.ex));
    let n = 0;
    for (const ex of this.executions) {
      if (ex.user !== user) continue;
      if (running.has(ex) || (ex.endedAt !== undefined && ex.startedAt <= t && ex.endedAt > t)) {
        n += 1;
      }
    }
    return n;
  }

  /**
   * Runs emulated service code for the running execution: the script's own work up to here is
   * charged to the clock, and the time spent inside (the emulator's own work) is not.
   */
  service<T>(body: () => T): T {
    const frame = this.frame();
    this.chargeCpu(frame);
    frame.inService += 1;
    try {
      return body();
    } finally {
      frame.inService -= 1;
      if (frame.inService === 0) frame.resumedAt = performance.now();
    }
  }

  /**
   * The time as the script reads it (`new Date()`, `Date.now()`): its own work so far is charged
   * first. An execution this carried past the limit is stopped here, and a stopped one cannot
   * read the time either: Apps Script does not run it any further.
   */
  readClock(): number {
    const frame = this.frames[this.frames.length - 1];
    if (frame && frame.inService === 0) {
      this.chargeCpu(frame);
      if (frame.ex.killed) throw new ExecutionKilled(frame.ex.killed);
      this.checkLimit(frame.ex);
    }
    return this.clock.now();
  }

  /** Charges the script's own work since it last got control to its execution and the clock. */
  private chargeCpu(frame: Frame): void {
    if (this.cpuScale <= 0 || frame.inService > 0) return;
    const at = performance.now();
    const spent = (at - frame.resumedAt) * this.cpuScale + frame.carry;
    frame.resumedAt = at;
    const whole = Math.floor(spent);
    frame.carry = spent - whole;
    if (whole > 0) {
      frame.ex.cpuMs += whole;
      this.clock.advance(whole);
    }
  }

  /**
   * The gate of every service call: refuses calls of a stopped execution, enforces the 6-minute
   * limit, draws the fault for this call, and advances the clock by the call's modelled cost
   * (or `costMs` when the service computed it, e.g. the slowest request of a fetchAll).
   */
  enter(
    service: string,
    method: string,
    kind: 'read' | 'write',
    opts: { costMs?: number; detail?: string } = {},
  ): Gate {
    const frame = this.frame();
    const ex = frame.ex;
    this.chargeCpu(frame);
    if (ex.killed) throw new ExecutionKilled(ex.killed);
    if (ex.waitingFor) throw new LockWaitDeferred();
    this.checkLimit(ex);
    if (!UNOBSERVED_SERVICES.has(service)) ex.observed = true;
    this.callCount += 1;
    ex.calls += 1;
    const call: CallInfo = {
      index: this.callCount,
      service,
      method,
      kind,
      user: ex.user,
      executionId: ex.id,
      detail: opts.detail,
    };
    for (const hook of [...this.callHooks]) hook(call);
    const fired = this.faults.draw(call);
    const fault = fired?.kind ?? null;
    // A partial kill lets the call (or the first requests of a fetchAll) act first.
    if (fault === 'kill' && !(fired?.partial && fired.partial > 0)) this.kill(ex, 'injected');
    this.clock.advance(opts.costMs ?? this.latency.costOf(service, method, kind));
    this.timePassed();
    // A caller outside `service` gets the script's clock running again from here.
    if (frame.inService === 0) frame.resumedAt = performance.now();
    return { call, fault, fired };
  }

  /**
   * Runs an exception-style call (DriveApp, SpreadsheetApp, ...) through the gate, applying faults
   * as Apps Script surfaces them: as exceptions.
   */
  guard<T>(
    service: string,
    method: string,
    kind: 'read' | 'write',
    body: () => T,
    detail?: string,
  ): T {
    return this.service(() => {
      const { fired } = this.enter(service, method, kind, { detail });
      return this.apply(fired, body, `${service}.${method}`);
    });
  }

  apply<T>(fault: FaultKind | FiredFault | null, body: () => T, what: string): T {
    const ex = this.current();
    const fired = typeof fault === 'string' ? { kind: fault } : fault;
    // A kill past the gate is a partial one: outside a fetchAll, the call acts, then the kill.
    const kind = fired?.kind === 'kill' ? 'killAfter' : (fired?.kind ?? null);
    switch (kind) {
      case 'error':
      case 'transient5xx':
        throw new ScriptException(`Service error: ${what}. Try again later.`);
      case 'rateLimit':
        throw new ScriptException(`User rate limit exceeded: ${what}.`);
      case 'successWithError': {
        body();
        throw new ScriptException(`We're sorry, a server error occurred: ${what}.`);
      }
      case 'landedWithError': {
        body();
        const status = fired?.status ?? 500;
        throw new ScriptException(
          status === 403 || status === 429
            ? `User rate limit exceeded: ${what}.`
            : `We're sorry, a server error occurred: ${what}.`,
        );
      }
      case 'killAfter': {
        body();
        this.kill(ex, 'injected');
        throw new ExecutionKilled('injected');
      }
      default: {
        const value = body();
        // A call that carried the execution past its limit took effect server-side, but the
        // script never sees its answer.
        this.checkLimit(ex);
        return value;
      }
    }
  }

  /** Advances the clock inside the running execution (Utilities.sleep, lock waits). */
  wait(ms: number): void {
    const ex = this.current();
    this.clock.advance(ms);
    this.timePassed();
    this.checkLimit(ex);
  }

  private timePassed(): void {
    for (const hook of this.timeHooks) hook();
    this.wakeTimedOut();
  }

  private overLimit(ex: Execution): boolean {
    return this.clock.now() - ex.startedAt > this.limitMs;
  }

  private checkLimit(ex: Execution): void {
    if (this.overLimit(ex)) this.kill(ex, 'timeout');
    for (const stop of this.stopConditions) {
      const reason = stop(ex);
      if (reason) this.kill(ex, reason);
    }
  }

  private kill(ex: Execution, reason: KillReason): never {
    ex.killed = ex.killed ?? reason;
    throw new ExecutionKilled(ex.killed);
  }
}
