import { SheetTable } from '../components/SheetTable';
import { useEffect } from 'preact/hooks';
import type { StagedExport, StagedExportItem, StagedExportPreview } from '../../shared/rpc';
import { Buttons, ExternalLink, StepHeader } from '../components/layout';
import { ErrorMessage, Loading, Warning } from '../components/messages';
import { bytes, plural, when } from '../format';
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
  const read = () =>
    void loading.run('read the staged export', async () => {
      onPreview(await call('previewStagedExport', batch.batchId));
    });
  useEffect(() => {
    if (!preview) read();
  }, [batch.batchId]);

  const locked = busy || loading.busy !== null;
  return (
    <div>
      <StepHeader step={2} of={5} title="Review the export" />
      <p>
        Export batch <strong>{batch.batchId}</strong>
      </p>
      <ErrorMessage text={loading.error} />
      {loading.busy ? <Loading what="Reading the staging folder" /> : null}
      {preview ? <Contents preview={preview} /> : null}
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
          disabled={locked || !preview || preview.taskCount === 0}
          onClick={onNext}
        >
          Choose the client folder
        </button>
      </Buttons>
    </div>
  );
}

function Contents({ preview }: { preview: StagedExportPreview }) {
  const toClient = preview.items.filter((i) => i.toClient);
  const internal = preview.items.filter((i) => !i.toClient);
  const files = toClient.reduce((n, i) => n + (i.files ?? 0), 0);
  const size = toClient.reduce((n, i) => n + (i.bytes ?? 0), 0);
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
              <TaskFolder key={item.name} item={item} />
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

function TaskFolder({ item }: { item: StagedExportItem }) {
  const counted =
    item.files === null ? '– files' : `${plural(item.files, 'file')}, ${bytes(item.bytes ?? 0)}`;
  return (
    <li>
      <span class="name">{item.name}</span>
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
