import { useState } from 'preact/hooks';
import type { CheckedFolder, RecentClientFolder, StagedExport } from '../../shared/rpc';
import { FolderPicker } from '../components/FolderPicker';
import { Buttons, ExternalLink, StepHeader } from '../components/layout';
import { ErrorMessage, InView, Loading, Success } from '../components/messages';
import { plural } from '../format';
import { useAction } from '../hooks';
import { call } from '../rpc';

/**
 * Step 3: the client's folder, pasted, browsed (My Drive, Shared with me, Shared drives) or picked
 * from the recent ones, checked by the server before anything is written (it takes new files, is
 * not My Drive itself, lies outside staging and holds no source files) (PLAN 3.2); its full path
 * and who can see it are shown before delivering.
 */
export function DestinationStep({
  batch,
  recent,
  text,
  onText,
  folder,
  onFolder,
  onBack,
  onDeliver,
  busy,
  error,
}: {
  batch: StagedExport;
  recent: RecentClientFolder[];
  text: string;
  onText(text: string): void;
  /** The folder chosen and found usable, kept by the wizard. */
  folder: CheckedFolder | null;
  onFolder(folder: CheckedFolder | null): void;
  onBack(): void;
  onDeliver(): void;
  busy: boolean;
  error: string | null;
}) {
  const checking = useAction();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [changing, setChanging] = useState(folder === null);

  const check = (linkOrId: string) =>
    void checking.run('check the client folder', async () => {
      setRefusal(null);
      const answer = await call('checkClientFolder', linkOrId, batch.batchId);
      if (answer.ok && answer.folder) {
        onFolder(answer.folder);
        setChanging(false);
      } else {
        setRefusal(answer.error ?? 'This folder cannot take the delivery. Choose another.');
      }
    });

  const locked = busy || checking.busy !== null;
  const refused = refusal ?? checking.error;
  const forget = () => {
    setRefusal(null);
    checking.clearError();
  };
  const answer = checking.busy ? (
    <InView shows="checking">
      <Loading what="Checking the folder" />
    </InView>
  ) : refused ? (
    <InView shows={refused}>
      <ErrorMessage text={refused} />
    </InView>
  ) : null;
  return (
    <div>
      <StepHeader step={3} of={5} title="Choose the client folder" />
      <p>
        The {plural(batch.taskCount, 'task folder')} of export batch{' '}
        <strong>{batch.batchId}</strong> go into a new folder “{batch.batchId}” inside the client's
        folder.
      </p>
      {folder && !changing ? (
        <Success>
          <p>
            Deliver to <ExternalLink href={folder.url}>{folder.name}</ExternalLink>
          </p>
          <p class="destination" aria-label="Full path">
            {[...folder.path, batch.batchId].join(' › ')}
          </p>
          <p class="secondary">Who can see it: {folder.access}</p>
          <button type="button" class="link" disabled={locked} onClick={() => setChanging(true)}>
            Choose another folder
          </button>
        </Success>
      ) : (
        <FolderPicker
          what="client folder"
          busy={locked}
          onChoose={check}
          recent={recent}
          text={text}
          onText={onText}
          result={answer}
          onMove={forget}
        />
      )}
      {folder && changing ? (
        <button
          type="button"
          class="link"
          disabled={locked}
          onClick={() => {
            forget();
            setChanging(false);
          }}
        >
          Keep “{folder.name}”
        </button>
      ) : null}
      <ErrorMessage text={error} />
      <Buttons>
        <button type="button" disabled={locked} onClick={onBack}>
          Back
        </button>
        <button
          type="button"
          class="action"
          disabled={locked || !folder || changing}
          onClick={onDeliver}
        >
          {busy ? 'Starting…' : `Deliver ${plural(batch.taskCount, 'task')}`}
        </button>
      </Buttons>
    </div>
  );
}
