import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FolderRef, StagingConfiguration } from '../shared/rpc';
import { FolderPicker } from './components/FolderPicker';
import { Buttons, ExternalLink } from './components/layout';
import { ErrorMessage, Loading, Success, Warning } from './components/messages';
import { useAction } from './hooks';
import { call, closeSidebar } from './rpc';

/** Configure staging folder (PLAN 1.2): the folder now, and choosing another. */
function StagingFolderPage() {
  const loading = useAction();
  const saving = useAction();
  const [config, setConfig] = useState<StagingConfiguration | null>(null);
  const [saved, setSaved] = useState<FolderRef | null>(null);

  const load = () =>
    void loading.run('read the staging folder setting', async () => {
      setConfig(await call('getStagingConfiguration'));
    });
  useEffect(load, []);

  const choose = (linkOrId: string) =>
    void saving.run('save the staging folder', async () => {
      const folder = await call('saveStagingFolder', linkOrId);
      setSaved(folder);
      setConfig({ folder, error: null });
    });

  const busy = saving.busy !== null;
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
      {saved ? (
        <Success>
          <p>
            Saved. Exports will be staged in{' '}
            <ExternalLink href={saved.url}>{saved.name}</ExternalLink>.
          </p>
        </Success>
      ) : config ? (
        <CurrentFolder config={config} />
      ) : null}
      <h2>{config?.folder ? 'Choose another folder' : 'Choose the folder'}</h2>
      <FolderPicker what="staging folder" busy={busy} onChoose={choose} />
      <ErrorMessage text={saving.error} />
      {saving.busy ? <Loading what="Checking the folder" /> : null}
      <Buttons>
        <button type="button" disabled={busy} onClick={closeSidebar}>
          Close
        </button>
      </Buttons>
    </div>
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
  return (
    <Warning>
      <p>{config.error}</p>
    </Warning>
  );
}

render(<StagingFolderPage />, document.getElementById('app') as HTMLElement);
