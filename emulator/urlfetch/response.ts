/**
 * HTTP answers as UrlFetchApp hands them to the script, and the error bodies Google APIs send:
 * `{"error":{"code","message","errors":[{"domain","reason","message",...}]}}`.
 */

export class HttpAnswer {
  constructor(
    readonly code: number,
    readonly body: string,
    readonly contentType: string,
  ) {}
}

export interface ErrorDetail {
  reason: string;
  message: string;
  domain?: string;
  location?: string;
  locationType?: string;
}

export function jsonAnswer(code: number, value: unknown): HttpAnswer {
  return new HttpAnswer(code, JSON.stringify(value, null, 2), 'application/json; charset=UTF-8');
}

export function googleError(code: number, detail: ErrorDetail, status?: string): HttpAnswer {
  const { domain = 'global', ...rest } = detail;
  return jsonAnswer(code, {
    error: {
      code,
      message: detail.message,
      errors: [{ domain, ...rest }],
      ...(status ? { status } : {}),
    },
  });
}

/** What Google's front end answers for a path no API serves. */
export function htmlNotFound(path: string): HttpAnswer {
  return new HttpAnswer(
    404,
    '<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title>' +
      `<p><b>404.</b> <ins>That's an error.</ins><p>The requested URL <code>${path}</code> ` +
      "was not found on this server. <ins>That's all we know.</ins></html>",
    'text/html; charset=UTF-8',
  );
}

export const errors = {
  notFound: (id: string, location = 'fileId') =>
    googleError(404, {
      reason: 'notFound',
      message: `File not found: ${id}.`,
      location,
      locationType: 'parameter',
    }),
  insufficientPermissions: (id: string) =>
    googleError(403, {
      reason: 'insufficientFilePermissions',
      message: `The user does not have sufficient permissions for file ${id}.`,
    }),
  cannotCopy: () =>
    googleError(403, {
      reason: 'cannotCopyFile',
      message: 'This file cannot be copied by the user.',
    }),
  /**
   * files.copy of a file whose owner turned off copying for viewers and commenters
   * (`copyRequiresWriterPermission`), asked by one of them. Drive documents the status ("403 -
   * Forbidden: The request was received and understood, but the user doesn't have permission to
   * perform the request", developers.google.com/drive/api/guides/handle-errors) and lists no
   * reason for this refusal; the reason and message are as users report them.
   */
  copyRestricted: () =>
    googleError(403, {
      reason: 'cannotCopyFile',
      message: 'This file cannot be copied by the authenticated user.',
    }),
  userRateLimit: () =>
    googleError(403, {
      domain: 'usageLimits',
      reason: 'userRateLimitExceeded',
      message: 'User rate limit exceeded.',
    }),
  /**
   * Drive's refusals of a new item it cannot hold (the "Resolve errors" guide,
   * developers.google.com/workspace/drive/api/guides/handle-errors; see drive/capacity.ts):
   * the user's storage is used up, or the folder holds 500,000 items.
   */
  storageQuotaExceeded: () =>
    googleError(403, {
      domain: 'usageLimits',
      reason: 'storageQuotaExceeded',
      message: "The user's Drive storage quota has been exceeded.",
    }),
  folderItemLimit: () =>
    googleError(403, {
      reason: 'numChildrenInNonRootLimitExceeded',
      message:
        "The limit for this folder's number of children (files and folders) has been exceeded.",
    }),
  rateLimit: () =>
    googleError(
      429,
      { domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate limit exceeded.' },
      'RESOURCE_EXHAUSTED',
    ),
  backend: (code: 500 | 503) =>
    googleError(code, {
      reason: 'backendError',
      message: code === 500 ? 'Internal Error' : 'The service is currently unavailable.',
    }),
  loginRequired: () =>
    googleError(
      401,
      {
        reason: 'required',
        message: 'Login Required.',
        location: 'Authorization',
        locationType: 'header',
      },
      'UNAUTHENTICATED',
    ),
  invalidCredentials: () =>
    googleError(
      401,
      {
        reason: 'authError',
        message: 'Invalid Credentials',
        location: 'Authorization',
        locationType: 'header',
      },
      'UNAUTHENTICATED',
    ),
  invalidParameter: (location: string, message = 'Invalid Value') =>
    googleError(400, { reason: 'invalid', message, location, locationType: 'parameter' }),
  invalidFields: (message: string) =>
    googleError(400, {
      reason: 'invalidParameter',
      message,
      location: 'fields',
      locationType: 'parameter',
    }),
  badRequest: (message: string) => googleError(400, { reason: 'badRequest', message }),
  parseError: () => googleError(400, { reason: 'parseError', message: 'Parse Error' }),
  /** A create or copy whose body `id` was not generated for the user by files.generateIds. */
  unusableId: () =>
    googleError(400, {
      reason: 'invalid',
      message: 'The provided file ID is not usable.',
      location: 'file.id',
      locationType: 'other',
    }),
  /** Drive does not take a generated id for a Google Workspace file other than a folder. */
  idNotSupported: (mimeType: string) =>
    googleError(400, {
      reason: 'invalid',
      message: `Generated IDs are not supported for files of type ${mimeType}.`,
      location: 'file.id',
      locationType: 'other',
    }),
  /**
   * A create or copy retried with an id that a file already took: "subsequent retries return a
   * 409 Conflict HTTP status code response and they don't create duplicate files"
   * (developers.google.com/drive/api/guides/create-file, "Generate IDs to use with your files").
   */
  duplicateId: () =>
    googleError(409, {
      reason: 'duplicate',
      message: 'A file already exists with the provided ID.',
      location: 'file.id',
      locationType: 'other',
    }),
};

export class FakeHTTPResponse implements Pick<
  GoogleAppsScript.URL_Fetch.HTTPResponse,
  'getResponseCode' | 'getContentText' | 'getContent' | 'getHeaders' | 'getAllHeaders'
> {
  constructor(private readonly answer: HttpAnswer) {}

  // The response is already in the script's hands: reading it is not a service call.
  getResponseCode(): number {
    return this.answer.code;
  }

  getContentText(_charset?: string): string {
    return this.answer.body;
  }

  /** Bytes as Apps Script gives them: signed, -128 to 127. */
  getContent(): number[] {
    return [...Buffer.from(this.answer.body, 'utf8')].map((b) => (b > 127 ? b - 256 : b));
  }

  getHeaders(): Record<string, string> {
    return {
      'Content-Type': this.answer.contentType,
      'Content-Length': String(Buffer.byteLength(this.answer.body, 'utf8')),
    };
  }

  getAllHeaders(): Record<string, string> {
    return this.getHeaders();
  }
}
