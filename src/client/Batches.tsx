import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ExportBatchInfo } from '../shared/rpc';
import { ErrorMessage, Loading } from './components/messages';
import { ExternalLink, RefreshAndClose } from './components/layout';
import { plural, statusWords, unreviewedWords, when } from './format';
import { STATUS_ORDER } from '../shared/format';
import { useAction } from './hooks';
import { call } from './rpc';

/** Batches shown at first, and added by each "Show more". */
const PAGE = 20;
/** Counts are listed in the order a task moves through its statuses (a batch has no task 'not exported'). */
const ORDER = STATUS_ORDER.filter((s) => s !== 'not exported');

/** PLAN 6.1: every export batch, newest first: where it went, who sent it, when. */
function BatchesPage() {
  const loading = useAction();
  const acting = useAction();
  const [batches, setBatches] = useState<ExportBatchInfo[] | null>(null);
  const [search, setSearch] = useState('');
  const [shown, setShown] = useState(PAGE);

  const load = () =>
    void loading.run('list the export batches', async () => {
      setBatches(await call('listAllExportBatches'));
    });
  useEffect(load, []);

  const found = useMemo(() => matching(batches ?? [], search), [batches, search]);
  const busy = loading.busy !== null || acting.busy !== null;
  const deliver = (batchId: string) =>
    void acting.run('open the delivery wizard', () => call('showDeliveryWizardForBatch', batchId));
  const recover = (batchId: string) =>
    void acting.run('open Resume failed exports', () =>
      call('showResumeFailedExportsForBatch', batchId),
    );

  return (
    <div>
      <h1>Export batches</h1>
      <p class="secondary">
        Every export batch, newest first: who staged it and when, where it was delivered and by
        whom.
      </p>
      <ErrorMessage text={loading.error} />
      {loading.busy ? <Loading what="Reading the export batches" /> : null}
      {batches && batches.length === 0 ? (
        <p>No export batch yet: nothing has been staged.</p>
      ) : null}
      {batches && batches.length > 0 ? (
        <div>
          <div class="field">
            <label class="label" for="batch-search">
              Find a batch
            </label>
            <input
              id="batch-search"
              type="search"
              value={search}
              onInput={(e) => {
                setSearch((e.target as HTMLInputElement).value);
                setShown(PAGE);
              }}
            />
            <div class="hint">Part of a batch ID, or of the name of a client folder.</div>
          </div>
          <p aria-live="polite">
            {!search.trim()
              ? `${plural(batches.length, 'batch', 'batches')}.`
              : found.length === 0
                ? `No batch matches “${search.trim()}”.`
                : `${plural(found.length, 'batch', 'batches')} of ${batches.length} ${found.length === 1 ? 'matches' : 'match'}.`}
          </p>
          <ErrorMessage text={acting.error} />
          {found.slice(0, shown).map((b) => (
            <BatchCard
              key={b.batchId}
              batch={b}
              busy={busy}
              onDeliver={() => deliver(b.batchId)}
              onRecover={() => recover(b.batchId)}
            />
          ))}
          {found.length > shown ? (
            <div class="buttons">
              <button type="button" disabled={busy} onClick={() => setShown((n) => n + PAGE)}>
                Show {Math.min(PAGE, found.length - shown)} more
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      <RefreshAndClose busy={busy} onRefresh={load} />
    </div>
  );
}

function matching(batches: ExportBatchInfo[], search: string): ExportBatchInfo[] {
  const words = search.trim().toLowerCase();
  if (!words) return batches;
  return batches.filter(
    (b) =>
      b.batchId.toLowerCase().includes(words) ||
      b.deliveries.some((d) => (d.clientFolderName ?? '').toLowerCase().includes(words)),
  );
}

function BatchCard({
  batch,
  busy,
  onDeliver,
  onRecover,
}: {
  batch: ExportBatchInfo;
  busy: boolean;
  onDeliver(): void;
  onRecover(): void;
}) {
  const n = (status: string) => batch.counts[status] ?? 0;
  const statuses = [
    ...ORDER.filter((s) => n(s) > 0),
    ...Object.keys(batch.counts).filter((s) => !ORDER.includes(s) && n(s) > 0),
  ];
  const canDeliver = !batch.running && n('staged') > 0;
  const stuck = !batch.running && n('staging') + n('delivering') > 0;
  const canRecover = stuck || n('staging_failed') + n('delivery_failed') > 0;
  const unreviewed = batch.unreviewed.tasks.length + batch.unreviewed.more;
  return (
    <section class="card batch" aria-label={`Export batch ${batch.batchId}`}>
      <h3>{batch.batchId}</h3>
      {batch.running ? (
        <p>
          <span class="tag">
            {batch.running === 'staging' ? 'Being staged now' : 'Being delivered now'}
          </span>
        </p>
      ) : null}
      <p>
        {batch.createdAt ? (
          <span>
            Staged on {when(batch.createdAt)}
            {batch.createdBy ? ` by ${batch.createdBy}` : ''}.
          </span>
        ) : (
          <span class="secondary">
            Exported before the add-on kept a record of its batches: who staged it, when and where
            it went are not known. Only the sheet names it.
          </span>
        )}
      </p>
      {batch.taskCount === 0 ? (
        <p class="secondary">
          No task in the sheet belongs to it now: its tasks were put back to be exported again.
        </p>
      ) : (
        <p>
          <strong>{plural(batch.taskCount, 'task')}</strong>:
        </p>
      )}
      {statuses.length > 0 ? (
        <ul class="plain batch-counts">
          {statuses.map((s) => (
            <li key={s} data-status={s}>
              {statusWords(s)}: <strong>{n(s)}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {unreviewed > 0 ? (
        <p data-testid="unreviewed">
          <span class="tag warning">Review not passed</span> {unreviewedWords(batch.unreviewed)}
        </p>
      ) : null}
      {batch.stagingFolderUrl || batch.exportSheetUrl ? (
        <ul class="plain">
          {batch.stagingFolderUrl ? (
            <li>
              Staging folder:{' '}
              <ExternalLink href={batch.stagingFolderUrl}>
                {batch.stagingFolderName || 'open'}
              </ExternalLink>
            </li>
          ) : null}
          {batch.exportSheetUrl ? (
            <li>
              <ExternalLink href={batch.exportSheetUrl}>Export sheet</ExternalLink>
            </li>
          ) : null}
        </ul>
      ) : null}
      {batch.deliveries.length === 0 ? (
        batch.createdAt ? (
          <p class="secondary">Not delivered yet.</p>
        ) : null
      ) : (
        <ul class="plain deliveries">
          {[...batch.deliveries].reverse().map((d) => (
            <li key={d.deliveryFolderUrl}>
              Delivered to{' '}
              <ExternalLink href={d.clientFolderUrl}>
                {d.clientFolderName || 'the client folder'}
              </ExternalLink>{' '}
              on {when(d.at)}
              {d.by ? ` by ${d.by}` : ''} (
              <ExternalLink href={d.deliveryFolderUrl}>delivery folder</ExternalLink>).
            </li>
          ))}
        </ul>
      )}
      {canDeliver || canRecover ? (
        <div class="buttons">
          {canDeliver ? (
            <button type="button" class="action" disabled={busy} onClick={onDeliver}>
              Deliver
            </button>
          ) : null}
          {canRecover ? (
            <button type="button" disabled={busy} onClick={onRecover}>
              {stuck ? 'Resume' : 'Retry failed tasks'}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

render(<BatchesPage />, document.getElementById('app') as HTMLElement);
