import { SheetTable } from '../components/SheetTable';
import { useEffect, useState } from 'preact/hooks';
import type {
  StagedExport,
  StagedExportItem,
  StagedExportPreview,
  StagingChange,
  UnreviewedTasks,
} from '../../shared/rpc';
import { Buttons, ExternalLink, StepHeader } from '../components/layout';
import { VolumePlanView } from '../components/VolumePlanView';
import { ErrorMessage, Loading, Notice, Warning } from '../components/messages';
import { bytes, plural, reviewWords, unreviewedWords, when } from '../format';
import { useAction } from '../hooks';
import { call } from '../rpc';

/**
 * Step 2: what the staging folder of the export holds, and what a delivery takes to the client
 * (the staged task folders) and leaves behind (the export sheet, everything else) (PLAN 3.2).
 */
export function ReviewStep({
  batch,
  preview,
  onPreview,
  onBack,
  onNext,
  busy,
}: {
  batch: StagedExport;
  /** The preview read before, kept by the wizard; read again when null. */
  preview: StagedExportPreview | null;
  onPreview(preview: StagedExportPreview): void;
  onBack(): void;
  onNext(): void;
  busy: boolean;
}) {
  const loading = useAction();
  const resetting = useAction();
  const [reset, setReset] = useState<string[]>([]);
  const read = () =>
    void loading.run('read the staged export', async () => {
      onPreview(await call('previewStagedExport', batch.batchId));
    });
  /** A task whose staged files changed leaves the batch, to be staged again in a new one. */
  const resetTask = (taskId: string) =>
    void resetting.run(`reset task ${taskId}`, async () => {
      await call('resetTaskExportStatus', taskId, '', RESET_REASON);
      setReset((done) => [...done, taskId]);
      onPreview(await call('previewStagedExport', batch.batchId));
    });
  useEffect(() => {
    if (!preview) read();
  }, [batch.batchId]);

  const locked = busy || loading.busy !== null || resetting.busy !== null;
  return (
    <div>
      <StepHeader step={2} of={5} title="Review the export" />
      <p>
        Export batch <strong>{batch.batchId}</strong>
      </p>
      <ErrorMessage text={loading.error} />
      {loading.busy ? <Loading what="Reading the staging folder" /> : null}
      {reset.length > 0 ? (
        <Notice>
          <p>
            {reset.map((id) => `Task ${id}`).join(', ')} {reset.length === 1 ? 'is' : 'are'} back to
            “not exported” and left out of this delivery: stage {reset.length === 1 ? 'it' : 'them'}{' '}
            again with Stage tasks for export, then deliver the new export batch.
          </p>
        </Notice>
      ) : null}
      <ErrorMessage text={resetting.error} />
      {preview ? <Contents preview={preview} onReset={resetTask} locked={locked} /> : null}
      <Buttons>
        <button type="button" disabled={locked} onClick={onBack}>
          Back
        </button>
        {loading.error ? (
          <button type="button" disabled={locked} onClick={read}>
            Try again
          </button>
        ) : null}
        <button
          type="button"
          class="action"
          disabled={locked || !preview || preview.taskCount === 0 || !!preview.plan?.refusal}
          onClick={onNext}
        >
          Choose the client folder
        </button>
      </Buttons>
    </div>
  );
}

/** What the Export Log keeps as the reason of a reset from the review. */
const RESET_REASON =
  'Reset to stage again from the delivery review: its staging folder changed after staging.';

function Contents({
  preview,
  onReset,
  locked,
}: {
  preview: StagedExportPreview;
  onReset(taskId: string): void;
  locked: boolean;
}) {
  const toClient = preview.items.filter((i) => i.toClient);
  const internal = preview.items.filter((i) => !i.toClient);
  const files = toClient.reduce((n, i) => n + (i.files ?? 0), 0);
  const size = toClient.reduce((n, i) => n + (i.bytes ?? 0), 0);
  const review = new Map(preview.unreviewed.tasks.map((t) => [t.taskId, t.review]));
  return (
    <div>
      <div class="figures">
        <span>
          <strong>{preview.taskCount}</strong> {preview.taskCount === 1 ? 'task' : 'tasks'}
        </span>
        <span>
          <strong>{files}</strong> {files === 1 ? 'file' : 'files'}
        </span>
        <span>
          <strong>{bytes(size)}</strong>
        </span>
      </div>
      <p class="secondary">
        Staged {preview.createdDate ? when(preview.createdDate) : ''}
        {preview.createdBy ? ` by ${preview.createdBy}` : ''}.{' '}
        {preview.stagingFolder ? (
          <ExternalLink href={preview.stagingFolder.url}>Open the staging folder</ExternalLink>
        ) : null}
      </p>
      {preview.complete ? null : (
        <p class="hint">Some task folders were not counted in time; their files show as “–”.</p>
      )}
      {preview.missingTaskFolders.length > 0 ? (
        <Warning>
          <p>
            {plural(preview.missingTaskFolders.length, 'staged task')} will fail: the folder is
            missing.
          </p>
          <ul class="plain">
            {preview.missingTaskFolders.map((m) => (
              <li key={m.taskId}>{m.reason}</li>
            ))}
          </ul>
        </Warning>
      ) : null}
      <Unreviewed unreviewed={preview.unreviewed} />
      <VolumePlanView plan={preview.plan} />
      <StagingChanges changes={preview.stagingChanges} onReset={onReset} locked={locked} />
      <section class="side client" aria-label="Goes to the client">
        <h2>
          <span class="tag client">To the client</span> Task folders
        </h2>
        <p class="hint">
          Copied into a new folder “{preview.batchId}” inside the client folder you choose next.
        </p>
        {toClient.length === 0 ? (
          <p>No task folder of this export can be delivered.</p>
        ) : (
          <ul class="tree" aria-label="Task folders for the client">
            {toClient.map((item) => (
              <TaskFolder
                key={item.name}
                item={item}
                review={review.get(item.taskId ?? '') ?? null}
              />
            ))}
          </ul>
        )}
      </section>
      <section class="side internal" aria-label="Stays internal">
        <h2>
          <span class="tag internal">Stays internal</span> Never sent
        </h2>
        <ul class="tree" aria-label="Items that stay internal">
          {internal.map((item) => (
            <li key={item.name}>
              <span class="name">{item.name}</span>
              <br />
              <span class="secondary">{internalWhy(item)}</span>
            </li>
          ))}
          {internal.length === 0 ? <li class="secondary">Nothing else is in the folder.</li> : null}
        </ul>
      </section>
      <SheetPreview sheet={preview.exportSheet} />
    </div>
  );
}

