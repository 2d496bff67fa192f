/** The Configure staging folder page (and the folder browser the delivery wizard shares). */
import type { DrivePlace, FolderListing, FolderRef } from '../shared/rpc';
import * as settings from '../config/settings';
import * as folderBrowser from '../drive/folder-browser';

export function saveStagingFolder(linkOrId: string): FolderRef {
  return settings.saveStagingFolder(linkOrId);
}

export function listDriveFolders(
  folderId: string | null,
  pageToken: string | null,
  place?: DrivePlace,
): FolderListing {
  return folderBrowser.listDriveFolders(folderId, pageToken, place);
}
