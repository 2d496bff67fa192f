import { extractFolderId } from '../drive/links';
import { readFileMeta, unanswered } from '../drive/drive-reads';

/** Script property holding the id of the internal staging folder (PLAN 1.2). */
export const STAGING_FOLDER_PROPERTY = 'STAGING_FOLDER_ID';

const FOLDER_MIME = 'application/vnd.google-apps.folder';

/** A folder setting that cannot be used; the message says why in plain words. */
export class FolderSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderSettingError';
  }
}

export interface FolderInfo {
  id: string;
  name: string;
  url: string;
}

/**
 * `named`: how the messages name a folder Drive cannot find, e.g. "the client folder you chose":
 * the id means nothing to the person, and it may be what they pasted.
 *
 * Checks that a folder exists, is not in the trash and that the current user may add files to it,
 * by asking Drive for its capabilities (never by writing into it). Drive busy or failing after the
 * read's tries is a DriveUnansweredError, not a FolderSettingError: it says nothing about the
 * folder, so no caller may take it for a bad folder.
 */
export function checkWritableFolder(
  id: string,
  what: string,
  named = `the ${what} you chose`,
): FolderInfo {
  const read = readFileMeta(
    id,
    'id,name,mimeType,trashed,webViewLink,capabilities(canAddChildren)',
  );
  if (read.kind === 'notFound') {
    throw new FolderSettingError(
      `${capitalised(named)} does not exist or is not shared with you. Check the link or ask its owner to share it.`,
    );
  }
  if (read.kind !== 'ok' || !read.body) throw unanswered(read, `the ${what} (${id})`);
  const meta = read.body;
  if (meta.mimeType !== FOLDER_MIME) {
    throw new FolderSettingError(
      `"${meta.name}" is a file, not a folder. Choose the folder to use as the ${what}.`,
    );
  }
  if (meta.trashed) {
    throw new FolderSettingError(
      `The ${what} "${meta.name}" is in the trash. Restore it or choose another.`,
    );
  }
  if (!meta.capabilities?.canAddChildren) {
    throw new FolderSettingError(
      `You cannot add files to the ${what} "${meta.name}". Ask its owner for edit access or choose another folder.`,
    );
  }
  return { id: meta.id, name: meta.name, url: meta.webViewLink ?? folderUrl(meta.id) };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function folderUrl(id: string): string {
  return `https://drive.google.com/drive/folders/${id}`;
}

export function getStagingFolderId(): string | null {
  return PropertiesService.getScriptProperties().getProperty(STAGING_FOLDER_PROPERTY);
}

/** The configured staging folder, checked now; a clear error when unset, deleted or read-only. */
export function requireStagingFolder(): FolderInfo {
  const id = getStagingFolderId();
  if (!id) {
    throw new FolderSettingError(
      'No staging folder is set yet. Use Production Tracker › Tools › Configure staging folder first.',
    );
  }
  return checkWritableFolder(id, 'staging folder', 'the staging folder set for this spreadsheet');
}

/** Saves the staging folder after checking it; returns what the confirmation shows. */
export function saveStagingFolder(linkOrId: string): FolderInfo {
  const text = String(linkOrId ?? '').trim();
  if (!text) {
    throw new FolderSettingError("Paste the staging folder's link, or browse to the folder.");
  }
  const parsed = extractFolderId(text);
  if (!parsed.ok) throw new FolderSettingError(parsed.reason);
  const folder = checkWritableFolder(parsed.id, 'staging folder');
  PropertiesService.getScriptProperties().setProperty(STAGING_FOLDER_PROPERTY, folder.id);
  return folder;
}
