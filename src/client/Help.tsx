import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { HelpInfo } from '../shared/rpc';
import { ExternalLink } from './components/layout';
import { call, closeSidebar } from './rpc';

function HelpPage() {
  const [info, setInfo] = useState<HelpInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call('getHelpInfo').then(setInfo, (e: Error) => setError(e.message));
  }, []);

  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (!info) return <p class="secondary">Loading…</p>;
  return (
    <div>
      {info.phases.map((phase) => (
        <section key={phase.title}>
          <h2>{phase.title}</h2>
          <p>{phase.summary}</p>
        </section>
      ))}
      <h2>Export statuses</h2>
      <dl aria-label="Export statuses">
        {info.statuses.map((s) => (
          <div key={s.words}>
            <dt>{s.words}</dt>
            <dd>
              {s.means}{' '}
              <span class="secondary">
                {s.inSheet ? `In the sheet: “${s.inSheet}”.` : 'In the sheet: an empty cell.'}
              </span>
            </dd>
          </div>
        ))}
      </dl>
      <h2>File rules</h2>
      <p>Most staging failures break one of these:</p>
      <ul aria-label="File rules">
        {info.fileRules.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
      <h2>When something fails</h2>
      <dl aria-label="When something fails">
        {info.whenFails.map((f) => (
          <div key={f.what}>
            <dt>{f.what}</dt>
            <dd>{f.todo}</dd>
          </div>
        ))}
      </dl>
      <h2>Menu: Production Tracker › Tools</h2>
      <dl>
        {info.menuItems.map((item) => (
          <div key={item.caption}>
            <dt>{item.caption}</dt>
            <dd>{item.what}</dd>
          </div>
        ))}
      </dl>
      <h2>Staging folder</h2>
      {info.stagingFolder.configured ? (
        <p>
          <ExternalLink href={info.stagingFolder.url ?? null}>
            {info.stagingFolder.name}
          </ExternalLink>
        </p>
      ) : (
        <p class="secondary">Not set yet: use Tools › Configure staging folder.</p>
      )}
      <div class="block">
        <button onClick={closeSidebar}>Close</button>
      </div>
      <p class="secondary">
        {info.addonName} {info.version}
      </p>
    </div>
  );
}

render(<HelpPage />, document.getElementById('app') as HTMLElement);
