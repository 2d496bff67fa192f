import type { DriveItem } from './store';
import { FOLDER_MIME, SHEET_MIME } from './store';

/** The link Drive shows for an item (`File.getUrl`, `webViewLink`), by kind of item. */
export function viewLink(item: Pick<DriveItem, 'id' | 'mimeType'>): string {
  if (item.mimeType === FOLDER_MIME) return `https://drive.google.com/drive/folders/${item.id}`;
  if (item.mimeType === SHEET_MIME) {
    return `https://docs.google.com/spreadsheets/d/${item.id}/edit?usp=drivesdk`;
  }
  return `https://drive.google.com/file/d/${item.id}/view?usp=drivesdk`;
}
