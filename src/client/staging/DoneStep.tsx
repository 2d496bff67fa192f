import type { JobProgress } from '../../shared/rpc';
import { FailureList } from '../components/FailureList';
import { Buttons, ExternalLink, StepHeader } from '../components/layout';
import { ErrorMessage, Notice, Success, Warning } from '../components/messages';
import { plural } from '../format';

/** Step 4: what staging did, where it is, and the way on to delivery (PLAN 2.3). */
export function DoneStep({
  progress,
  whileClosed,
  onDeliver,
  onAgain,
  onClose,
  busy,
  error,
}: {
  progress: JobProgress;
  /** The job ended while no sidebar watched it. */
  whileClosed: boolean;
  onDeliver(): void;
  onAgain(): void;
  onClose(): void;
  busy: boolean;
  error: string | null;
}) {
  const summary = progress.summary;
  const staged = summary?.succeeded ?? progress.succeeded;
  const failures = summary?.failed ?? [];
  return (
    <div>
      <StepHeader step={4} of={4} title="Staging complete" />
      {whileClosed ? <Notice>This staging finished while the sidebar was closed.</Notice> : null}
      {staged > 0 ? (
        <Success>
          <p>
            {plural(staged, 'task')} staged in export batch <strong>{progress.batchId}</strong> (
            {plural(summary?.filesCopied ?? progress.filesCopied, 'file')} copied).
          </p>
        </Success>
      ) : (
        <Warning>
          <p>
            No task was staged in export batch <strong>{progress.batchId}</strong>.
          </p>
        </Warning>
      )}
      {failures.length > 0 || progress.failed > 0 ? (
        <FailedLine count={failures.length || progress.failed} />
      ) : null}
      <ul class="plain links">
        <li>
          {summary?.folderUrl ? (
            <ExternalLink href={summary.folderUrl}>Open the staging folder</ExternalLink>
          ) : (
            <span class="secondary">The staging folder link is not known.</span>
          )}
        </li>
        <li>
          {summary?.exportSheetUrl ? (
            <ExternalLink href={summary.exportSheetUrl}>Open the export sheet</ExternalLink>
          ) : (
            <span class="secondary">No export sheet: no task was staged.</span>
          )}
        </li>
      </ul>
      <FailureList failures={failures} title="Failures" />
      {staged > 0 ? (
        <p>When someone has reviewed the staged files, deliver them to the client.</p>
      ) : null}
      <ErrorMessage text={error} />
      <Buttons>
        {staged > 0 ? (
          <button type="button" class="action" disabled={busy} onClick={onDeliver}>
            Continue to delivery
          </button>
        ) : null}
        <button type="button" disabled={busy} onClick={onAgain}>
          Stage another batch
        </button>
        <button type="button" disabled={busy} onClick={onClose}>
          Close
        </button>
      </Buttons>
    </div>
  );
}

/** How many tasks failed and where they stand, in words that agree with the count. */
function FailedLine({ count }: { count: number }) {
  const one = count === 1;
  return (
    <p>
      <strong>{count}</strong> {one ? 'task' : 'tasks'} failed: {one ? 'it is' : 'they are'} marked
      “staging failed” in the sheet and can be retried from Resume failed exports once{' '}
      {one ? 'its' : 'their'} files are fixed.
    </p>
  );
}
