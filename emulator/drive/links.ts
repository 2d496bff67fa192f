import type { DriveItem } from './store';
import { FOLDER_MIME, SHEET_MIME } from './store';

/**
 * The link Drive shows for an item (`File.getUrl`, `webViewLink`), by kind of item. A file with a
 * resource key carries it: "Fields in the files resource that return URLs, such as exportLinks,
 * webContentLink, and webViewLink, also include the resourceKey"
 * (developers.google.com/drive/api/guides/resource-keys).
 */
export function viewLink(item: Pick<DriveItem, 'id' | 'mimeType' | 'resourceKey'>): string {
  if (item.mimeType === FOLDER_MIME) return `https://drive.google.com/drive/folders/${item.id}`;
  const key = item.resourceKey ? `&resourcekey=${item.resourceKey}` : '';
  if (item.mimeType === SHEET_MIME) {
    return `https://docs.google.com/spreadsheets/d/${item.id}/edit?usp=drivesdk${key}`;
  }
  return `https://drive.google.com/file/d/${item.id}/view?usp=drivesdk${key}`;
}
