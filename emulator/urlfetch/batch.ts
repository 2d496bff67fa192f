/**
 * Drive's batch endpoint, `POST https://www.googleapis.com/batch/drive/v3`, as Google's batch
 * guide describes it (developers.google.com/drive/api/guides/performance#batch-requests):
 * - the body is `multipart/mixed`; each part has `Content-Type: application/http`, an optional
 *   `Content-ID`, and holds one HTTP request (request line, headers, blank line, body);
 * - "Headers in the outer request, except for the Content- headers such as Content-Type, apply to
 *   every request in the batch"; a header set in a part overrides the outer one;
 * - "You're limited to 100 calls in a single batch request"; "There's an 8000 character limit on
 *   the URL length for each inner request"; media uploads and downloads are not batched;
 * - "a set of n requests batched together counts toward your usage limit as n requests, not as
 *   one request": each part passes Drive's write ceiling and the faults on its own;
 * - the answer is one `multipart/mixed` response whose parts hold each call's HTTP answer, with
 *   `Content-ID: response-<the part's Content-ID>`; "the server might perform your calls in any
 *   order", so the emulator gives the answers back in a shuffled order, and a client must match
 *   them by Content-ID.
 * To UrlFetchApp the batch is one call (one URL Fetch call of the daily quota).
 */
import { SeededRandom } from '../core/random';
import { FetchRequest } from './request';
import { HttpAnswer, errors } from './response';

export const BATCH_PATH = '/batch/drive/v3';
export const MAX_BATCH_PARTS = 100;
export const MAX_INNER_URL_LENGTH = 8000;

export interface BatchPart {
  contentId?: string;
  req: FetchRequest;
}

export function isBatchRequest(req: FetchRequest): boolean {
  return req.url.pathname === BATCH_PATH;
}

const API_ORIGIN = 'https://www.googleapis.com';

/** The calls of a batch request, or the 400 Google answers for a body it cannot read. */
export function parseBatch(outer: FetchRequest): BatchPart[] | HttpAnswer {
  if (outer.method !== 'POST') return errors.badRequest('A batch request must be a POST.');
  const boundary = boundaryOf(outer.contentType);
  if (!boundary || typeof outer.payload !== 'string') {
    return errors.badRequest('Batch requests must be multipart/mixed with a boundary.');
  }
  // A boundary counts only at the start of a line (RFC 2046): before the first one is a
  // preamble, after the closing `--boundary--` an epilogue.
  const sections = `\r\n${outer.payload}`.split(`\n--${boundary}`);
  const parts: BatchPart[] = [];
  for (const section of sections.slice(1)) {
    if (section.startsWith('--')) break;
    const part = parsePart(section, outer);
    if (part instanceof HttpAnswer) return part;
    parts.push(part);
  }
  if (parts.length === 0) return errors.badRequest('The batch request has no calls.');
  if (parts.length > MAX_BATCH_PARTS) {
    return errors.badRequest(
      `A batch request may hold at most ${MAX_BATCH_PARTS} calls; this one has ${parts.length}.`,
    );
  }
  return parts;
}

function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /^multipart\/mixed\s*;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Splits text at its first blank line: the head (header lines) and the rest. */
function splitHead(text: string): { head: string[]; rest: string } {
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  const rest = m ? text.slice(m.index + m[0].length) : '';
  return { head: head.split(/\r?\n/).filter((l) => l.length > 0), rest };
}

function headersOf(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

function parsePart(section: string, outer: FetchRequest): BatchPart | HttpAnswer {
  const { head: partHead, rest } = splitHead(section.replace(/^\r?\n/, ''));
  const partHeaders = headersOf(partHead);
  if (!/^application\/http\b/i.test(partHeaders['content-type'] ?? '')) {
    return errors.badRequest('Each part of a batch must be of type application/http.');
  }
  const { head, rest: bodyText } = splitHead(rest);
  const requestLine = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/\d\.\d)?$/.exec(head[0] ?? '');
  if (!requestLine) return errors.badRequest('A part of the batch has no request line.');
  if (requestLine[2].length > MAX_INNER_URL_LENGTH) {
    return errors.badRequest('A call of the batch has a URL longer than 8000 characters.');
  }
  let url: URL;
  try {
    url = new URL(requestLine[2], API_ORIGIN);
  } catch {
    return errors.badRequest('A part of the batch has an invalid URL.');
  }
  const inner = headersOf(head.slice(1));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(outer.headers)) if (!k.startsWith('content-')) headers[k] = v;
  Object.assign(headers, inner);
  // The line break before the next boundary belongs to the boundary.
  const payload = bodyText.replace(/\r$/, '');
  const contentId = partHeaders['content-id']?.replace(/^<|>$/g, '');
  return {
    ...(contentId ? { contentId } : {}),
    req: {
      url,
      method: requestLine[1],
      headers,
      contentType: inner['content-type'],
      payload: payload.length > 0 ? payload : undefined,
      muteHttpExceptions: true,
    },
  };
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The batch's answer: each call's answer in a part named after its Content-ID, in any order. */
export function batchAnswer(
  answers: Array<{ contentId?: string; answer: HttpAnswer }>,
  random: SeededRandom,
): HttpAnswer {
  const boundary = `batch_${Math.floor(random.next() * 2 ** 32).toString(36)}`;
  const order = answers.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const body = order
    .map((i) => {
      const { contentId, answer } = answers[i];
      return [
        `--${boundary}`,
        'Content-Type: application/http',
        ...(contentId ? [`Content-ID: <response-${contentId}>`] : []),
        '',
        `HTTP/1.1 ${answer.code} ${STATUS_TEXT[answer.code] ?? ''}`.trimEnd(),
        `Content-Type: ${answer.contentType}`,
        '',
        answer.body,
        '',
      ].join('\r\n');
    })
    .join('');
  return new HttpAnswer(200, `${body}--${boundary}--\r\n`, `multipart/mixed; boundary=${boundary}`);
}
