import type { JobProgress } from '../../shared/rpc';
import { ProgressBar } from '../components/ProgressBar';
import { tasksWorked } from '../format';
import { Warning } from '../components/messages';

const VERB = { staging: 'Staging', delivery: 'Delivering' } as const;

/** Jobs running now: nothing to resume there; they can be followed from this sidebar. */
export function RunningJobs({
  jobs,
  onFollow,
  busy,
  heading = true,
}: {
  jobs: JobProgress[];
  /** The section has a heading of its own (the report gives it one). */
  heading?: boolean;
  onFollow?(job: JobProgress): void;
  busy: boolean;
}) {
  if (jobs.length === 0) return null;
  return (
    <section>
      {heading ? <h2>Running now</h2> : null}
      <ul class="plain">
        {jobs.map((job) => (
          <li key={job.jobId}>
            <strong>{job.batchId}</strong>
            <br />
            <Counted job={job} />
            {job.paused ? <Warning>{job.paused.message}</Warning> : null}
            {onFollow ? (
              <button type="button" disabled={busy} onClick={() => onFollow(job)}>
                Follow
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Counted({ job }: { job: JobProgress }) {
  const worked = tasksWorked(VERB[job.kind], job);
  return (
    <>
      {worked.line}
      <ProgressBar done={worked.done} total={worked.total} label={`${job.batchId} progress`} />
    </>
  );
}
