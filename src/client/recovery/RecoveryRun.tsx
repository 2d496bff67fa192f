import type { RecoveryResult } from '../../shared/rpc';
import { FailureList } from '../components/FailureList';
import { Buttons } from '../components/layout';
import { Notice, Warning } from '../components/messages';
import { KIND_OF } from './actions';
import { JobRun } from './JobRun';

/** What a recovery action did: its message, tasks it could not take, then its job to the end. */
export function RecoveryRun({
  result,
  onBack,
  backLabel,
}: {
  result: RecoveryResult;
  onBack(): void;
  backLabel: string;
}) {
  return (
    <section aria-label="Recovery">
      <p>
        Export batch <strong>{result.batchId}</strong>
      </p>
      {result.jobId ? <Notice>{result.message}</Notice> : <Warning>{result.message}</Warning>}
      <FailureList failures={result.failed} title="Not taken" />
      {result.jobId ? (
        <JobRun
          key={result.jobId}
          jobId={result.jobId}
          kind={KIND_OF[result.action]}
          first={null}
        />
      ) : null}
      <Buttons>
        <button type="button" onClick={onBack}>
          {backLabel}
        </button>
      </Buttons>
    </section>
  );
}
