import { SheetTable } from '../components/SheetTable';
import { useEffect, useState } from 'preact/hooks';
import type { ExportSheetPreview, StagingPreview } from '../../shared/rpc';
import { Buttons, ExternalLink, StepHeader } from '../components/layout';
import { ErrorMessage, Loading, Warning } from '../components/messages';
import { bytes, plural } from '../format';
import { useAction } from '../hooks';
import { VolumePlanView } from '../components/VolumePlanView';
import { call } from '../rpc';

/** Step 2: what staging would do (PLAN 2.3): tasks, destination, size, the export sheet. */
export function PreviewStep({
  preview,
  onBack,
  onStart,
  busy,
  error,
}: {
  preview: StagingPreview;
  onBack(): void;
  onStart(taskIds: string[]): void;
  busy: boolean;
  error: string | null;
}) {
  const { selection, destination, destinationError } = preview;
  const taskIds = selection.tasks.map((t) => t.taskId);
  const count = taskIds.length;
  const problems = preview.perTask.filter((t) => t.problems.length > 0);
  const filesOf = new Map(preview.perTask.map((t) => [t.taskId, t.files]));
  return (
    <div>
      <StepHeader step={2} of={4} title="Check the selection" />
      <div class="figures">
        <span>
          <strong>{count}</strong> {count === 1 ? 'task' : 'tasks'}
        </span>
        <span>
          <strong>{preview.fileCount}</strong> files
        </span>
        <span>
          about <strong>{bytes(preview.totalBytes)}</strong>
        </span>
      </div>
      {preview.perTask.length < count ? (
        <p class="hint">
          Files and sizes were looked up for {plural(preview.perTask.length, 'task')} of {count};
          the rest is estimated from them. Staging checks every file of every task before it copies
          it, and a task whose files are not right fails with the reason.
        </p>
      ) : null}
      <h2>Destination</h2>
      {destination ? (
        <p class="destination">
          <ExternalLink href={destination.url}>{destination.name}</ExternalLink> ›{' '}
          {destination.batchFolderName}
        </p>
      ) : (
        <Warning>
          <p>{destinationError}</p>
        </Warning>
      )}
      {selection.overrides.map((o) => (
        <Warning key={o.flag}>{o.warning}</Warning>
      ))}
      {problems.length > 0 ? (
        <Warning>
          <p>
            {plural(problems.length, 'task')} will fail the file check and be marked staging_failed:
          </p>
          <ul class="plain">
            {problems.map((t) => (
              <li key={t.taskId}>
                <strong>{t.taskId}</strong>: {t.problems.join('; ')}
              </li>
            ))}
          </ul>
        </Warning>
      ) : null}
      {selection.excluded.length > 0 ? (
        <Warning>
          <p>Left out whatever the filters:</p>
          <ul class="plain">
            {selection.excluded.map((x) => (
              <li key={x.taskId}>{x.reason}</li>
            ))}
          </ul>
        </Warning>
      ) : null}
      <VolumePlanView plan={preview.plan} />
      <h2>Tasks</h2>
      {count === 0 ? (
        <p>No task matches these filters. Go back and change them.</p>
      ) : (
        <div class="table-box tall">
          <table class="data tasks">
            <thead>
              <tr>
                <th>Task</th>
                <th class="num">Files</th>
              </tr>
            </thead>
            <tbody>
              {selection.tasks.map((t) => (
                <tr key={t.taskId}>
                  <td class="wrap">
                    {t.taskId}
                    <div class="secondary">{t.folderName}</div>
                    <div class="secondary">
                      {[t.agent, t.reviewScore === null ? '' : `score ${t.reviewScore}`]
                        .filter((part) => part !== '')
                        .join(' · ')}
                    </div>
                  </td>
                  <td class="num">{filesOf.get(t.taskId) ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {count > 0 ? <SheetPreview taskIds={taskIds} /> : null}
      <ErrorMessage text={error} />
      <Buttons>
        <button type="button" disabled={busy} onClick={onBack}>
          Back
        </button>
        <button
          type="button"
          class="action"
          disabled={busy || count === 0 || !destination || !!preview.plan?.refusal}
          onClick={() => onStart(taskIds)}
        >
          {busy ? 'Starting…' : `Stage ${plural(count, 'task')}`}
        </button>
      </Buttons>
    </div>
  );
}

/** The export sheet's first rows, loaded after the rest of the preview so it shows at once. */
function SheetPreview({ taskIds }: { taskIds: string[] }) {
  const loading = useAction();
  const [sheet, setSheet] = useState<ExportSheetPreview | null>(null);
  useEffect(() => {
    void loading.run('preview the export sheet', async () => {
      setSheet(await call('getExportSheetPreview', taskIds));
    });
  }, [taskIds.join('\n')]);
  return (
    <section>
      <h2>Export sheet</h2>
      <ErrorMessage text={loading.error} />
      {loading.busy ? <Loading what="Preparing the export sheet preview" /> : null}
      {sheet ? (
        <div>
          <p class="secondary">
            “{sheet.sheetName}”, internal: {plural(sheet.totalRows, 'row')} of{' '}
            {plural(sheet.columns.length, 'column')}. The first rows as they are now:
          </p>
          <SheetTable columns={sheet.columns.map((name) => ({ name }))} rows={sheet.rows} />
        </div>
      ) : null}
    </section>
  );
}
