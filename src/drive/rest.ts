/**
 * A small Drive v3 REST client over UrlFetchApp, for what DriveApp cannot tell: a folder's
 * capabilities (can the user add files to it?) without writing into it.
 */
const DRIVE_API = 'https://www.googleapis.com/drive/v3';

export interface RestAnswer<T> {
  status: number;
  body: T;
}

export interface DriveCapabilities {
  canAddChildren?: boolean;
  canEdit?: boolean;
  canListChildren?: boolean;
}

export interface DriveFileMeta {
  id: string;
  name: string;
  mimeType: string;
  parents?: string[];
  trashed?: boolean;
  size?: string;
  webViewLink?: string;
  capabilities?: DriveCapabilities;
}

export function authHeaders(): Record<string, string> {
  return { Authorization: `Bearer ${ScriptApp.getOAuthToken()}` };
}

export function driveUrl(path: string, query: Record<string, string | number | boolean>): string {
  const params = Object.entries({ supportsAllDrives: true, ...query })
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${DRIVE_API}/${path}?${params}`;
}

export function parseAnswer<T>(response: GoogleAppsScript.URL_Fetch.HTTPResponse): RestAnswer<T> {
  const status = response.getResponseCode();
  const textBody = response.getContentText();
  let body: unknown = null;
  try {
    body = textBody ? JSON.parse(textBody) : null;
  } catch {
    body = null;
  }
  return { status, body: body as T };
}

/** files.get with the fields asked for; 404 covers both "missing" and "not shared with you". */
export function getFileMeta(id: string, fields: string): RestAnswer<DriveFileMeta> {
  const response = UrlFetchApp.fetch(driveUrl(`files/${encodeURIComponent(id)}`, { fields }), {
    method: 'get',
    headers: authHeaders(),
    muteHttpExceptions: true,
  });
  return parseAnswer<DriveFileMeta>(response);
}
