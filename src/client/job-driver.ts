/**
 * The open sidebar drives a running job slice by slice (`continueJob`), so a watched export goes as
 * fast as Apps Script allows; the continuation trigger finishes it if the sidebar is closed. While
 * a slice runs (up to the slice budget, 4.5 minutes by default), the job's saved progress is polled
 * so the counts stay live.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JobProgress } from '../shared/rpc';
import { call, failureText, pause } from './rpc';

/** How often the saved progress is read while a slice runs. */
const POLL_MS = 3000;
/** Wait before asking again when a trigger was running the job (it holds the job's lock). */
const BUSY_WAIT_MS = 3000;
/** How often a paused job is asked again: its pause ends at a time the server decides. */
const PAUSED_WAIT_MS = 60000;
/** Failed slices in a row before the sidebar stops driving and offers to try again. */
const MAX_FAILURES = 5;

export interface DrivenJob {
  progress: JobProgress | null;
  /** Why the sidebar cannot drive the job right now; the job goes on by triggers meanwhile. */
  trouble: string | null;
  /** The sidebar gave up driving after repeated failures; `retry` starts again. */
  stalled: boolean;
  retry(): void;
}

export function useJobDriver(jobId: string, first: JobProgress | null): DrivenJob {
  const [progress, setProgress] = useState<JobProgress | null>(first);
  const [trouble, setTrouble] = useState<string | null>(null);
  const [stalled, setStalled] = useState(false);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let stopped = false;
    let latest = first;
    const show = (p: JobProgress) => {
      if (stopped || (latest && !p.finished && (latest.finished || isBehind(p, latest)))) return;
      latest = p;
      setProgress(p);
    };
    const report = (message: string | null) => {
      if (!stopped) setTrouble(message);
    };
    void drive(jobId, show, report, () => stopped).then((outcome) => {
      if (!stopped && outcome === 'stalled') setStalled(true);
    });
    return () => {
      stopped = true;
    };
  }, [jobId, round]);

  return {
    progress,
    trouble,
    stalled,
    retry: () => {
      setStalled(false);
      setRound((r) => r + 1);
    },
  };
}

async function drive(
  jobId: string,
  show: (p: JobProgress) => void,
  report: (message: string | null) => void,
  stopped: () => boolean,
): Promise<'finished' | 'stalled' | 'stopped'> {
  let failures = 0;
  while (!stopped()) {
    const stopPolling = pollWhileRunning(jobId, show);
    try {
      const p = await call('continueJob', jobId);
      failures = 0;
      report(null);
      show(p);
      if (p.finished) return 'finished';
      if (p.busy) await pause(BUSY_WAIT_MS);
      else if (p.paused) await pause(PAUSED_WAIT_MS);
    } catch (e) {
      failures += 1;
      report(
        `${failureText('reach the export from this sidebar', e)} ` +
          (failures < MAX_FAILURES
            ? 'Trying again in a moment. The export goes on in the background meanwhile.'
            : 'The export goes on in the background; you can close this sidebar and come back later.'),
      );
      if (failures >= MAX_FAILURES) return 'stalled';
      await pause(Math.min(30000, 2000 * 2 ** (failures - 1)));
    } finally {
      stopPolling();
    }
  }
  return 'stopped';
}

function pollWhileRunning(jobId: string, show: (p: JobProgress) => void): () => void {
  let active = true;
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = true;
    call('getJobProgress', jobId)
      .then((p) => active && show(p))
      // A missed poll changes nothing: the slice's own answer comes soon.
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
      });
  }, POLL_MS);
  return () => {
    active = false;
    clearInterval(timer);
  };
}

/** Progress only moves forward; an older answer arriving late is not shown. */
function isBehind(p: JobProgress, latest: JobProgress): boolean {
  return p.done < latest.done || (p.done === latest.done && p.filesCopied < latest.filesCopied);
}
