import type { AttentionItem, RecoveryAction } from '../../shared/rpc';
import { plural, statusWords, when } from '../format';
import { ACTION_LABELS } from '../recovery/actions';

interface Group {
  batchId: string;
  action: RecoveryAction | null;
  items: AttentionItem[];
}

/** Tasks needing attention, by export batch and what can be done about them (PLAN 6.1). */
export function Attention({
  items,
  total,
  onAction,
  onChangeStatus,
  busy,
}: {
  items: AttentionItem[];
  total: number;
  onAction(action: RecoveryAction, batchId: string): void;
  /** Opens the status change page on the task. */
  onChangeStatus(taskId: string): void;
  busy: boolean;
}) {
  if (total === 0) return <p>No task needs attention.</p>;
  return (
    <div>
      <p>
        <strong>{plural(total, 'task')}</strong> {total === 1 ? 'needs' : 'need'} attention
        {items.length < total ? ` (the ${items.length} most recent are listed)` : ''}.
      </p>
      {groupsOf(items).map((g) => (
        <section
          class="card"
          key={`${g.batchId} ${g.action ?? ''}`}
          aria-label={`${g.batchId || 'No export batch'}: ${g.action ? ACTION_LABELS[g.action].button : 'fix by hand'}`}
        >
          <h3>{g.batchId || 'No export batch'}</h3>
          <ul class="plain failures">
            {g.items.map((item) => (
              <li key={item.taskId}>
                <strong>{item.taskId}</strong> <span class="tag">{statusWords(item.status)}</span>
                <br />
                <span class="secondary">{item.reason}</span>
                {item.since ? <div class="hint">{when(item.since)}</div> : null}
                <button
                  type="button"
                  class="link"
                  disabled={busy}
                  aria-label={`Change the status of task ${item.taskId}`}
                  onClick={() => onChangeStatus(item.taskId)}
                >
                  Change status
                </button>
              </li>
            ))}
          </ul>
          {g.action ? (
            <div class="buttons">
              <button
                type="button"
                disabled={busy}
                onClick={() => onAction(g.action as RecoveryAction, g.batchId)}
              >
                {ACTION_LABELS[g.action].button}
              </button>
            </div>
          ) : (
            <p class="hint">
              These cannot be retried from here: fix their Export Status or Export Batch ID cell in
              the sheet.
            </p>
          )}
        </section>
      ))}
    </div>
  );
}

function groupsOf(items: AttentionItem[]): Group[] {
  const groups = new Map<string, Group>();
  for (const item of items) {
    const key = `${item.batchId}\u0000${item.action ?? ''}`;
    const group = groups.get(key) ?? { batchId: item.batchId, action: item.action, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}
