import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ExportFilters, JobProgress, StagingPreview, StagingWizardSetup } from '../shared/rpc';
import { ErrorMessage, Loading, Notice } from './components/messages';
import { useAction } from './hooks';
import { forgetJob, rememberJob, rememberedJob } from './job-memory';
import { call, closeSidebar, pageOptions } from './rpc';
import { DoneStep } from './staging/DoneStep';
import { FiltersStep } from './staging/FiltersStep';
import { EMPTY_FORM, FilterForm } from './staging/form';
import { LegacyNotice } from './staging/LegacyNotice';
import { PreviewStep } from './staging/PreviewStep';
import { RunningStep } from './staging/RunningStep';

const WIZARD = 'staging';

type View =
  | { step: 'filters' }
  | { step: 'preview'; filters: ExportFilters; preview: StagingPreview }
  | {
      step: 'running';
      jobId: string;
      batchId: string;
      first: JobProgress | null;
      reopened: boolean;
    }
  | { step: 'done'; progress: JobProgress; whileClosed: boolean };

/**
 * The staging wizard (PLAN 2.3): filters, preview, execution, completion. What was entered lives
 * here, above the steps, so going back or a failed call never loses it.
 */
function StagingWizard() {
  const opening = useAction();
  const acting = useAction();
  const [setup, setSetup] = useState<StagingWizardSetup | null>(null);
  const [form, setForm] = useState<FilterForm>(EMPTY_FORM);
  const [view, setView] = useState<View>({ step: 'filters' });
  const [legacy, setLegacy] = useState(pageOptions().notice === 'legacyExportWizard');
  const [othersRunning, setOthersRunning] = useState(0);

  const open = () =>
    void opening.run('open the staging wizard', async () => {
      const found = await call('getStagingWizardSetup');
      setSetup(found);
      setView(await whereToStart(found));
      setOthersRunning(Math.max(0, found.runningJobs.length - 1));
    });
  useEffect(open, []);

  const go = (next: View) => {
    acting.clearError();
    setView(next);
  };

  const previewTasks = (filters: ExportFilters) =>
    void acting.run('find the tasks', async () => {
      const preview = await call('getTasksForStaging', filters);
      setView({ step: 'preview', filters, preview });
    });

  const start = (
    filters: ExportFilters,
    preview: StagingPreview,
    taskIds: string[],
    failing: string[],
  ) =>
    void acting.run('start staging', async () => {
      const started = await call('executeStagingWizard', {
        filters,
        taskIds,
        failing,
        bytes: preview.totalBytes,
        batchId: preview.batchId,
      });
      rememberJob(WIZARD, started.jobId);
      setView({
        step: 'running',
        jobId: started.jobId,
        batchId: started.batchId,
        first: null,
        reopened: false,
      });
    });

  const finished = (progress: JobProgress) => {
    forgetJob(WIZARD);
    go({ step: 'done', progress, whileClosed: false });
  };

  const again = () => {
    go({ step: 'filters' });
    // Tasks changed status: the filter choices and the staging folder are read again.
    void opening.run('open the staging wizard', async () => {
      setSetup(await call('getStagingWizardSetup'));
    });
  };

  // The delivery wizard replaces this sidebar, opened on the batch just staged.
  const deliver = (batchId: string) =>
    void acting.run('open the delivery wizard', () => call('showDeliveryWizardForBatch', batchId));
  const configure = () =>
    void acting.run('open the staging folder settings', () =>
      call('configureStagingFolderFromWizard'),
    );

  const busy = acting.busy !== null || opening.busy !== null;
  return (
    <div>
      {legacy ? <LegacyNotice onDismiss={() => setLegacy(false)} /> : null}
      {othersRunning > 0 && view.step === 'running' ? (
        <Notice>
          {othersRunning === 1
            ? 'Another staging job is running too.'
            : `${othersRunning} other staging jobs are running too.`}
        </Notice>
      ) : null}
      <ErrorMessage text={opening.error} />
      {opening.error ? (
        <button type="button" disabled={busy} onClick={open}>
          Try again
        </button>
      ) : null}
      {!setup && opening.busy ? <Loading what="Reading the sheet" /> : null}
      {setup ? (
        <Step
          view={view}
          setup={setup}
          form={form}
          setForm={setForm}
          busy={busy}
          error={acting.error}
          actions={{ previewTasks, start, finished, again, deliver, configure, go }}
        />
      ) : null}
    </div>
  );
}

interface Actions {
  previewTasks(filters: ExportFilters): void;
  start(
    filters: ExportFilters,
    preview: StagingPreview,
    taskIds: string[],
    failing: string[],
  ): void;
  finished(progress: JobProgress): void;
  again(): void;
  deliver(batchId: string): void;
  configure(): void;
  go(view: View): void;
}

function Step({
  view,
  setup,
  form,
  setForm,
  busy,
  error,
  actions,
}: {
  view: View;
  setup: StagingWizardSetup;
  form: FilterForm;
  setForm(form: FilterForm): void;
  busy: boolean;
  error: string | null;
  actions: Actions;
}) {
  switch (view.step) {
    case 'filters':
      return (
        <FiltersStep
          setup={setup}
          form={form}
          onChange={setForm}
          onPreview={actions.previewTasks}
          onConfigure={actions.configure}
          busy={busy}
          error={error}
        />
      );
    case 'preview':
      return (
        <PreviewStep
          preview={view.preview}
          overrides={setup.overrides}
          onBack={() => actions.go({ step: 'filters' })}
          onStart={(taskIds, failing) =>
            actions.start(view.filters, view.preview, taskIds, failing)
          }
          onTurnOn={(flag) => {
            // Kept in the form too, so that Back shows it turned on.
            if (!form.overrides.includes(flag)) {
              setForm({ ...form, overrides: [...form.overrides, flag] });
            }
            actions.previewTasks({ ...view.filters, [flag]: true });
          }}
          busy={busy}
          error={error}
        />
      );
    case 'running':
      return (
        <RunningStep
          key={view.jobId}
          jobId={view.jobId}
          batchId={view.batchId}
          first={view.first}
          reopened={view.reopened}
          onFinished={actions.finished}
          onLeave={actions.again}
        />
      );
    case 'done':
      return (
        <DoneStep
          progress={view.progress}
          whileClosed={view.whileClosed}
          onDeliver={() => actions.deliver(view.progress.batchId)}
          onAgain={actions.again}
          onClose={closeSidebar}
          busy={busy}
          error={error}
        />
      );
  }
}

/**
 * A wizard opened while a staging job runs shows that job (the one this browser started if it is
 * among them); one opened after such a job ended shows how it ended, once.
 */
async function whereToStart(setup: StagingWizardSetup): Promise<View> {
  const mine = rememberedJob(WIZARD);
  const running =
    setup.runningJobs.find((j) => j.jobId === mine) ??
    setup.runningJobs[setup.runningJobs.length - 1];
  if (running) {
    rememberJob(WIZARD, running.jobId);
    return {
      step: 'running',
      jobId: running.jobId,
      batchId: running.batchId,
      first: running,
      reopened: true,
    };
  }
  if (!mine) return { step: 'filters' };
  forgetJob(WIZARD);
  try {
    const progress = await call('getJobProgress', mine);
    if (progress.finished) return { step: 'done', progress, whileClosed: true };
  } catch {
    // Its summary is no longer kept (after 6 hours): start afresh.
  }
  return { step: 'filters' };
}

render(<StagingWizard />, document.getElementById('app') as HTMLElement);
