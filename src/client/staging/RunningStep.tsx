import { useEffect } from 'preact/hooks';
import type { JobProgress } from '../../shared/rpc';
import { DrivenJobView } from '../components/JobProgressView';
import { Buttons, StepHeader } from '../components/layout';
import { Notice } from '../components/messages';
import { useJobDriver } from '../job-driver';

/** Step 3: the sidebar drives the staging job and shows it move (PLAN 2.3). */
export function RunningStep({
  jobId,
  batchId,
  first,
  reopened,
  onFinished,
  onLeave,
}: {
  jobId: string;
  batchId: string;
  first: JobProgress | null;
  /** The wizard was opened while this job ran. */
  reopened: boolean;
  onFinished(progress: JobProgress): void;
  /** Goes to the filters while this job goes on by triggers (offered for a job found running). */
  onLeave(): void;
}) {
  const job = useJobDriver(jobId, first);
  useEffect(() => {
    if (job.progress?.finished) onFinished(job.progress);
  }, [job.progress]);
  return (
    <div>
      <StepHeader step={3} of={4} title="Staging" />
      <p>
        Export batch <strong>{batchId}</strong>
      </p>
      {reopened ? (
        <Notice>This staging was already running. It is shown where it stands.</Notice>
      ) : null}
      <DrivenJobView job={job} verb="Staging" doneWord="staged" />
      <p class="hint">
        You can close this sidebar: staging goes on in the background. Open Stage tasks for export
        again to see where it stands.
      </p>
      {reopened ? (
        <Buttons>
          <button type="button" onClick={onLeave}>
            Stage other tasks meanwhile
          </button>
        </Buttons>
      ) : null}
    </div>
  );
}
