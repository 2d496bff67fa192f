import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { BrowsedFolder, DrivePlace, FolderListing } from '../../shared/rpc';
import { useAction } from '../hooks';
import { call } from '../rpc';
import { ErrorMessage, Loading } from './messages';

const PLACES: Array<{ place: DrivePlace; label: string }> = [
  { place: 'myDrive', label: 'My Drive' },
  { place: 'sharedWithMe', label: 'Shared with me' },
  { place: 'sharedDrives', label: 'Shared drives' },
];

/**
 * Browses Drive folder by folder, from My Drive, from what others shared with the user or from
 * their shared drives; the folders come from the server one page at a time. A folder the user
 * cannot add files to can be opened but not chosen; "Shared with me" and "Shared drives" are
 * not folders, so nothing is chosen there. The answer to "Choose this folder" shows just below it.
 */
export function FolderBrowser({
  what,
  disabled,
  onChoose,
  result = null,
  onMove,
}: {
  /** The folder being chosen, e.g. "staging folder". */
  what: string;
  disabled: boolean;
  onChoose(folder: BrowsedFolder): void;
  /** The answer to the last "Choose this folder", from the page. */
  result?: ComponentChildren;
  /** The person opened another folder or place: the last answer no longer applies. */
  onMove?(): void;
}) {
  const listing = useAction();
  const [place, setPlace] = useState<DrivePlace>('myDrive');
  const [trail, setTrail] = useState<BrowsedFolder[]>([]);
  const [page, setPage] = useState<FolderListing | null>(null);

  /** A folder, or the top of `where` when `folderId` is null. */
  const open = async (folderId: string | null, trailBefore: BrowsedFolder[], where = place) => {
    onMove?.();
    const answer = await listing.run('open the folder', () =>
      call('listDriveFolders', folderId, null, where),
    );
    if (!answer) return;
    setPlace(where);
    setTrail([...trailBefore, answer.folder]);
    setPage(answer);
  };

  const more = async () => {
    if (!page?.nextPageToken) return;
    const folderId = page.place ? null : page.folder.id;
    const next = await listing.run('list more folders', () =>
      call('listDriveFolders', folderId, page.nextPageToken, place),
    );
    if (next) setPage({ ...next, folders: [...page.folders, ...next.folders] });
  };

  useEffect(() => {
    void open(null, [], 'myDrive');
  }, []);

  const locked = disabled || listing.busy !== null;
  const current = page && !page.place ? page.folder : null;
  const crumbTarget = (folder: BrowsedFolder, i: number) =>
    // The first crumb of Shared with me and Shared drives is the place, not a folder.
    void open(i === 0 ? (place === 'myDrive' ? folder.id : null) : folder.id, trail.slice(0, i));
  return (
    <div class="browser">
      <div class="places" role="tablist" aria-label="Where to look">
        {PLACES.map((p) => (
          <button
            key={p.place}
            type="button"
            role="tab"
            aria-selected={p.place === place}
            class={p.place === place ? 'place selected' : 'place'}
            disabled={locked}
            onClick={() => void open(null, [], p.place)}
          >
            {p.label}
          </button>
        ))}
      </div>
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
                onClick={() => crumbTarget(folder, i)}
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
      {result}
      {page?.place ? (
        <p class="hint">
          {page.place === 'sharedDrives'
            ? 'Open a shared drive, then choose a folder in it.'
            : 'Open a folder someone shared with you to choose it or a folder in it.'}
        </p>
      ) : null}
      {listing.busy && !page ? <Loading what="Opening My Drive" /> : null}
      {page ? (
        <div class="folder-list" role="list" aria-label={`Folders in ${page.folder.name}`}>
          {page.folders.length === 0 ? (
            <p class="empty secondary">
              {page.place === 'sharedDrives'
                ? 'You are not a member of any shared drive.'
                : page.place === 'sharedWithMe'
                  ? 'No folders are shared with you.'
                  : 'No folders in here.'}
            </p>
          ) : null}
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