/**
 * Staged tasks whose staging folder no longer holds what was staged (the export sheet's Staged
 * Files tab says what was): those that will fail delivery, each with a way to stage it again,
 * and files added since, which stay behind.
 */
function StagingChanges({
  changes,
  onReset,
  locked,
}: {
  changes: StagingChange[];
  onReset(taskId: string): void;
  locked: boolean;
}) {
  if (changes.length === 0) return null;
  const failing = changes.filter((c) => c.failsDelivery).length;
  return (
    <Warning>
      <p>
        {failing > 0
          ? `${plural(failing, 'staged task')} changed in the staging folder since staging and will fail delivery.`
          : 'Files were added to the staging folder since staging.'}
      </p>
      <ul class="plain" aria-label="Changed since staging">
        {changes.map((c) => (
          <li key={c.taskId}>
            <span>{c.message}</span>
            {c.failsDelivery ? (
              <div class="buttons">
                <button type="button" disabled={locked} onClick={() => onReset(c.taskId)}>
                  Reset to stage again
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </Warning>
  );
}

/**
 * Staged tasks an override let through without a passed review: staging asked that someone check
 * them before delivery, and this is the last page before they reach the client.
 */
function Unreviewed({ unreviewed }: { unreviewed: UnreviewedTasks }) {
  const count = unreviewed.tasks.length + unreviewed.more;
  if (count === 0) return null;
  return (
    <Warning>
      <p data-testid="unreviewed">
        {unreviewedWords(unreviewed)} Make sure someone checked {count === 1 ? 'it' : 'them'}.
      </p>
    </Warning>
  );
}

function TaskFolder({
  item,
  review,
}: {
  item: StagedExportItem;
  review: 'failed' | 'notReviewed' | null;
}) {
  const counted =
    item.files === null ? '– files' : `${plural(item.files, 'file')}, ${bytes(item.bytes ?? 0)}`;
  return (
    <li>
      <span class="name">{item.name}</span>
      {review ? (
        <>
          {' '}
          <span class="tag warning">{capitalised(reviewWords(review))}</span>
        </>
      ) : null}
      <br />
      <span class="secondary">
        {item.taskId ? `Task ${item.taskId} · ` : ''}
        {counted}
      </span>
    </li>
  );
}

function internalWhy(item: StagedExportItem): string {
  if (item.kind === 'exportSheet') return 'The export sheet: internal data, stays in staging.';
  if (item.kind === 'taskFolder') {
    return `Task ${item.taskId ?? ''} is not staged now, so its folder stays.`;
  }
  return 'Not a task folder of this export.';
}

function SheetPreview({ sheet }: { sheet: StagedExportPreview['exportSheet'] }) {
  const internalColumns = sheet.columns.filter((c) => c.internal).length;
  return (
    <section>
      <h2>
        <span class="tag internal">Stays internal</span> Export sheet
      </h2>
      {sheet.error ? (
        <Warning>
          <p>{sheet.error}</p>
        </Warning>
      ) : null}
      {sheet.url ? (
        <p>
          <ExternalLink href={sheet.url}>Open the export sheet</ExternalLink>
        </p>
      ) : null}
      {sheet.columns.length > 0 ? (
        <div>
          <p class="secondary">
            {plural(sheet.totalRows, 'row')}. Its first rows
            {internalColumns > 0 ? '; internal review columns are marked' : ''}:
          </p>
          <SheetTable columns={sheet.columns} rows={sheet.rows} />
        </div>
      ) : null}
    </section>
  );
}

function capitalised(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
