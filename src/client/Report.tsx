import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ExportStatusReport, RecoveryAction, RecoveryResult } from '../shared/rpc';
import { ErrorMessage, Loading } from './components/messages';
import { when } from './format';
import { useAction } from './hooks';
import { ACTION_LABELS, startRecovery } from './recovery/actions';
import { RecoveryRun } from './recovery/RecoveryRun';
import { RunningJobs } from './recovery/RunningJobs';
import { Attention } from './report/Attention';
import { StagingUsageView } from './report/StagingUsageView';
import { StatusCounts } from './report/StatusCounts';
import { call } from './rpc';
import { RefreshAndClose } from './components/layout';

/** The export status report (PLAN 6.1), with a retry for the failures it lists. */
function ReportPage() {
  const loading = useAction();
  const acting = useAction();
  const [report, setReport] = useState<ExportStatusReport | null>(null);
  const [started, setStarted] = useState<RecoveryResult | null>(null);

  const load = () =>
    void loading.run('make the status report', async () => {
      setReport(await call('generateExportStatusReport'));
    });
  useEffect(load, []);

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
          {report ? <p class="secondary">As of {when(report.generatedAt)}.</p> : null}
          <ErrorMessage text={loading.error} />
          {loading.busy ? <Loading what="Counting tasks and files" /> : null}
          {report ? (
            <div>
              <h2>Tasks by export status</h2>
              <StatusCounts counts={report.counts} total={report.totalTasks} />
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
                busy={busy}
              />
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
