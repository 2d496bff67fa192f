import { render } from 'preact';
import { useState } from 'preact/hooks';
import type { SetupCheckLine, SetupReport } from '../shared/rpc';
import { ErrorMessage, Loading } from './components/messages';
import { Buttons } from './components/layout';
import { when } from './format';
import { useAction } from './hooks';
import { call, closeSidebar } from './rpc';

const LABELS: Record<SetupCheckLine['status'], string> = {
  ok: 'OK',
  warning: 'Warning',
  failed: 'Failed',
};

/** The verdict on top: what the lines below add up to. */
function Summary({ lines }: { lines: SetupCheckLine[] }) {
  const failed = lines.filter((l) => l.status === 'failed').length;
  const warnings = lines.filter((l) => l.status === 'warning').length;
  if (failed > 0) {
    return (
      <div class="message error" role="alert">
        {failed === 1 ? 'One check failed' : `${failed} checks failed`}: exports may not work until
        it is fixed. See what to do under each failed line.
      </div>
    );
  }
  if (warnings > 0) {
    return (
      <div class="message warning" role="note">
        Exports can run. {warnings === 1 ? 'One line needs' : `${warnings} lines need`} a look.
      </div>
    );
  }
  return (
    <div class="message success" role="status">
      Everything the exports need works on your account.
    </div>
  );
}

function CheckLine({ line }: { line: SetupCheckLine }) {
  return (
    <li class={`setup-line ${line.status}`} data-check={line.id}>
      <div class="setup-head">
        <span class={`tag ${line.status}`}>{LABELS[line.status]}</span>{' '}
        <strong>{line.title}</strong>
      </div>
      <p>{line.found}</p>
      {line.todo ? (
        <p class="todo">
          <strong>What to do:</strong> {line.todo}
        </p>
      ) : null}
    </li>
  );
}

/** Check setup: the platform behaviours the add-on relies on, proved on this account. */
function CheckSetupPage() {
  const checking = useAction();
  const [report, setReport] = useState<SetupReport | null>(null);
  const check = () =>
    void checking.run('check the setup', async () => {
      setReport(await call('runSetupCheck'));
    });
  // No check on opening: the check makes a test folder in Drive, only once the person asks.
  const busy = checking.busy !== null;
  return (
    <div>
      <h1>Check setup</h1>
      <p class="secondary">
        Checks, on your own Google account and staging folder, that Google allows everything the
        exports rely on. It makes a small test folder in staging and puts it in the trash again.
      </p>
      {!report && !busy && !checking.error ? (
        <p>It takes a few seconds. Nothing is made in your Drive until you run it.</p>
      ) : null}
      <ErrorMessage text={checking.error} />
      {busy ? <Loading what="Checking (this takes a few seconds)" /> : null}
      {report && !busy ? (
        <div>
          <Summary lines={report.lines} />
          <ul class="plain setup-lines">
            {report.lines.map((l) => (
              <CheckLine key={l.id} line={l} />
            ))}
          </ul>
          <p class="secondary">
            Checked {when(report.checkedAt)}, in {Math.max(1, Math.round(report.tookMs / 1000))} s.
          </p>
        </div>
      ) : null}
      <Buttons>
        <button type="button" class="action" disabled={busy} onClick={check}>
          {report ? 'Check again' : 'Run the check'}
        </button>
        <button type="button" disabled={busy} onClick={closeSidebar}>
          Close
        </button>
      </Buttons>
    </div>
  );
}

render(<CheckSetupPage />, document.getElementById('app') as HTMLElement);
