import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type {
  DeliveryWizardSetup,
  CheckedFolder,
  FolderRef,
  JobProgress,
  StagedExportPreview,
} from '../shared/rpc';
import { ErrorMessage, Loading, Notice } from './components/messages';
import { DestinationStep } from './delivery/DestinationStep';
import { DoneStep } from './delivery/DoneStep';
import { PickStep } from './delivery/PickStep';
import { ReviewStep } from './delivery/ReviewStep';
import { RunningStep, type RunningInfo } from './delivery/RunningStep';
import { useAction } from './hooks';
import { forgetJob, rememberJob, rememberedJob } from './job-memory';
import { call, closeSidebar, pageOptions } from './rpc';

const WIZARD = 'delivery';

type View =
  | { step: 'pick' }
  | { step: 'review' }
  | { step: 'destination' }
  | { step: 'running'; info: RunningInfo }
  | { step: 'done'; progress: JobProgress; whileClosed: boolean; client: FolderRef | null };

/** What the person chose on the way, kept above the steps so that going back loses none of it. */
interface Choices {
  batchId: string | null;
  /** The client folder as typed or pasted. */
  folderText: string;
  /** The client folder once the server found it usable. */
  folder: CheckedFolder | null;
}

/**
 * The delivery wizard (PLAN 3.2): pick a staged export, review it, choose the client folder,
 * deliver, see the outcome.
 */
function DeliveryWizard() {
  const opening = useAction();
  const acting = useAction();
  const [setup, setSetup] = useState<DeliveryWizardSetup | null>(null);
  const [view, setView] = useState<View>({ step: 'pick' });
  const [choices, setChoices] = useState<Choices>({
    batchId: null,
    folderText: '',
    folder: null,
  });
  const [previews, setPreviews] = useState<Record<string, StagedExportPreview>>({});
  const [notice, setNotice] = useState<string | null>(null);

  const load = (first: boolean) =>
    void opening.run('open the delivery wizard', async () => {
      const found = await call('getDeliveryWizardSetup');
      setSetup(found);
      if (!first) return;
      const start = await whereToStart(found, pageOptions().batchId ?? null);
      if (start.batchId) setChoices((c) => ({ ...c, batchId: start.batchId }));
      setNotice(start.notice);
      setView(start.view);
    });
  useEffect(() => load(true), []);

  const go = (next: View) => {
    acting.clearError();
    setView(next);
  };
  const choose = (patch: Partial<Choices>) => setChoices((c) => ({ ...c, ...patch }));

  const batch = setup?.exports.find((b) => b.batchId === choices.batchId) ?? null;

  const deliver = () => {
    const folder = choices.folder;
    if (!batch || !folder) return;
    void acting.run('start the delivery', async () => {
      const started = await call('executeDeliveryWizard', batch.batchId, folder.id);
      rememberJob(WIZARD, started.jobId);
      setView({
        step: 'running',
        info: {
          jobId: started.jobId,
          batchId: started.batchId,
          first: null,
          reopened: false,
          client: started.clientFolder,
          deliveryFolderUrl: started.deliveryFolderUrl,
          leftOut: started.leftOut,
        },
      });
    });
  };

  const finished = (progress: JobProgress, client: FolderRef | null) => {
    forgetJob(WIZARD);
    go({ step: 'done', progress, whileClosed: false, client });
  };

  const again = () => {
    choose({ batchId: null });
    setPreviews({});
    go({ step: 'pick' });
    // Tasks changed status: the staged exports are read again.
    load(false);
  };

  const open = (what: string, fn: 'showStagingWizard' | 'showResumeFailedExports') =>
    void acting.run(what, () => call(fn));
  const report = () =>
    void acting.run('open the status report', () => call('showExportStatusReport'));

  const busy = acting.busy !== null || opening.busy !== null;
  const step = () => {
    if (!setup) return null;
    switch (view.step) {
      case 'pick':
        return (
          <PickStep
            exports={setup.exports}
            chosen={choices.batchId}
            onChoose={(batchId) => choose({ batchId })}
            onNext={() => go({ step: 'review' })}
            onRefresh={() => load(false)}
            onStage={() => open('open the staging wizard', 'showStagingWizard')}
            busy={busy}
            error={acting.error}
          />
        );
      case 'review':
        return batch ? (
          <ReviewStep
            batch={batch}
            preview={previews[batch.batchId] ?? null}
            onPreview={(p) => setPreviews((all) => ({ ...all, [p.batchId]: p }))}
            onBack={() => go({ step: 'pick' })}
            onNext={() => go({ step: 'destination' })}
            busy={busy}
          />
        ) : null;
      case 'destination':
        return batch ? (
          <DestinationStep
            batch={batch}
            recent={setup.recentClientFolders}
            text={choices.folderText}
            onText={(folderText) => choose({ folderText })}
            folder={choices.folder}
            onFolder={(folder) => choose({ folder })}
            onBack={() => go({ step: 'review' })}
            onDeliver={deliver}
            busy={busy}
            error={acting.error}
          />
        ) : null;
      case 'running':
        return (
          <RunningStep
            key={view.info.jobId}
            info={view.info}
            onFinished={(p) => finished(p, view.info.client)}
            onLeave={again}
          />
        );
      case 'done':
        return (
          <DoneStep
            progress={view.progress}
            whileClosed={view.whileClosed}
            client={view.client}
            onAgain={again}
            onRecover={() => open('open Resume failed exports', 'showResumeFailedExports')}
            onReport={report}
            onClose={closeSidebar}
            busy={busy}
            error={acting.error}
          />
        );
    }
  };

  const othersRunning =
    view.step === 'running'
      ? (setup?.runningJobs.filter((j) => j.jobId !== view.info.jobId).length ?? 0)
      : 0;
  return (
    <div>
      {notice ? <Notice>{notice}</Notice> : null}
      {othersRunning > 0 ? (
        <Notice>
          {othersRunning === 1
            ? 'Another delivery is running too.'
            : `${othersRunning} other deliveries are running too.`}
        </Notice>
      ) : null}
      <ErrorMessage text={opening.error} />
      {opening.error ? (
        <button type="button" disabled={busy} onClick={() => load(!setup)}>
          Try again
        </button>
      ) : null}
      {!setup && opening.busy ? <Loading what="Looking for staged exports" /> : null}
      {step()}
    </div>
  );
}

