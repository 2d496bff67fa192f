import { useEffect, useState } from 'preact/hooks';
import type { DeliveredCount, FolderRef, JobProgress, TaskFailure } from '../../shared/rpc';
import { Buttons, ExternalLink, StepHeader } from '../components/layout';
import { ErrorMessage, Loading, Notice, Success, Warning } from '../components/messages';
import { plural, when } from '../format';
import { useAction } from '../hooks';
import { call } from '../rpc';

/**
 * Step 5: what arrived, checked file by file against what was staged, where it is, and the final
 * word on the delivery (PLAN 3.2).
 */
export function DoneStep({
  progress,
  whileClosed,
  client,
  onAgain,
  onRecover,
  onReport,
  onClose,
  busy,
  error,
}: {
  progress: JobProgress;
  /** The delivery ended while no sidebar watched it. */
  whileClosed: boolean;
  /** The client folder, when this sidebar started the delivery. */
  client: FolderRef | null;
  onAgain(): void;
  onRecover(): void;
  onReport(): void;
  onClose(): void;
  busy: boolean;
  error: string | null;
}) {
  const summary = progress.summary;
  const delivered = summary?.succeeded ?? progress.succeeded;
  const failures = summary?.failed ?? [];
  const failedCount = failures.length || progress.failed;
  const files = summary?.filesCopied ?? progress.filesCopied;
  const where = client ? (
    <>
      {' '}
      to <ExternalLink href={client.url}>{client.name}</ExternalLink>
    </>
  ) : null;
  return (
    <div>
      <StepHeader step={5} of={5} title="Delivery complete" />
      {whileClosed ? <Notice>This delivery finished while the sidebar was closed.</Notice> : null}
      {delivered > 0 ? (
        <Success>
          <p>
            {plural(delivered, 'task')} of export batch <strong>{progress.batchId}</strong>{' '}
            delivered{where} ({plural(files, 'file')} copied).
          </p>
          <p>
            {failedCount === 0
              ? 'Every task folder was checked in the client folder file by file and holds exactly the files that were staged, unchanged. The delivery is confirmed and the sheet marks these tasks delivered.'
              : 'The delivered task folders were checked in the client folder file by file and hold exactly the files that were staged, unchanged; the sheet marks them delivered.'}
          </p>
        </Success>
      ) : (
        <Warning>
          <p>
            No task of export batch <strong>{progress.batchId}</strong> was delivered.
          </p>
        </Warning>
      )}
      <p>
        {summary?.folderUrl ? (
          <ExternalLink href={summary.folderUrl}>Open the client delivery folder</ExternalLink>
        ) : (
          <span class="secondary">The delivery folder link is not known.</span>
        )}
      </p>
      {failedCount > 0 ? (
        <Failures
          batchId={progress.batchId}
          folderUrl={summary?.folderUrl ?? null}
          failures={failures}
          count={failedCount}
        />
      ) : null}
      {summary?.finishedAt ? <p class="secondary">Finished {when(summary.finishedAt)}.</p> : null}
      <ErrorMessage text={error} />
      <Buttons>
        {failedCount > 0 ? (
          <button type="button" class="action" disabled={busy} onClick={onRecover}>
            Retry failed deliveries
          </button>
        ) : null}
        <button type="button" disabled={busy} onClick={onReport}>
          Status report
        </button>
        <button type="button" disabled={busy} onClick={onAgain}>
          Deliver another export
        </button>
        <button type="button" disabled={busy} onClick={onClose}>
          Close
        </button>
      </Buttons>
    </div>
  );
}

/** Failed tasks with their reasons, and each one's staged file count beside what arrived. */
function Failures({
  batchId,
  folderUrl,
  failures,
  count,
}: {
  batchId: string;
  folderUrl: string | null;
  failures: TaskFailure[];
  count: number;
}) {
  const counting = useAction();
  const [counts, setCounts] = useState<Map<string, DeliveredCount> | null>(null);
  useEffect(() => {
    if (failures.length === 0) return;
    void counting.run('count the files in the client folder', async () => {
      const found = await call(
        'getDeliveryCounts',
        batchId,
        folderUrl,
        failures.map((f) => f.taskId),
      );
      setCounts(new Map(found.map((c) => [c.taskId, c])));
    });
  }, [batchId]);
  return (
    <section>
      <h2>{plural(count, 'task')} not delivered</h2>
      <p class="secondary">
        {count === 1 ? 'It is' : 'They are'} marked delivery_failed in the sheet. Each reason says
        what to do: fix the cause, then retry from Resume failed exports (only missing files are
        copied again), or stage the task again when its staged files changed.
      </p>
      {counting.busy ? <Loading what="Counting the files that arrived" /> : null}
      <ErrorMessage text={counting.error} />
      <div class="table-box">
        <table class="data failures-table">
          <thead>
            <tr>
              <th>Task</th>
              <th class="num">Expected</th>
              <th class="num">Found</th>
            </tr>
          </thead>
          <tbody>
            {failures.map((f) => {
              const c = counts?.get(f.taskId);
              return (
                <tr key={f.taskId}>
                  <td class="wrap">
                    <strong>{f.taskId}</strong>
                    <div class="secondary">{f.reason}</div>
                  </td>
                  <td class="num">{figure(c?.expected)}</td>
                  <td class="num">{figure(c?.found)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const figure = (n: number | null | undefined) => (n === null || n === undefined ? '–' : String(n));
