import type { JobKind, JobProgress } from '../../shared/rpc';
import { FailureList } from '../components/FailureList';
import { DrivenJobView } from '../components/JobProgressView';
import { ExternalLink } from '../components/layout';
import { Success, Warning } from '../components/messages';
import { plural } from '../format';
import { useJobDriver } from '../job-driver';

const WORDS: Record<JobKind, { verb: string; done: string; folder: string }> = {
  staging: { verb: 'Staging', done: 'staged', folder: 'Open the staging folder' },
  delivery: { verb: 'Delivering', done: 'delivered', folder: 'Open the client delivery folder' },
};

/** A job started or found by a recovery page, driven by this sidebar to its end, then its outcome. */
export function JobRun({
  jobId,
  kind,
  first,
}: {
  jobId: string;
  kind: JobKind;
  first: JobProgress | null;
}) {
  const job = useJobDriver(jobId, first);
  const words = WORDS[kind];
  const progress = job.progress;
  if (progress?.finished) {
    const summary = progress.summary;
    const failed = summary?.failed ?? [];
    return (
      <div>
        {progress.succeeded > 0 ? (
          <Success>
            <p>
              {plural(progress.succeeded, 'task')} {words.done} in export batch{' '}
              <strong>{progress.batchId}</strong>.
            </p>
          </Success>
        ) : (
          <Warning>
            <p>No task was {words.done}.</p>
          </Warning>
        )}
        {summary?.folderUrl ? (
          <p>
            <ExternalLink href={summary.folderUrl}>{words.folder}</ExternalLink>
          </p>
        ) : null}
        <FailureList failures={failed} title={`${plural(failed.length, 'task')} failed again`} />
      </div>
    );
  }
  return (
    <div>
      <DrivenJobView job={job} progress={progress} verb={words.verb} doneWord={words.done} />
      <p class="hint">You can close this sidebar: the work goes on in the background.</p>
    </div>
  );
}
