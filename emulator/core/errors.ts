/**
 * Errors the emulated services throw into the bundle. Apps Script throws plain `Exception`s whose
 * text is localised; the add-on must never branch on it, so tests only look at the kind of failure.
 */
export class ScriptException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Exception';
  }
}

/**
 * Why Apps Script stopped an execution: the 6-minute limit, an injected kill, or the day's trigger
 * runtime used up (an execution started by a trigger).
 */
export type KillReason = 'timeout' | 'injected' | 'dailyRuntime';

/**
 * The quotas page's exception for execution time used up for the day, which "most commonly occurs
 * for scripts that run on a trigger" (developers.google.com/apps-script/guides/services/quotas).
 */
export const DAILY_RUNTIME_MESSAGE = 'Service using too much computer time for one day.';

const KILL_MESSAGES: Record<KillReason, string> = {
  timeout: 'Exceeded maximum execution time',
  injected: 'The script was stopped (injected kill).',
  dailyRuntime: DAILY_RUNTIME_MESSAGE,
};

/** Thrown at every service call of an execution that Apps Script has stopped. */
export class ExecutionKilled extends Error {
  constructor(readonly reason: KillReason) {
    super(KILL_MESSAGES[reason]);
    this.name = 'Exception';
  }
}

/** A misuse of the emulator's own entry (not an Apps Script error): a test or playground bug. */
export class EmulatorUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorUsageError';
  }
}

/**
 * Thrown inside an execution whose lock wait only a running execution's release can end (see
 * `Runtime.deferLockWait`): the execution is set aside, not ended, and played again from its start
 * once the lock is free or its wait has run out. Not an Apps Script error: a script that catches
 * it finds every later service call throwing it again.
 */
export class LockWaitDeferred extends Error {
  constructor() {
    super('waiting for a lock that another running execution holds');
    this.name = 'LockWaitDeferred';
  }
}
