import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { EmailSetting, FolderRef, StagingConfiguration } from '../shared/rpc';
import { FolderPicker } from './components/FolderPicker';
import { Buttons, ExternalLink } from './components/layout';
import { ErrorMessage, InView, Loading, Success, Warning } from './components/messages';
import { useAction } from './hooks';
import { call, closeSidebar, pageOptions } from './rpc';

/**
 * Configure staging folder (PLAN 1.2): the folder now, and choosing another; and each person's
 * own choice of emails about the exports they start. Opened from the staging wizard, it replaced
 * the wizard's sidebar, so it leads back to it.
 */
function StagingFolderPage() {
  const loading = useAction();
  const saving = useAction();
  const [config, setConfig] = useState<StagingConfiguration | null>(null);
  const [saved, setSaved] = useState<FolderRef | null>(null);
  const fromWizard = pageOptions().from === 'stagingWizard';
  const leaving = useAction();

  const load = () =>
    void loading.run('read the staging folder setting', async () => {
      setConfig(await call('getStagingConfiguration'));
    });
  useEffect(load, []);

  const choose = (linkOrId: string) =>
    void saving.run('save the staging folder', async () => {
      const folder = await call('saveStagingFolder', linkOrId);
      setSaved(folder);
      setConfig({ folder, error: null, unset: false });
    });
  const forget = () => {
    setSaved(null);
    saving.clearError();
  };
  const backToWizard = () =>
    void leaving.run('open the staging wizard', () => call('showStagingWizard'));

  const busy = saving.busy !== null || leaving.busy !== null;
  const answer = saving.busy ? (
    <InView shows="checking">
      <Loading what="Checking the folder" />
    </InView>
  ) : saving.error ? (
    <InView shows={saving.error}>
      <ErrorMessage text={saving.error} />
    </InView>
  ) : saved ? (
    <InView shows={saved.id}>
      <Success>
        <p>
          Saved. Exports will be staged in{' '}
          <ExternalLink href={saved.url}>{saved.name}</ExternalLink>.
        </p>
      </Success>
    </InView>
  ) : null;
  return (
    <div>
      <h1>Staging folder</h1>
      <p>
        Exports are first copied into this internal Drive folder, where they can be reviewed before
        anything is delivered to a client.
      </p>
      <ErrorMessage text={loading.error} />
      {loading.error ? (
        <button type="button" disabled={loading.busy !== null} onClick={load}>
          Try again
        </button>
      ) : null}
      {loading.busy ? <Loading what="Reading the setting" /> : null}
      {config ? <CurrentFolder config={config} /> : null}
      <h2>{config?.folder ? 'Choose another folder' : 'Choose the folder'}</h2>
      <FolderPicker
        what="staging folder"
        busy={busy}
        onChoose={choose}
        result={answer}
        onMove={forget}
      />
      <EmailChoice />
      <ErrorMessage text={leaving.error} />
      <Buttons>
        <button type="button" disabled={busy} onClick={closeSidebar}>
          Close
        </button>
        {fromWizard ? (
          <button
            type="button"
            class="action"
            disabled={busy || !config?.folder}
            onClick={backToWizard}
          >
            Continue to staging
          </button>
        ) : null}
      </Buttons>
    </div>
  );
}

/** Saved as soon as it is ticked or unticked; it is the person's own, not the team's. */
function EmailChoice() {
  const loading = useAction();
  const saving = useAction();
  const [setting, setSetting] = useState<EmailSetting | null>(null);
  /** The choice as last saved, said once the server has it (a tick alone does not say so). */
  const [saved, setSaved] = useState<boolean | null>(null);
  const load = () =>
    void loading.run('read your email setting', async () => {
      setSetting(await call('getEmailSetting'));
    });
  useEffect(load, []);
  // The box shows the choice at once; if it cannot be saved, it shows the saved one again.
  const change = (wanted: boolean) => {
    const before = setting;
    if (before) setSetting({ ...before, wanted });
    setSaved(null);
    void saving
      .run('save your email setting', async () => {
        const now = await call('saveEmailSetting', wanted);
        setSetting(now);
        setSaved(now.wanted);
        return true;
      })
      .then((saved) => {
        if (!saved) setSetting(before);
      });
  };
  return (
    <section aria-labelledby="emails-heading">
      <h2 id="emails-heading">Emails</h2>
      <ErrorMessage text={loading.error} />
      {loading.busy ? <Loading what="Reading your email setting" /> : null}
      {setting ? (
        <>
          <label class="check">
            <input
              type="checkbox"
              checked={setting.wanted}
              disabled={saving.busy !== null}
              onChange={(e) => change((e.currentTarget as HTMLInputElement).checked)}
            />
            <span>Email me when an export I started finishes, pauses or needs attention</span>
          </label>
          <p class="secondary">
            {!setting.address
              ? 'Google does not tell the add-on your email address, so no email can be sent to you.'
              : setting.wanted
                ? `Sent to ${setting.address}, only while the export’s page is closed. Applies to exports you start from now on.`
                : 'Applies to exports you start from now on.'}
          </p>
          {saved !== null ? (
            <p role="status" class="secondary">
              {saved ? 'Saved: you will get these emails.' : 'Saved: no more of these emails.'}
            </p>
          ) : null}
        </>
      ) : null}
      <ErrorMessage text={saving.error} />
    </section>
  );
}

function CurrentFolder({ config }: { config: StagingConfiguration }) {
  if (config.folder) {
    return (
      <p>
        Now: <ExternalLink href={config.folder.url}>{config.folder.name}</ExternalLink>
      </p>
    );
  }
  // Unset, the server's message sends the person to this very page; here it is said plainly.
  return (
    <Warning>
      <p>
        {config.unset ? 'No staging folder is set yet. Choose the folder below.' : config.error}
      </p>
    </Warning>
  );
}

render(<StagingFolderPage />, document.getElementById('app') as HTMLElement);
