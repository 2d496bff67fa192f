import { useEffect } from 'preact/hooks';
import type { FolderRef, JobProgress, TaskFailure } from '../../shared/rpc';
import { FailureList } from '../components/FailureList';
import { DrivenJobView } from '../components/JobProgressView';
import { Buttons, ExternalLink, StepHeader } from '../components/layout';
import { Notice } from '../components/messages';
import { useJobDriver } from '../job-driver';

/** A delivery being watched: what the start returned, or what a reopened wizard found. */
export interface RunningInfo {
  jobId: string;
  batchId: string;
  first: JobProgress | null;
  /** The wizard was opened while this delivery ran. */
  reopened: boolean;
  /** Known when this sidebar started the delivery. */
  client: FolderRef | null;
  deliveryFolderUrl: string | null;
  /** Tasks the start could not take (changed since the list was read). */
  leftOut: TaskFailure[];
}

/** Step 4: the sidebar drives the delivery job and shows it move (PLAN 3.2). */
export function RunningStep({
  info,
  onFinished,
  onLeave,
}: {
  info: RunningInfo;
  onFinished(progress: JobProgress): void;
  /** Goes to the list while this delivery goes on by triggers (offered for one found running). */
  onLeave(): void;
}) {
  const job = useJobDriver(info.jobId, info.first);
  useEffect(() => {
    if (job.progress?.finished) onFinished(job.progress);
  }, [job.progress]);
  return (
    <div>
      <StepHeader step={4} of={5} title="Delivering" />
      <p>
        Export batch <strong>{info.batchId}</strong>
        {info.client ? (
          <>
            {' '}
            to <ExternalLink href={info.client.url}>{info.client.name}</ExternalLink>
          </>
        ) : null}
      </p>
      {info.reopened ? (
        <Notice>This delivery was already running. It is shown where it stands.</Notice>
      ) : null}
      <DrivenJobView job={job} verb="Delivering" doneWord="delivered" />
      <FailureList failures={info.leftOut} title="Left out of this delivery" />
      {info.deliveryFolderUrl ? (
        <p>
          <ExternalLink href={info.deliveryFolderUrl}>Open the delivery folder</ExternalLink>
        </p>
      ) : null}
      <p class="hint">
        You can close this sidebar: the delivery goes on in the background. Open Deliver staged
        export again to see where it stands.
      </p>
      {info.reopened ? (
        <Buttons>
          <button type="button" onClick={onLeave}>
            Deliver another export meanwhile
          </button>
        </Buttons>
      ) : null}
    </div>
  );
}
