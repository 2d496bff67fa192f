import { useCallback, useRef, useState } from 'preact/hooks';
import { failureText } from './rpc';

export interface Action {
  /** What is running now ("load the preview"), or null: buttons are disabled while it is set. */
  busy: string | null;
  /** The last failure, in words for the person. */
  error: string | null;
  /**
   * Runs `work` unless another action of this page part is running; resolves with its result, or
   * with undefined after a failure (shown as `error`). Nothing entered is touched either way.
   */
  run<T>(action: string, work: () => Promise<T>): Promise<T | undefined>;
  clearError(): void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback(async <T>(action: string, work: () => Promise<T>) => {
    // A second click before the re-render disabled the button must not start a second call.
    if (running.current) return undefined;
    running.current = true;
    setBusy(action);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(failureText(action, e));
      return undefined;
    } finally {
      running.current = false;
      setBusy(null);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}
