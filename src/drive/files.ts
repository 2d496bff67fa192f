/**
 * The few single-file Drive operations the export needs besides copying (the export sheet's place,
 * descriptions, a folder's name), behind plain functions so that no module outside src/drive/
 * reaches DriveApp.
 */
const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';

/** A spreadsheet named `name`, not in the trash, in the folder (or My Drive's root), or null. */
export function findSpreadsheetIn(folderId: string | 'root', name: string): string | null {
  const folder = folderId === 'root' ? DriveApp.getRootFolder() : DriveApp.getFolderById(folderId);
  const files = folder.getFilesByName(name);
  while (files.hasNext()) {
    const file = files.next();
    if (file.getMimeType() === SHEET_MIME && !file.isTrashed()) return file.getId();
  }
  return null;
}

/** Moves the file into the folder unless it is there already. */
export function placeFileIn(fileId: string, folderId: string): void {
  const file = DriveApp.getFileById(fileId);
  const parents = file.getParents();
  const inFolder = parents.hasNext() && parents.next().getId() === folderId;
  if (!inFolder) file.moveTo(DriveApp.getFolderById(folderId));
}

export function clearDescription(fileId: string): void {
  DriveApp.getFileById(fileId).setDescription('');
}

/** A folder's name and link, or null when it is deleted or not shared with the user. */
export function folderSummary(folderId: string): { name: string; url: string } | null {
  try {
    const folder = DriveApp.getFolderById(folderId);
    return { name: folder.getName(), url: folder.getUrl() };
  } catch {
    return null;
  }
}
