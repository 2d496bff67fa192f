import { SimClock } from './clock';
import { ExecutionKilled, EmulatorUsageError, KillReason, ScriptException } from './errors';
import { CallInfo, FaultInjector, FaultKind } from './faults';
import { LatencyModel } from './latency';

/** Apps Script stops an execution after 6 minutes (consumer and Workspace accounts alike). */
export const EXECUTION_LIMIT_MS = 6 * 60 * 1000;

export interface Execution {
  id: number;
  fn: string;
  user: string;
  startedAt: number;
  endedAt?: number;
  calls: number;
  /** Set once Apps Script has stopped the execution; every later service call throws. */
  killed?: KillReason;
  /** The trigger that started it, if any. */
  triggerUid?: string;
  outcome?: 'ok' | 'error' | 'killed';
  error?: string;
}

export interface RunResult<T = unknown> {
  execution: Execution;
  ok: boolean;
  value?: T;
  /** The message of the error the function threw, or Apps Script's kill message. */
  error?: string;
  killed: boolean;
}

/** What a service learns from the gate before it acts: the call's index and any fault to apply. */
export interface Gate {
  call: CallInfo;
  fault: FaultKind | null;
}

/**
 * The execution model: which execution is running (executions may nest, when a test starts another
 * one from inside a call hook to model two at once), how long each call takes on the simulated
 * clock, the 6-minute kill, and the fault injector. Every emulated service call passes `enter`.
 */
export class Runtime {
  readonly executions: Execution[] = [];
  private readonly stack: Execution[] = [];
  private readonly endHooks: Array<(ex: Execution) => void> = [];
  private readonly callHooks: Array<(call: CallInfo) => void> = [];
  private readonly stopConditions: Array<(ex: Execution) => KillReason | null> = [];
  callCount = 0;
  limitMs = EXECUTION_LIMIT_MS;

  constructor(
    readonly clock: SimClock,
    public latency: LatencyModel,
    readonly faults: FaultInjector,
  ) {}

  current(): Execution {
    const ex = this.stack[this.stack.length - 1];
    if (!ex) throw new EmulatorUsageError('no execution is running: use Workspace.run()');
    return ex;
  }

  isRunning(): boolean {
    return this.stack.length > 0;
  }

  activeExecutions(): readonly Execution[] {
    return this.stack;
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

  /** Runs `body` as one execution of `fn` by `user`. Errors and kills become the result. */
  execute<T>(fn: string, user: string, body: () => T, triggerUid?: string): RunResult<T> {
    const ex: Execution = {
      id: this.executions.length + 1,
      fn,
      user,
      startedAt: this.clock.now(),
      calls: 0,
      triggerUid,
    };
    this.executions.push(ex);
    this.stack.push(ex);
    let result: RunResult<T>;
    try {
      const value = body();
      result = ex.killed
        ? { execution: ex, ok: false, killed: true, error: new ExecutionKilled(ex.killed).message }
        : { execution: ex, ok: true, value, killed: false };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      result = ex.killed
        ? { execution: ex, ok: false, killed: true, error: new ExecutionKilled(ex.killed).message }
        : { execution: ex, ok: false, killed: false, error: message };
    } finally {
      this.stack.pop();
      ex.endedAt = this.clock.now();
    }
    ex.outcome = result.killed ? 'killed' : result.ok ? 'ok' : 'error';
    ex.error = result.error;
    for (const hook of this.endHooks) hook(ex);
    return result;
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
    const ex = this.current();
    if (ex.killed) throw new ExecutionKilled(ex.killed);
    this.checkLimit(ex);
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
    const fault = this.faults.decide(call);
    if (fault === 'kill') this.kill(ex, 'injected');
    this.clock.advance(opts.costMs ?? this.latency.costOf(service, method, kind));
    return { call, fault };
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
    const { fault } = this.enter(service, method, kind, { detail });
    return this.apply(fault, body, `${service}.${method}`);
  }

  apply<T>(fault: FaultKind | null, body: () => T, what: string): T {
    const ex = this.current();
    switch (fault) {
      case 'error':
      case 'transient5xx':
        throw new ScriptException(`Service error: ${what}. Try again later.`);
      case 'rateLimit':
        throw new ScriptException(`User rate limit exceeded: ${what}.`);
      case 'successWithError': {
        body();
        throw new ScriptException(`We're sorry, a server error occurred: ${what}.`);
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
    this.checkLimit(ex);
  }

  private checkLimit(ex: Execution): void {
    if (this.clock.now() - ex.startedAt > this.limitMs) this.kill(ex, 'timeout');
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
