import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { JobProgress, RecoverableExports, RecoveryResult } from '../shared/rpc';
import { ErrorMessage, Loading, Notice, Success } from './components/messages';
import { useAction } from './hooks';
import { ACTION_LABELS, startRecovery } from './recovery/actions';
import { JobRun } from './recovery/JobRun';
import { RecoverableItem } from './recovery/RecoverableItem';
import { RecoveryRun } from './recovery/RecoveryRun';
import { RunningJobs } from './recovery/RunningJobs';
import { call, pageOptions } from './rpc';
import { Buttons, RefreshAndClose } from './components/layout';

/** What the Export Log keeps as the reason of a reset from this page. */
const RESET_REASON = 'Reset to stage again from Resume failed exports.';

type View =
  | { show: 'list' }
  | { show: 'started'; result: RecoveryResult }
  | { show: 'following'; job: JobProgress };

/** Resume failed exports (PLAN 4.2): what can be resumed or retried, batch by batch. */
function RecoveryPage() {
  const loading = useAction();
  const acting = useAction();
  const [list, setList] = useState<RecoverableExports | null>(null);
  const [view, setView] = useState<View>({ show: 'list' });
  /** A client folder typed for a delivery retry, per batch: kept while the list is read again. */
  const [folders, setFolders] = useState<Record<string, string>>({});
  /** Tasks put back to "not exported" from here, to be staged again. */
  const [reset, setReset] = useState<string[]>([]);
  /** Opened from the batches page on one batch: that batch only, until "Show all batches". */
  const [only, setOnly] = useState<string | null>(pageOptions().batchId ?? null);

  const load = () =>
    void loading.run('list the failed exports', async () => {
      setList(await call('listRecoverableExports'));
    });
  useEffect(load, []);

  const back = () => {
    acting.clearError();
    setView({ show: 'list' });
    load();
  };

  const start = (key: string, action: RecoverableExports['items'][number]) =>
    void acting.run(ACTION_LABELS[action.action].doing, async () => {
      const result = await startRecovery(action.action, action.batchId, folders[key] ?? '');
      setView({ show: 'started', result });
    });

  /**
   * A task whose staged files changed cannot be delivered from that batch: it goes back to "not
   * exported" (logged as a manual change), to be staged again in a new batch.
   */
  const resetTask = (taskId: string) =>
    void acting.run(`reset task ${taskId}`, async () => {
      await call('resetTaskExportStatus', taskId, '', RESET_REASON);
      setReset((done) => [...done, taskId]);
      load();
    });

  const busy = acting.busy !== null || loading.busy !== null;
  return (
    <div>
      <h1>Resume failed exports</h1>
      {view.show === 'started' ? (
        <RecoveryRun result={view.result} onBack={back} backLabel="Back to the list" />
      ) : view.show === 'following' ? (
        <section aria-label="Recovery">
          <p>
            Export batch <strong>{view.job.batchId}</strong>
          </p>
          <JobRun jobId={view.job.jobId} kind={view.job.kind} first={view.job} />
          <Buttons>
            <button type="button" onClick={back}>
              Back to the list
            </button>
          </Buttons>
        </section>
      ) : (
        <div>
          <p class="secondary">
            Exports that were interrupted, and tasks that failed, batch by batch. Nothing is copied
            twice: a resumed or retried export copies only what is missing.
          </p>
          <ErrorMessage text={loading.error} />
          {reset.length > 0 ? (
            <Notice>
              <p>
                {reset.map((id) => `Task ${id}`).join(', ')} {reset.length === 1 ? 'is' : 'are'}{' '}
                back to “not exported”: stage {reset.length === 1 ? 'it' : 'them'} again with Stage
                tasks for export, then deliver the new export batch.
              </p>
            </Notice>
          ) : null}
          {loading.busy ? <Loading what="Looking for failed exports" /> : null}
          {only ? (
            <p>
              Export batch <strong>{only}</strong> only.{' '}
              <button type="button" class="link" onClick={() => setOnly(null)}>
                Show all batches
              </button>
            </p>
          ) : null}
          {list ? (
            <Lists
              list={only ? ofBatch(list, only) : list}
              folders={folders}
              onFolder={(key, text) => setFolders((all) => ({ ...all, [key]: text }))}
              onStart={start}
              onReset={resetTask}
              onFollow={(job) => setView({ show: 'following', job })}
              busy={busy}
            />
          ) : null}
          <ErrorMessage text={acting.error} />
          <RefreshAndClose busy={busy} onRefresh={load} />
        </div>
      )}
    </div>
  );
}

function Lists({
  list,
  folders,
  onFolder,
  onStart,
  onReset,
  onFollow,
  busy,
}: {
  list: RecoverableExports;
  folders: Record<string, string>;
  onFolder(key: string, text: string): void;
  onStart(key: string, item: RecoverableExports['items'][number]): void;
  onReset(taskId: string): void;
  onFollow(job: JobProgress): void;
  busy: boolean;
}) {
  return (
    <div>
      <RunningJobs jobs={list.running} onFollow={onFollow} busy={busy} />
      <h2>To resume or retry</h2>
      {list.items.length === 0 ? (
        <Success>
          <p>Nothing to resume or retry: no export is interrupted and no task has failed.</p>
        </Success>
      ) : (
        list.items.map((item) => {
          const key = `${item.batchId} ${item.action}`;
          return (
            <RecoverableItem
              key={key}
              item={item}
              folderText={folders[key] ?? ''}
              onFolderText={(text) => onFolder(key, text)}
              onStart={() => onStart(key, item)}
              onReset={onReset}
              busy={busy}
            />
          );
        })
      )}
    </div>
  );
}

function ofBatch(list: RecoverableExports, batchId: string): RecoverableExports {
  return {
    ...list,
    running: list.running.filter((j) => j.batchId === batchId),
    items: list.items.filter((i) => i.batchId === batchId),
  };
}

render(<RecoveryPage />, document.getElementById('app') as HTMLElement);
