import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ExportStatusReport, RecoveryAction, RecoveryResult } from '../shared/rpc';
import { ErrorMessage, Loading } from './components/messages';
import { useAction } from './hooks';
import { ACTION_LABELS, startRecovery } from './recovery/actions';
import { RecoveryRun } from './recovery/RecoveryRun';
import { RunningJobs } from './recovery/RunningJobs';
import { Attention } from './report/Attention';
import { StagingUsageView } from './report/StagingUsageView';
import { StatusCounts } from './report/StatusCounts';
import { WeeklyActivity } from './report/WeeklyActivity';
import { call } from './rpc';
import { RefreshAndClose } from './components/layout';

/**
 * How often the report refreshes itself while an export runs: a slice's progress shows within
 * seconds, and each refresh is one read of the sheet and the log (refreshExportStatusReport).
 */
const POLL_MS = 10 * 1000;

/** "14:03:07": when the figures were read, to the second, as a refresh changes it. */
function clockTime(iso: string): string {
  const date = new Date(iso);
  if (isNaN(+date)) return iso;
  return date.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}

function useVisible(): boolean {
  const [visible, setVisible] = useState(document.visibilityState === 'visible');
  useEffect(() => {
    const changed = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', changed);
    return () => document.removeEventListener('visibilitychange', changed);
  }, []);
  return visible;
}

/** The export status report (PLAN 6.1), with a retry for the failures it lists. */
function ReportPage() {
  const loading = useAction();
  const acting = useAction();
  const polling = useAction();
  const [report, setReport] = useState<ExportStatusReport | null>(null);
  const [started, setStarted] = useState<RecoveryResult | null>(null);
  const [polls, setPolls] = useState(0);
  const visible = useVisible();

  const load = () =>
    void loading.run('make the status report', async () => {
      setReport(await call('generateExportStatusReport'));
    });
  useEffect(load, []);

  const running = (report?.activeBatches.length ?? 0) > 0;
  // Only while an export runs and the page is in sight: a hidden sidebar or a quiet sheet costs
  // no calls. The staging folder's usage is kept from the full report (measuring it is slow).
  useEffect(() => {
    if (!running || !visible || started) return undefined;
    const timer = setTimeout(
      () =>
        void polling
          .run('refresh the report', async () => {
            const figures = await call('refreshExportStatusReport');
            setReport((r) => (r ? { ...r, ...figures } : r));
          })
          .finally(() => setPolls((n) => n + 1)),
      POLL_MS,
    );
    return () => clearTimeout(timer);
  }, [running, visible, started, polls, report?.generatedAt]);

  const act = (action: RecoveryAction, batchId: string) =>
    void acting.run(ACTION_LABELS[action].doing, async () => {
      setStarted(await startRecovery(action, batchId));
    });

  const back = () => {
    setStarted(null);
    load();
  };

  const busy = acting.busy !== null || loading.busy !== null;
  return (
    <div>
      <h1>Export status report</h1>
      {started ? (
        <RecoveryRun result={started} onBack={back} backLabel="Back to the report" />
      ) : (
        <div>
          {report ? (
            <p class="secondary updated" aria-live="polite">
              Updated {clockTime(report.generatedAt)}
              {running ? '. Refreshes every 10 seconds while an export runs.' : '.'}
            </p>
          ) : null}
          <ErrorMessage text={loading.error} />
          <ErrorMessage text={polling.error} />
          {loading.busy ? <Loading what="Counting tasks and files" /> : null}
          {report ? (
            <div>
              <h2>Tasks by export status</h2>
              <StatusCounts
                counts={report.counts}
                total={report.totalTasks}
                readyToStage={report.readyToStage}
                waiting={report.waiting}
              />
              <h2>Exports in progress</h2>
              {report.activeBatches.length === 0 ? <p>No export is running.</p> : null}
              <RunningJobs jobs={report.activeBatches} busy={busy} heading={false} />
              <h2>Needing attention</h2>
              <ErrorMessage text={acting.error} />
              <Attention
                items={report.attention}
                total={report.attentionTotal}
                onAction={act}
                onChangeStatus={(taskId) =>
                  void acting.run('open the status change page', () =>
                    call('showStatusChangeForTask', taskId),
                  )
                }
                onOpenRecovery={(batchId) =>
                  void acting.run('open Resume failed exports', () =>
                    call('showResumeFailedExportsForBatch', batchId),
                  )
                }
                busy={busy}
              />
              <h2>Staged and delivered per week</h2>
              <WeeklyActivity weeks={report.weeks} />
              <h2>Staging folder usage</h2>
              <StagingUsageView usage={report.stagingUsage} />
            </div>
          ) : null}
          <RefreshAndClose busy={busy} onRefresh={load} />
        </div>
      )}
    </div>
  );
}

render(<ReportPage />, document.getElementById('app') as HTMLElement);
