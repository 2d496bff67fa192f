import { useEffect, useState } from 'preact/hooks';
import type { BrowsedFolder, FolderListing } from '../../shared/rpc';
import { useAction } from '../hooks';
import { call } from '../rpc';
import { ErrorMessage, Loading } from './messages';

/**
 * Browses the user's Drive folder by folder, starting at My Drive; the folders come from the
 * server one page at a time. A folder the user cannot add files to can be opened but not chosen.
 */
export function FolderBrowser({
  what,
  disabled,
  onChoose,
}: {
  /** The folder being chosen, e.g. "staging folder". */
  what: string;
  disabled: boolean;
  onChoose(folder: BrowsedFolder): void;
}) {
  const listing = useAction();
  const [trail, setTrail] = useState<BrowsedFolder[]>([]);
  const [page, setPage] = useState<FolderListing | null>(null);

  const open = async (folderId: string | null, trailBefore: BrowsedFolder[]) => {
    const answer = await listing.run('open the folder', () =>
      call('listDriveFolders', folderId, null),
    );
    if (!answer) return;
    setTrail([...trailBefore, answer.folder]);
    setPage(answer);
  };

  const more = async () => {
    if (!page?.nextPageToken) return;
    const next = await listing.run('list more folders', () =>
      call('listDriveFolders', page.folder.id, page.nextPageToken),
    );
    if (next) setPage({ ...next, folders: [...page.folders, ...next.folders] });
  };

  useEffect(() => {
    void open(null, []);
  }, []);

  const locked = disabled || listing.busy !== null;
  const current = page?.folder;
  return (
    <div class="browser">
      <nav class="crumbs" aria-label="Folder path">
        {trail.map((folder, i) =>
          i === trail.length - 1 ? (
            <strong key={folder.id}>{folder.name}</strong>
          ) : (
            <span key={folder.id}>
              <button
                type="button"
                class="link"
                disabled={locked}
                onClick={() => void open(folder.id, trail.slice(0, i))}
              >
                {folder.name}
              </button>{' '}
              ›
            </span>
          ),
        )}
      </nav>
      <ErrorMessage text={listing.error} />
      {current ? (
        <div>
          <button
            type="button"
            class="action"
            disabled={locked || !current.canAddChildren}
            onClick={() => onChoose(current)}
          >
            Choose this folder
          </button>
          {current.canAddChildren ? null : (
            <p class="hint">
              You cannot add files to “{current.name}”, so it cannot be the {what}. Open another
              folder, or ask its owner for edit access.
            </p>
          )}
        </div>
      ) : null}
      {listing.busy && !page ? <Loading what="Opening My Drive" /> : null}
      {page ? (
        <div class="folder-list" role="list" aria-label={`Folders in ${page.folder.name}`}>
          {page.folders.length === 0 ? <p class="empty secondary">No folders in here.</p> : null}
          {page.folders.map((folder) => (
            <div role="listitem" key={folder.id}>
              <button
                type="button"
                class="link"
                disabled={locked}
                onClick={() => void open(folder.id, trail)}
              >
                {folder.name}
                {folder.canAddChildren ? '' : ' (view only)'}
              </button>
            </div>
          ))}
        </div>
      ) : null}
      {page?.nextPageToken ? (
        <button type="button" disabled={locked} onClick={() => void more()}>
          Show more folders
        </button>
      ) : null}
      {listing.busy && page ? <Loading what="Listing folders" /> : null}
    </div>
  );
}