interface Start {
  view: View;
  batchId: string | null;
  notice: string | null;
}

/**
 * Where the wizard opens: the delivery this browser follows (or any running one); otherwise how
 * the last one ended, once; otherwise the export it was opened for, or the list.
 */
async function whereToStart(setup: DeliveryWizardSetup, asked: string | null): Promise<Start> {
  const mine = rememberedJob(WIZARD);
  const jobs = setup.runningJobs;
  const running =
    jobs.find((j) => j.batchId === asked) ??
    jobs.find((j) => j.jobId === mine) ??
    (asked ? undefined : jobs[jobs.length - 1]);
  if (running) {
    rememberJob(WIZARD, running.jobId);
    const info: RunningInfo = {
      jobId: running.jobId,
      batchId: running.batchId,
      first: running,
      reopened: true,
      client: null,
      deliveryFolderUrl: null,
      leftOut: [],
    };
    return { view: { step: 'running', info }, batchId: running.batchId, notice: null };
  }
  if (mine && !asked) {
    forgetJob(WIZARD);
    try {
      const progress = await call('getJobProgress', mine);
      if (progress.finished) {
        return {
          view: { step: 'done', progress, whileClosed: true, client: null },
          batchId: progress.batchId,
          notice: null,
        };
      }
    } catch {
      // Its summary is no longer kept (after 6 hours): start afresh.
    }
  }
  if (!asked) return { view: { step: 'pick' }, batchId: null, notice: null };
  const found = setup.exports.find((b) => b.batchId === asked && b.running === null);
  if (found) return { view: { step: 'review' }, batchId: asked, notice: null };
  return {
    view: { step: 'pick' },
    batchId: null,
    notice: `Export batch ${asked} has no staged tasks ready to deliver now. Choose a staged export below.`,
  };
}

render(<DeliveryWizard />, document.getElementById('app') as HTMLElement);
