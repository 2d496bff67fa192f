/**
 * Drive's batch endpoint: up to 100 Drive calls in one HTTP request, so one URL Fetch call of the
 * user's daily quota instead of one per call (developers.google.com/drive/api/guides/performance,
 * "Batch requests"). Drive still counts each call as a request, so writes are paced as before; and
 * each call gets its own answer, read here as if it had been sent alone.
 */
import type { RestAnswer } from './rest';

type FetchRequest = GoogleAppsScript.URL_Fetch.URLFetchRequest;
type HTTPResponse = GoogleAppsScript.URL_Fetch.HTTPResponse;

const BATCH_URL = 'https://www.googleapis.com/batch/drive/v3';
const API_ORIGIN = 'https://www.googleapis.com';
/**
 * The line between calls. A boundary only counts at the start of a line, and no call can hold a
 * line break (JSON escapes them, URLs percent-encode them), so a fixed one cannot clash.
 */
const BOUNDARY = 'export_batch_boundary';
/** "You're limited to 100 calls in a single batch request" (the batch guide). */
export const MAX_PER_BATCH = 100;

/**
 * One batch request carrying `calls` (at most MAX_PER_BATCH). The token goes on the outer
 * request, which Google applies to every call; each call keeps its own other headers (a resource
 * key). Bodies are sent as ASCII only (JSON escapes), so no charset question arises.
 */
export function batchRequest(token: string, calls: FetchRequest[]): FetchRequest {
  const boundary = BOUNDARY;
  const parts = calls.map((call, i) => {
    const url = call.url.startsWith(API_ORIGIN) ? call.url.slice(API_ORIGIN.length) : call.url;
    const lines = [
      `--${boundary}`,
      'Content-Type: application/http',
      `Content-ID: <${i + 1}>`,
      '',
      `${String(call.method ?? 'get').toUpperCase()} ${url} HTTP/1.1`,
    ];
    for (const [name, value] of Object.entries(call.headers ?? {})) {
      if (name.toLowerCase() !== 'authorization') lines.push(`${name}: ${String(value)}`);
    }
    const body = typeof call.payload === 'string' ? asciiJson(call.payload) : '';
    if (body) lines.push(`Content-Type: ${call.contentType ?? 'application/json'}`);
    lines.push('', body);
    return lines.join('\r\n');
  });
  return {
    url: BATCH_URL,
    method: 'post',
    contentType: `multipart/mixed; boundary=${boundary}`,
    payload: `${parts.join('\r\n')}\r\n--${boundary}--\r\n`,
    headers: { Authorization: `Bearer ${token}` },
    muteHttpExceptions: true,
  };
}

/** Non-ASCII characters only occur inside JSON strings, where \u escapes mean the same. */
function asciiJson(text: string): string {
  return text.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Each call's answer from a batch's response, in the order the calls were given (Drive may answer
 * them in any order: they are matched by Content-ID). A call with no answer of its own gets null,
 * as a call that got no answer at all. When the batch itself was refused (not 2xx), every call
 * gets that answer: Drive made none of them, or, since Google does not promise that, maybe some,
 * which the callers already allow for any error answer.
 */
export function batchAnswers(
  response: HTTPResponse,
  count: number,
): Array<RestAnswer<unknown> | null> {
  const status = response.getResponseCode();
  const text = response.getContentText();
  if (status < 200 || status >= 300) {
    const body = parseJson(text);
    return Array.from({ length: count }, () => ({ status, body }));
  }
  const answers: Array<RestAnswer<unknown> | null> = Array.from({ length: count }, () => null);
  const boundary = boundaryOf(response) ?? /^--(\S+)/.exec(text)?.[1];
  if (!boundary) return answers;
  for (const section of sectionsOf(text, boundary)) {
    const { head: partHead, rest } = splitHead(section.replace(/^\r?\n/, ''));
    const id = /^content-id:\s*<?response-(\d+)>?\s*$/im.exec(partHead)?.[1];
    const index = id === undefined ? -1 : Number(id) - 1;
    if (index < 0 || index >= count) continue;
    const { head, rest: body } = splitHead(rest);
    const code = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(head)?.[1];
    if (!code) continue;
    answers[index] = { status: Number(code), body: parseJson(body.replace(/\r?\n$/, '')) };
  }
  return answers;
}

/** The parts between boundary lines (a boundary counts only at the start of a line). */
function sectionsOf(text: string, boundary: string): string[] {
  const out: string[] = [];
  for (const section of `\r\n${text}`
    .split(new RegExp(`\\r?\\n--${escapeRegExp(boundary)}`))
    .slice(1)) {
    if (section.startsWith('--')) break;
    out.push(section);
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function boundaryOf(response: HTTPResponse): string | undefined {
  const headers = response.getHeaders() as Record<string, unknown>;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'content-type');
  const type = key ? String(headers[key]) : '';
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  return m ? (m[1] ?? m[2]) : undefined;
}

function splitHead(text: string): { head: string; rest: string } {
  const m = /\r?\n\r?\n/.exec(text);
  return m
    ? { head: text.slice(0, m.index), rest: text.slice(m.index + m[0].length) }
    : { head: text, rest: '' };
}

function parseJson(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
