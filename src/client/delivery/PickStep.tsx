import type { StagedExport } from '../../shared/rpc';
import { Buttons, ExternalLink, StepHeader } from '../components/layout';
import { ErrorMessage, Notice } from '../components/messages';
import { plural, when } from '../format';

/** Step 1: which staged export to deliver (PLAN 3.2). */
export function PickStep({
  exports,
  chosen,
  onChoose,
  onNext,
  onRefresh,
  onStage,
  busy,
  error,
}: {
  exports: StagedExport[];
  chosen: string | null;
  onChoose(batchId: string): void;
  onNext(): void;
  onRefresh(): void;
  onStage(): void;
  busy: boolean;
  error: string | null;
}) {
  const picked = exports.find((b) => b.batchId === chosen && b.running === null);
  return (
    <div>
      <StepHeader step={1} of={5} title="Choose a staged export" />
      {exports.length === 0 ? (
        <Notice>
          <p>No staged export is waiting for delivery.</p>
          <p>Stage tasks first; once someone has reviewed them, deliver them from here.</p>
        </Notice>
      ) : (
        <fieldset disabled={busy} class="exports">
          <legend class="secondary">Exports staged and not yet delivered, newest first</legend>
          {exports.map((b) => (
            <ExportChoice
              key={b.batchId}
              batch={b}
              checked={b.batchId === chosen}
              onChoose={() => onChoose(b.batchId)}
            />
          ))}
        </fieldset>
      )}
      <ErrorMessage text={error} />
      <Buttons>
        {exports.length === 0 ? (
          <button type="button" class="action" disabled={busy} onClick={onStage}>
            Stage tasks
          </button>
        ) : (
          <button type="button" class="action" disabled={busy || !picked} onClick={onNext}>
            Review this export
          </button>
        )}
        <button type="button" disabled={busy} onClick={onRefresh}>
          Refresh
        </button>
      </Buttons>
    </div>
  );
}

function ExportChoice({
  batch,
  checked,
  onChoose,
}: {
  batch: StagedExport;
  checked: boolean;
  onChoose(): void;
}) {
  const busyElsewhere =
    batch.running === 'staging'
      ? 'Still being staged: deliver it once staging has finished.'
      : batch.running === 'delivery'
        ? 'Being delivered right now.'
        : null;
  return (
    <label class={`check card${checked ? ' chosen' : ''}`}>
      <input
        type="radio"
        name="staged-export"
        value={batch.batchId}
        checked={checked}
        disabled={busyElsewhere !== null}
        onChange={onChoose}
      />
      <span>
        <strong>{batch.batchId}</strong>
        <br />
        {plural(batch.taskCount, 'task')} staged
        {batch.createdDate ? `, ${when(batch.createdDate)}` : ''}
        {batch.createdBy ? (
          <>
            <br />
            <span class="secondary">by {batch.createdBy}</span>
          </>
        ) : null}
        {batch.lastDelivery ? (
          <>
            <br />
            <span class="secondary">
              Partly delivered before,{' '}
              <ExternalLink href={batch.lastDelivery.deliveryFolderUrl}>
                {when(batch.lastDelivery.at)}
              </ExternalLink>
            </span>
          </>
        ) : null}
        {busyElsewhere ? (
          <>
            <br />
            <span class="secondary">{busyElsewhere}</span>
          </>
        ) : null}
      </span>
    </label>
  );
}
