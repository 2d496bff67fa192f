import type { JobProgress } from '../../shared/rpc';
import { plural } from '../format';
import { ProgressBar } from './ProgressBar';
import type { DrivenJob } from '../job-driver';
import { ErrorMessage, Loading, Warning } from './messages';

/** A running job as the wizards show it: "Staging 3 of 12 tasks", the bar, live counts. */
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
  if (!progress) return <Loading what="Reaching the export" />;
  const { done, total, succeeded, failed, filesCopied, currentTask, currentFile } = progress;
  return (
    <div>
      <p class="status-line" aria-live="polite">
        {verb} {done} of {plural(total, 'task')}
      </p>
      <ProgressBar done={done} total={total} label={`${verb} progress`} />
      <div class="figures">
        <span>
          <strong>{succeeded}</strong> {doneWord}
        </span>
        <span>
          <strong>{failed}</strong> failed
        </span>
        <span>
          <strong>{filesCopied}</strong> {filesCopied === 1 ? 'file' : 'files'} copied
        </span>
      </div>
      {progress.paused ? <Warning>{progress.paused.message}</Warning> : null}
      {currentTask && !progress.paused ? (
        <p class="secondary current">
          Now: task {currentTask}
          {currentFile ? `, copying “${currentFile}”` : ''}
        </p>
      ) : null}
    </div>
  );
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
