/**
 * The Configure staging folder page, which is also where each person chooses their emails (and
 * the folder browser the delivery wizard shares).
 */
import type { DrivePlace, EmailSetting, FolderListing, FolderRef } from '../shared/rpc';
import * as settings from '../config/settings';
import * as folderBrowser from '../drive/folder-browser';
import { emailsWanted, setEmailsWanted } from '../notify/preference';

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

export function getEmailSetting(): EmailSetting {
  return { wanted: emailsWanted(), address: Session.getActiveUser().getEmail() };
}

export function saveEmailSetting(wanted: boolean): EmailSetting {
  setEmailsWanted(wanted === true);
  return getEmailSetting();
}
