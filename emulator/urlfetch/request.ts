/**
 * A request as UrlFetchApp sends it, and the parts of it Drive reads: the `fields` selector and
 * the JSON metadata body of a create or copy.
 */
import { FieldSelectionError, Mask, Schema, parseFields } from './fields';
import { HttpAnswer, errors } from './response';

export interface FetchRequest {
  url: URL;
  /** Upper case: GET, POST, ... */
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  contentType?: string;
  payload?: unknown;
  muteHttpExceptions: boolean;
}

export interface Metadata {
  name?: string;
  mimeType?: string;
  parents?: string[];
  description?: string;
  /** A generated id (files.generateIds) the new file or copy is to take. */
  id?: string;
}

export function fieldMask(
  params: URLSearchParams,
  fallback: string,
  schema: Schema,
): { fields: Mask } | HttpAnswer {
  try {
    return { fields: parseFields(params.get('fields') ?? fallback, schema) };
  } catch (e) {
    if (e instanceof FieldSelectionError) return errors.invalidFields(e.message);
    throw e;
  }
}

/** The File fields a create or copy body sets, or Drive's 400 for a body it cannot take. */
export function requestMetadata(req: FetchRequest): Metadata | HttpAnswer {
  const body = jsonBody(req);
  if (body instanceof HttpAnswer) return body;
  const out: Metadata = {};
  for (const key of ['name', 'mimeType', 'description', 'id'] as const) {
    const v = body[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') return errors.badRequest(`Invalid value for ${key}.`);
    out[key] = v;
  }
  const parents = body.parents;
  if (parents !== undefined) {
    if (!Array.isArray(parents) || !parents.every((p) => typeof p === 'string')) {
      return errors.badRequest('Invalid value for parents.');
    }
    // Drive no longer lets an item have several parents.
    if (parents.length > 1) return errors.badRequest('A file can only have one parent folder.');
    out.parents = parents.length ? parents : undefined;
  }
  return out;
}

/** Apps Script form-encodes an object payload (no JSON content type), which Drive cannot parse. */
function jsonBody(req: FetchRequest): Record<string, unknown> | HttpAnswer {
  if (req.payload === undefined || req.payload === null || req.payload === '') return {};
  const isJson = /^application\/json\b/i.test(req.contentType ?? '');
  if (typeof req.payload !== 'string' || !isJson) return errors.parseError();
  try {
    const value: unknown = JSON.parse(req.payload);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : errors.parseError();
  } catch {
    return errors.parseError();
  }
}
