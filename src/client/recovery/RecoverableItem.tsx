import type { RecoverableExport } from '../../shared/rpc';
import { ExternalLink } from '../components/layout';
import { plural } from '../format';
import { ACTION_LABELS } from './actions';

/** One batch's interrupted or failed tasks, their reasons, and the action that takes them on. */
export function RecoverableItem({
  item,
  folderText,
  onFolderText,
  onStart,
  onReset,
  busy,
}: {
  item: RecoverableExport;
  /** Another client folder for a delivery retry, as typed. */
  folderText: string;
  onFolderText(text: string): void;
  onStart(): void;
  /** Puts a task whose delivery failed back to "not exported", to be staged again. */
  onReset(taskId: string): void;
  busy: boolean;
}) {
  const retryDelivery = item.action === 'retryFailedDelivery';
  const needsFolder = retryDelivery && !item.clientFolderUrl && folderText.trim() === '';
  const inputId = `folder-${item.batchId}`;
  return (
    <section class="card" aria-label={`${item.batchId}: ${ACTION_LABELS[item.action].button}`}>
      <h3>{item.batchId}</h3>
      <p>{item.what}</p>
      <details class="choices">
        <summary>{plural(item.taskIds.length, 'task')}</summary>
        <ul class="plain failures">
          {item.taskIds.map((taskId) => {
            const reason = item.reasons.find((r) => r.taskId === taskId)?.reason;
            return (
              <li key={taskId}>
                <strong>{taskId}</strong>
                {retryDelivery ? (
                  <>
                    {' · '}
                    <button
                      type="button"
                      class="link"
                      disabled={busy}
                      onClick={() => onReset(taskId)}
                    >
                      Reset to stage again
                    </button>
                  </>
                ) : null}
                {reason ? (
                  <>
                    <br />
                    <span class="secondary">{reason}</span>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      </details>
      {item.kind === 'delivery' && item.clientFolderUrl ? (
        <p>
          Into the folder of the last delivery:{' '}
          <ExternalLink href={item.clientFolderUrl}>open the client folder</ExternalLink>
        </p>
      ) : null}
      {retryDelivery ? (
        <div class="field">
          <label for={inputId}>
            {item.clientFolderUrl
              ? 'Or another client folder (link or id)'
              : 'Client folder (link or id)'}
          </label>
          <input
            id={inputId}
            type="text"
            value={folderText}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => onFolderText((e.currentTarget as HTMLInputElement).value)}
          />
          {item.clientFolderUrl ? null : (
            <p class="hint">
              No earlier delivery of this batch is on record: paste the client's folder.
            </p>
          )}
        </div>
      ) : null}
      <div class="buttons">
        <button type="button" class="action" disabled={busy || needsFolder} onClick={onStart}>
          {ACTION_LABELS[item.action].button} of {plural(item.taskIds.length, 'task')}
        </button>
      </div>
    </section>
  );
}
