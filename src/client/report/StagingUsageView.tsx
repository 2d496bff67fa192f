import type { StagingUsage } from '../../shared/rpc';
import { ExternalLink } from '../components/layout';
import { Warning } from '../components/messages';
import { bytes, plural } from '../format';

/** How much the staging folder holds (PLAN 6.1). */
export function StagingUsageView({ usage }: { usage: StagingUsage }) {
  if (!usage.configured) {
    return <p class="secondary">No staging folder is set yet: use Configure staging folder.</p>;
  }
  return (
    <div>
      {usage.folder ? (
        <p>
          <ExternalLink href={usage.folder.url}>{usage.folder.name}</ExternalLink>
        </p>
      ) : null}
      {usage.error ? (
        <Warning>
          <p>{usage.error}</p>
        </Warning>
      ) : null}
      {usage.folder ? (
        <div class="figures">
          <span>
            <strong>{usage.folders}</strong> {usage.folders === 1 ? 'folder' : 'folders'}
          </span>
          <span>
            <strong>{usage.files}</strong> {usage.files === 1 ? 'file' : 'files'}
          </span>
          <span>
            <strong>{bytes(usage.bytes)}</strong>
          </span>
        </div>
      ) : null}
      {!usage.complete && !usage.error ? (
        <p class="hint">Counting stopped before the end: at least {plural(usage.files, 'file')}.</p>
      ) : null}
    </div>
  );
}
