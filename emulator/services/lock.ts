import { ServiceContext, asReal } from '../core/context';
import { EmulatorUsageError, ScriptException } from '../core/errors';
import { Runtime } from '../core/runtime';

export type LockKind = 'script' | 'document' | 'user';

/** Google's text for a waitLock that timed out (Lock.waitLock reference). */
export const LOCK_TIMEOUT_MESSAGE =
  'Lock timeout: another process was holding the lock for too long.';

/** Who holds a lock: a running execution, or a process outside the emulator until a time. */
type Hold = { executionId: number } | { externalUntil: number };

export function lockKey(kind: LockKind, user?: string): string {
  if (kind !== 'user') return kind;
  if (!user) throw new EmulatorUsageError('a user lock needs the user it belongs to');
  return `user:${user}`;
}

export interface LockManagerJSON {
  external: Record<string, number>;
}

/**
 * The project's locks: the script lock, the document lock and one lock per user, and which
 * execution holds each. Apps Script releases a lock when its script terminates, so an execution's
 * holds end with it (`releaseAll`, called when any execution ends).
 */
export class LockManager {
  private readonly holds = new Map<string, Hold>();
  private readonly runtimes = new WeakSet<Runtime>();
  private freed: (key: string, by: number) => void = () => {};

  /**
   * Releases an execution's locks when it ends, and tells the runtime when a lock is free (an
   * execution set aside to wait for it goes on); attaching twice to one runtime is harmless.
   */
  attach(runtime: Runtime): void {
    if (this.runtimes.has(runtime)) return;
    this.runtimes.add(runtime);
    this.freed = (key, by) => runtime.lockFreed(key, by);
    runtime.onExecutionEnd((ex) => this.releaseAll(ex.id));
  }

  /** The current hold of `key`, dropping an external hold that has run out. */
  holder(key: string, now: number): Hold | null {
    const hold = this.holds.get(key);
    if (hold && 'externalUntil' in hold && hold.externalUntil <= now) {
      this.holds.delete(key);
      return null;
    }
    return hold ?? null;
  }

  acquire(key: string, executionId: number): void {
    this.holds.set(key, { executionId });
  }

  release(key: string, executionId: number): void {
    if (!this.isHeldBy(key, executionId)) return;
    this.holds.delete(key);
    this.freed(key, executionId);
  }

  isHeldBy(key: string, executionId: number): boolean {
    const hold = this.holds.get(key);
    return !!hold && 'executionId' in hold && hold.executionId === executionId;
  }

  releaseAll(executionId: number): void {
    for (const key of [...this.holds.keys()]) this.release(key, executionId);
  }

  /** For tests: a process outside the emulator holds the lock until `untilMs` (clock time). */
  holdExternally(kind: LockKind, untilMs: number, user?: string): void {
    if (!Number.isFinite(untilMs)) throw new EmulatorUsageError(`bad hold end: ${untilMs}`);
    this.holds.set(lockKey(kind, user), { externalUntil: untilMs });
  }

  /** Executions end with the process that ran them, so only external holds are saved. */
  toJSON(): LockManagerJSON {
    const external: Record<string, number> = {};
    for (const [key, hold] of this.holds) {
      if ('externalUntil' in hold) external[key] = hold.externalUntil;
    }
    return { external };
  }

  static fromJSON(json: unknown): LockManager {
    const manager = new LockManager();
    const external = (json as Partial<LockManagerJSON> | null | undefined)?.external ?? {};
    for (const [key, until] of Object.entries(external)) {
      if (typeof until !== 'number') throw new EmulatorUsageError(`saved lock ${key} is malformed`);
      manager.holds.set(key, { externalUntil: until });
    }
    return manager;
  }
}

type LockMethods = 'tryLock' | 'waitLock' | 'releaseLock' | 'hasLock';

/**
 * One Lock object. The lock belongs to the execution that acquired it (the "process" of the
 * reference): a second Lock object of the same kind in the same execution acquires at once, and
 * releasing either releases the execution's hold. Another execution that still runs holds it
 * until it ends or releases. Executions nest synchronously here, so a waiting execution cannot see
 * the holder (which runs outside it) let go: when the wait is the execution's first call that
 * others could see, the runtime sets it aside and plays it again from its start once the lock is
 * free or the wait has run out (`Runtime.deferLockWait`), exactly as if it had waited; otherwise it
 * waits out its whole timeout on the simulated clock and fails (pessimistic).
 */
