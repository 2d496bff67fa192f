import { render } from 'preact';
import { useState } from 'preact/hooks';
import type { CleanupSummary } from '../shared/rpc';
import { ErrorMessage, Loading, Success } from './components/messages';
import { Buttons } from './components/layout';
import { plural, statusWords, when } from './format';
import { useAction } from './hooks';
import { call, closeSidebar } from './rpc';

const DEFAULT_DAYS = '30';

/**
 * PLAN 6.1: old failures put back where they can be exported again. The page first shows what it
 * would reset (changing nothing), then does it when the person says yes, and says what it did.
 */
function CleanUpPage() {
  const checking = useAction();
  const applying = useAction();
  const [days, setDays] = useState(DEFAULT_DAYS);
  const [preview, setPreview] = useState<CleanupSummary | null>(null);
  const [done, setDone] = useState<CleanupSummary | null>(null);

  const look = () =>
    void checking.run('list the old failures', async () => {
      setDone(null);
      setPreview(await call('previewCleanupFailedExports', Number(days)));
    });
  const apply = (planned: CleanupSummary) =>
    void applying.run('clean up the old failures', async () => {
      setDone(await call('cleanupFailedExports', planned.olderThanDays));
      setPreview(null);
    });

  const busy = checking.busy !== null || applying.busy !== null;
  const nothing = (s: CleanupSummary) => s.reset.length === 0 && s.clearedBatches.length === 0;
  return (
    <div>
      <h1>Clean up old failures</h1>
      <p class="secondary">
        Tasks whose staging or delivery failed long ago are made ready to export again: a failed
        staging goes back to “Not exported”, a failed delivery back to “Staged, awaiting delivery”.
        Nothing is deleted from Drive. You see the list before anything changes.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          look();
        }}
      >
        <div class="field">
          <label class="label" for="days">
            Failed more than this many days ago
          </label>
          <input
            id="days"
            type="number"
            min="1"
            step="1"
            value={days}
            onInput={(e) => {
              setDays((e.target as HTMLInputElement).value);
              setPreview(null);
            }}
          />
        </div>
        <Buttons>
          <button type="submit" disabled={busy || !days.trim()}>
            Show what would be reset
          </button>
        </Buttons>
      </form>
      <ErrorMessage text={checking.error} />
      {checking.busy ? <Loading what="Looking for old failures" /> : null}
      {preview ? (
        <section aria-label="What would be reset">
          <h2>What would be reset</h2>
          <Summary summary={preview} planned />
          <ErrorMessage text={applying.error} />
          {nothing(preview) ? null : (
            <Buttons>
              <button type="button" class="action" disabled={busy} onClick={() => apply(preview)}>
                {preview.reset.length > 0
                  ? `Reset ${plural(preview.reset.length, 'task')}`
                  : 'Remove the unused batch records'}
              </button>
              <button type="button" disabled={busy} onClick={() => setPreview(null)}>
                Cancel
              </button>
            </Buttons>
          )}
        </section>
      ) : null}
      {applying.busy ? <Loading what="Resetting" /> : null}
      {done ? (
        <section aria-label="Done">
          <h2>Done</h2>
          <Summary summary={done} planned={false} />
        </section>
      ) : null}
      <Buttons>
        <button type="button" disabled={busy} onClick={closeSidebar}>
          Close
        </button>
      </Buttons>
    </div>
  );
}

type Reset = CleanupSummary['reset'][number];

/** The tasks by the change made to them: failed stagings, failed deliveries. */
function groups(reset: Reset[]): Array<{ from: string; to: string; tasks: Reset[] }> {
  const out = new Map<string, { from: string; to: string; tasks: Reset[] }>();
  for (const r of reset) {
    const key = `${r.from} ${r.to}`;
    const group = out.get(key) ?? { from: r.from, to: r.to, tasks: [] };
    group.tasks.push(r);
    out.set(key, group);
  }
  return [...out.values()];
}

function Summary({ summary, planned }: { summary: CleanupSummary; planned: boolean }) {
  const { reset, keptRecent, clearedBatches } = summary;
  const before = `that failed more than ${plural(summary.olderThanDays, 'day')} ago (before ${when(summary.cutoff)})`;
  return (
    <div>
      {reset.length === 0 ? (
        <p>No task {before}: there is nothing to reset.</p>
      ) : planned ? (
        <p>
          <strong>{plural(reset.length, 'task')}</strong> {before} would be reset.
        </p>
      ) : (
        <Success>
          <p>
            {plural(reset.length, 'task')} {reset.length === 1 ? 'was' : 'were'} reset. Each change
            is in the Export Log.
          </p>
        </Success>
      )}
      {groups(reset).map((g) => (
        <div key={`${g.from} ${g.to}`} class="card">
          <p>
            {plural(g.tasks.length, 'task')} {planned ? 'from' : 'went from'} “{statusWords(g.from)}
            ” to “{statusWords(g.to)}”:
          </p>
          <ul
            class="plain reset-list"
            aria-label={`${planned ? 'To reset' : 'Reset'}: ${statusWords(g.from)}`}
          >
            {g.tasks.map((r) => (
              <li key={r.taskId}>
                <strong>{r.taskId}</strong>
                {r.batchId ? <span class="secondary"> in {r.batchId}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {keptRecent > 0 ? (
        <p class="secondary">
          {keptRecent === 1
            ? `1 failed task is more recent and ${planned ? 'stays' : 'was left'} as it is: retry it with Resume failed exports.`
            : `${plural(keptRecent, 'failed task')} are more recent and ${planned ? 'stay' : 'were left'} as they are: retry them with Resume failed exports.`}
        </p>
      ) : null}
      {clearedBatches.length > 0 ? (
        <p>
          {planned ? 'Records of ' : 'Removed the records of '}
          {plural(clearedBatches.length, 'export batch', 'export batches')} no task refers to any
          more{planned ? ' would be removed' : ''}: {clearedBatches.join(', ')}. Their folders stay
          in Drive.
        </p>
      ) : null}
    </div>
  );
}

render(<CleanUpPage />, document.getElementById('app') as HTMLElement);
