import { batchAnswers, batchRequest } from '../../src/drive/batch';
import { copyRequest, getRequest, kindOf } from '../../src/drive/rest';

type HTTPResponse = GoogleAppsScript.URL_Fetch.HTTPResponse;

function response(code: number, text: string, type = 'application/json'): HTTPResponse {
  return {
    getResponseCode: () => code,
    getContentText: () => text,
    getHeaders: () => ({ 'content-type': type }),
  } as unknown as HTTPResponse;
}

function part(id: number, status: string, json: unknown): string {
  return [
    '--resp_b',
    'Content-Type: application/http',
    `Content-ID: <response-${id}>`,
    '',
    `HTTP/1.1 ${status}`,
    'Content-Type: application/json; charset=UTF-8',
    '',
    JSON.stringify(json, null, 2),
    '',
  ].join('\r\n');
}

describe('a batch request as Drive reads it', () => {
  test('carries each call with its method, path, own headers and an ASCII body; the token once', () => {
    const calls = [
      getRequest('tok', 'src-1', 'key-1'),
      copyRequest('tok', 'src-1', 'Café ☕.obj', 'folder-1', undefined, 'gen-1'),
    ];
    const req = batchRequest('tok', calls);
    expect(req.url).toBe('https://www.googleapis.com/batch/drive/v3');
    expect(req.headers).toEqual({ Authorization: 'Bearer tok' });
    const payload = String(req.payload);
    expect([...payload].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
    expect(payload.match(/Authorization/g)).toBeNull();
    expect(payload).toContain('Content-ID: <1>');
    expect(payload).toContain('GET /drive/v3/files/src-1?');
    expect(payload).toContain('X-Goog-Drive-Resource-Keys: src-1/key-1');
    expect(payload).toContain('POST /drive/v3/files/src-1/copy?');
    const json = payload.slice(payload.indexOf('{"name"'), payload.lastIndexOf('}') + 1);
    expect(JSON.parse(json)).toEqual({ name: 'Café ☕.obj', parents: ['folder-1'], id: 'gen-1' });
    expect(payload.endsWith('--export_batch_boundary--\r\n')).toBe(true);
  });
});

describe('a batch’s answer, call by call', () => {
  test('matched by Content-ID whatever the order; a call without an answer of its own is unknown', () => {
    const text =
      part(3, '403 Forbidden', { error: { errors: [{ reason: 'userRateLimitExceeded' }] } }) +
      part(1, '200 OK', { id: 'a' }) +
      '--resp_b--\r\n';
    const answers = batchAnswers(response(200, text, 'multipart/mixed; boundary=resp_b'), 3);
    expect(answers[0]).toEqual({ status: 200, body: { id: 'a' } });
    expect(answers[1]).toBeNull();
    expect(kindOf(answers[1])).toBe('unknown');
    expect(kindOf(answers[2])).toBe('refusedForRate');
  });

  test('a refusal of the whole batch is every call’s answer', () => {
    const rate = { error: { code: 429, errors: [{ reason: 'rateLimitExceeded' }] } };
    const refused = batchAnswers(response(429, JSON.stringify(rate)), 2);
    expect(refused.map(kindOf)).toEqual(['refusedForRate', 'refusedForRate']);
    expect(batchAnswers(response(503, ''), 2).map(kindOf)).toEqual(['unknown', 'unknown']);
    expect(batchAnswers(response(401, '{}'), 1).map(kindOf)).toEqual(['unauthorised']);
  });

  test('a boundary counts only at the start of a line', () => {
    const text =
      part(1, '200 OK', { id: 'a', name: 'x --resp_b y' }) +
      part(2, '404 Not Found', {}) +
      '--resp_b--';
    const answers = batchAnswers(response(200, text, 'multipart/mixed; boundary=resp_b'), 2);
    expect(answers[0]).toEqual({ status: 200, body: { id: 'a', name: 'x --resp_b y' } });
    expect(answers[1]?.status).toBe(404);
  });
});
