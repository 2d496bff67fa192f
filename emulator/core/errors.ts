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

/** Thrown at every service call of an execution that Apps Script has stopped. */
export class ExecutionKilled extends Error {
  constructor(readonly reason: 'timeout' | 'injected') {
    super(
      reason === 'timeout'
        ? 'Exceeded maximum execution time'
        : 'The script was stopped (injected kill).',
    );
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
