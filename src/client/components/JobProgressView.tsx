import type { JobProgress } from '../../shared/rpc';
import { useRef } from 'preact/hooks';
import { plural, tasksWorked } from '../format';
import { msLeft, seenNow, timeLeftText, type Seen } from '../time-left';
import { ProgressBar } from './ProgressBar';
import type { DrivenJob } from '../job-driver';
import { ErrorMessage, Loading, Warning } from './messages';

/**
 * A running job as the wizards show it: "Staging 3 of 12 tasks", the bar, files copied of those
 * counted, the time left at the rate so far, the task and file under way, live counts.
 */
export function JobProgressView({
  progress,
  verb,
  doneWord,
}: {
  progress: JobProgress | null;
  /** "Staging", "Delivering". */
  verb: string;
  /** "staged", "delivered". */
  doneWord: string;
}) {
  const first = useRef<Seen | null>(null);
  if (!progress) return <Loading what="Starting" />;
  const { succeeded, failed, filesCopied, filesTotal, tasksNotCounted } = progress;
  // Tasks marked failed at the start are not copied: "X of Y" counts the tasks being worked on.
  const worked = tasksWorked(verb, progress);
  const working = worked.total;
  // The rate is measured from the first running answer; a pause starts the measure again.
  if (progress.paused || progress.finished) first.current = null;
  else first.current ??= seenNow(progress);
  const left = first.current ? msLeft(first.current, progress) : null;
  const allCounted = tasksNotCounted === 0 && filesTotal > 0;
  const { currentTask, currentFile } = progress;
  return (
    <div>
      <p class="status-line" aria-live="polite">
        {worked.line}
      </p>
      {allCounted ? (
        <ProgressBar done={filesCopied} total={filesTotal} label={`${verb} progress`} />
      ) : (
        <ProgressBar done={worked.done} total={working} label={`${verb} progress`} />
      )}
      <dl class="progress-facts">
        <dt>Files</dt>
        <dd>{filesLine(filesCopied, filesTotal, tasksNotCounted, working)}</dd>
        {progress.finished ? null : (
          <>
            <dt>Time left</dt>
            <dd class="time-left">
              {progress.paused
                ? 'waiting for the daily limit (below)'
                : left === null
                  ? 'working it out'
                  : timeLeftText(left)}
            </dd>
          </>
        )}
        {currentTask && !progress.paused ? (
          <>
            <dt>Now</dt>
            <dd class="current">
              Task {currentTask}
              {currentFile ? (
                <>
                  , copying <span class="file-name">“{currentFile}”</span>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
      <div class="figures">
        <span>
          <strong>{succeeded}</strong> {doneWord}
        </span>
        <span>
          <strong>{failed}</strong> failed
        </span>
      </div>
      {progress.paused ? <Warning>{progress.paused.message}</Warning> : null}
    </div>
  );
}

/**
 * "13 of 40 files copied" once every task's files are counted; until then "of about" a total
 * reckoned from the tasks counted so far (those marked failed at the start copy nothing, so they
 * are left out of the reckoning).
 */
function filesLine(
  copied: number,
  counted: number,
  tasksNotCounted: number,
  working: number,
): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (tasksNotCounted === 0 && counted > 0)
    return `${n(copied)} of ${plural(counted, 'file')} copied`;
  const countedTasks = working - tasksNotCounted;
  if (counted === 0 || countedTasks <= 0) return `${plural(copied, 'file')} copied so far`;
  const about = Math.max(copied, Math.round(counted + (tasksNotCounted * counted) / countedTasks));
  return `${n(copied)} of about ${plural(about, 'file')} copied`;
}

/**
 * A job the open sidebar drives: its progress, why the sidebar cannot drive it now, and "Try
 * again" once it gave up.
 */
export function DrivenJobView({
  job,
  progress = job.progress,
  verb,
  doneWord,
}: {
  job: DrivenJob;
  /** What to show, when it is not the driver's own latest progress. */
  progress?: JobProgress | null;
  verb: string;
  doneWord: string;
}) {
  return (
    <>
      <JobProgressView progress={progress} verb={verb} doneWord={doneWord} />
      <ErrorMessage text={job.trouble} />
      {job.stalled ? (
        <button type="button" onClick={job.retry}>
          Try again
        </button>
      ) : null}
    </>
  );
}