export class FakeLock implements Pick<GoogleAppsScript.Lock.Lock, LockMethods> {
  private acquiredBy: number | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly manager: LockManager,
    private readonly key: string,
  ) {}

  /** Documented: no effect (and true) if this lock was already acquired. */
  tryLock(timeoutInMillis: number): boolean {
    return this.ctx.runtime.guard('LockService', 'Lock.tryLock', 'write', () =>
      this.acquire(timeoutInMillis),
    );
  }

  waitLock(timeoutInMillis: number): void {
    this.ctx.runtime.guard('LockService', 'Lock.waitLock', 'write', () => {
      if (!this.acquire(timeoutInMillis)) throw new ScriptException(LOCK_TIMEOUT_MESSAGE);
    });
  }

  releaseLock(): void {
    this.ctx.runtime.guard('LockService', 'Lock.releaseLock', 'write', () => {
      if (this.acquiredBy !== null) this.manager.release(this.key, this.acquiredBy);
      this.acquiredBy = null;
    });
  }

  /** False if tryLock/waitLock were never called, timed out, or the lock was released. */
  hasLock(): boolean {
    return this.ctx.runtime.guard('LockService', 'Lock.hasLock', 'read', () => this.holds());
  }

  private holds(): boolean {
    const id = this.ctx.runtime.current().id;
    return this.acquiredBy === id && this.manager.isHeldBy(this.key, id);
  }

  private acquire(timeoutInMillis: number): boolean {
    if (this.holds()) return true;
    const runtime = this.ctx.runtime;
    const ex = runtime.current();
    const me = ex.id;
    const timeout = Math.max(0, Number(timeoutInMillis) || 0);
    const ends = ex.lockWaitEnds;
    let deadline: number | null = null;
    if (ends && ends.key === this.key) {
      // Played again after being set aside: the wait lasts until the holder let go, or times out.
      ex.lockWaitEnds = undefined;
      const waited = ends.at - this.ctx.clock.now();
      if (waited > 0) runtime.wait(waited);
      if (!ends.acquired) return false;
      deadline = ends.deadline;
    }
    const now = this.ctx.clock.now();
    const hold = this.manager.holder(this.key, now);
    const free =
      !hold ||
      ('executionId' in hold &&
        (hold.executionId === me ||
          !runtime.activeExecutions().some((other) => other.id === hold.executionId)));
    if (free) return this.take(me);
    if ('externalUntil' in hold && hold.externalUntil - now <= timeout) {
      runtime.wait(hold.externalUntil - now);
      return this.take(me);
    }
    // Taken again before this one's turn came: it waits on until its own deadline.
    const until = deadline ?? now + timeout;
    // Held by an execution this one runs inside: it can only let go once this one is set aside.
    if ('executionId' in hold && until > now && runtime.canDeferLockWait()) {
      runtime.deferLockWait(this.key, until);
    }
    runtime.wait(Math.max(0, until - now));
    return false;
  }

  private take(executionId: number): boolean {
    this.manager.acquire(this.key, executionId);
    this.acquiredBy = executionId;
    return true;
  }
}

type ServiceMethods = 'getScriptLock' | 'getDocumentLock' | 'getUserLock';

class FakeLockService implements Pick<GoogleAppsScript.Lock.LockService, ServiceMethods> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly manager: LockManager,
  ) {}

  /** Prevents any user from running the guarded section at the same time. */
  getScriptLock(): GoogleAppsScript.Lock.Lock {
    return this.open('getScriptLock', () => lockKey('script'));
  }

  /** The project is bound to the spreadsheet, so the document lock exists (never null here). */
  getDocumentLock(): GoogleAppsScript.Lock.Lock {
    return this.open('getDocumentLock', () => lockKey('document'));
  }

  /** Prevents the current user from running the guarded section twice at the same time. */
  getUserLock(): GoogleAppsScript.Lock.Lock {
    return this.open('getUserLock', () => lockKey('user', this.ctx.user()));
  }

  /** Getting a lock does not acquire it (LockService reference). */
  private open(method: string, key: () => string): GoogleAppsScript.Lock.Lock {
    return this.ctx.runtime.guard('LockService', method, 'read', () =>
      asReal<GoogleAppsScript.Lock.Lock>(new FakeLock(this.ctx, this.manager, key())),
    );
  }
}

export function createLockService(
  ctx: ServiceContext,
  manager: LockManager,
): GoogleAppsScript.Lock.LockService {
  manager.attach(ctx.runtime);
  return asReal<GoogleAppsScript.Lock.LockService>(new FakeLockService(ctx, manager));
}
