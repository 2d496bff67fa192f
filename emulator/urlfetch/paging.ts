/**
 * files.list paging. Drive takes a pageSize of 1 to 1000 (default 100) and hands back an opaque
 * nextPageToken. Here a token carries the query it belongs to and the creation position of the
 * last item sent, so a page resumes correctly even when items were added in between.
 */
import { HttpAnswer, errors } from './response';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export function pageSizeOf(raw: string | null): number | HttpAnswer {
  if (raw === null) return DEFAULT_PAGE_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    return errors.invalidParameter(
      'pageSize',
      `Invalid value '${raw}'. Values must be within the range: [1, ${MAX_PAGE_SIZE}]`,
    );
  }
  return n;
}

export function pageToken(q: string, after: number): string {
  return Buffer.from(JSON.stringify({ q, after }), 'utf8').toString('base64url');
}

/** The position to resume after (-1 for the first page), or undefined for a token Drive refuses. */
export function readPageToken(token: string | null, q: string): number | undefined {
  if (token === null) return -1;
  try {
    const data = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return data?.q === q && Number.isInteger(data.after) ? data.after : undefined;
  } catch {
    return undefined;
  }
}
