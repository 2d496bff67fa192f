import type { AttentionAdvice, AttentionItem, JobKind, RecoveryAction } from '../../shared/rpc';
import { plural, statusWords, when } from '../format';
import { ACTION_LABELS } from '../recovery/actions';

interface Group {
  batchId: string;
  action: RecoveryAction | null;
  advice: AttentionAdvice;
  running: JobKind | null;
  items: AttentionItem[];
}

/** What runs on the batch, named, so that it does not read as the state of the tasks listed. */
const RUNNING_TAG: Record<JobKind, string> = {
  staging: 'Staging running',
  delivery: 'Delivery running',
};

const RUNNING_ADVICE: Record<JobKind, string> = {
  staging:
    'A staging of this batch is running now: these tasks can be retried once it has finished. This report follows it.',
  delivery:
    'A delivery of this batch is running now: these tasks can be retried once it has finished. This report follows it.',
};

/** What each kind of group says in place of, or before, a retry. */
const ADVICE_TEXT: Record<AttentionAdvice, string> = {
  retry: 'Google Drive was busy or the export was cut short: retrying is all these need.',
  fixFirst:
    'Fix what each reason names first (files, links, sharing, folders), then retry: a retry before the fix fails again the same way.',
  stageAgain:
    'Retrying cannot help: what was staged changed. Press Reset to stage again by each task in Resume failed exports, then stage it again.',
  running: 'Its export is running now: wait for it to finish. This report follows it.',
  fixCell:
    'These cannot be retried from here: fix their Export Status or Export Batch ID cell in the sheet.',
};

/** Tasks needing attention, by export batch and what can be done about them (PLAN 6.1). */
export function Attention({
  items,
  total,
  onAction,
  onChangeStatus,
  onOpenRecovery,
  busy,
}: {
  items: AttentionItem[];
  total: number;
  onAction(action: RecoveryAction, batchId: string): void;
  /** Opens the status change page on the task. */
  onChangeStatus(taskId: string): void;
  /** Opens Resume failed exports on the batch. */
  onOpenRecovery(batchId: string): void;
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
          key={`${g.batchId} ${g.action ?? ''} ${g.advice}`}
          data-advice={g.advice}
          aria-label={`${g.batchId || 'No export batch'}: ${groupName(g)}`}
        >
          <h3>
            {g.batchId || 'No export batch'}
            {g.advice === 'running' ? (
              <>
                {' '}
                <span class="tag running">
                  {g.running ? RUNNING_TAG[g.running] : 'Export running'}
                </span>
              </>
            ) : null}
          </h3>
          <p class={g.advice === 'retry' ? 'hint' : 'advice'}>
            {g.advice === 'running' && g.running
              ? RUNNING_ADVICE[g.running]
              : ADVICE_TEXT[g.advice]}
          </p>
          {/* What to do sits above the list: a long list would hide it. */}
          {g.action && g.advice === 'retry' ? (
            <div class="buttons">
              <button
                type="button"
                class="action"
                disabled={busy}
                onClick={() => onAction(g.action as RecoveryAction, g.batchId)}
              >
                {ACTION_LABELS[g.action].button}
              </button>
            </div>
          ) : null}
          {g.action && g.advice === 'fixFirst' ? (
            // Second to the fix, not gone: the report cannot see that the fix was made.
            <p>
              <button
                type="button"
                class="link"
                disabled={busy}
                onClick={() => onAction(g.action as RecoveryAction, g.batchId)}
              >
                Fixed: {ACTION_LABELS[g.action].button.toLowerCase()}
              </button>
            </p>
          ) : null}
          {g.advice === 'stageAgain' ? (
            <button
              type="button"
              class="link"
              disabled={busy}
              onClick={() => onOpenRecovery(g.batchId)}
            >
              Open Resume failed exports
            </button>
          ) : null}
          <ul class="plain failures">
            {g.items.map((item) => (
              <li key={item.taskId}>
                <strong>{item.taskId}</strong>{' '}
                <span class={`tag${item.status.endsWith('failed') ? ' failed' : ''}`}>
                  {statusWords(item.status)}
                </span>
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
        </section>
      ))}
    </div>
  );
}

function groupName(g: Group): string {
  if (g.advice === 'running') return 'running';
  if (g.advice === 'stageAgain') return 'stage again';
  if (g.advice === 'fixCell' || !g.action) return 'fix by hand';
  const button = ACTION_LABELS[g.action].button;
  return g.advice === 'fixFirst' ? `fix, then ${button.toLowerCase()}` : button;
}

function groupsOf(items: AttentionItem[]): Group[] {
  const groups = new Map<string, Group>();
  for (const item of items) {
    const key = `${item.batchId}\u0000${item.action ?? ''}\u0000${item.advice}`;
    const group = groups.get(key) ?? {
      batchId: item.batchId,
      action: item.action,
      advice: item.advice,
      running: item.running,
      items: [],
    };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}
