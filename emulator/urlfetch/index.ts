/**
 * The emulated UrlFetchApp. There is no network: only the Drive v3 REST API at
 * https://www.googleapis.com is answered (from the emulated Drive); any other host throws.
 *
 * Modelled from Google's documentation: a non-2xx answer throws unless `muteHttpExceptions` is
 * true; `fetchAll` sends its requests in parallel and returns when the slowest answers (so they
 * all reach Drive's write ceiling at the same instant); the URL of a call is limited to 2 kB;
 * Drive's batch endpoint (`batch.ts`) takes up to 100 Drive calls in one request; every call (a
 * batch request is one) counts toward the user's daily "URL Fetch calls" quota in the workspace's
 * shared ledger (`core/quotas.ts`: 20,000 a day for consumer accounts, 100,000 for Google
 * Workspace, reset 24 hours after the day's first call).
 */
import { ServiceContext, asReal } from '../core/context';
import { SeededRandom } from '../core/random';
import { ScriptException } from '../core/errors';
import { FiredFault, LandedStatus } from '../core/faults';
import { QUOTA_MESSAGES } from '../core/quotas';
import { DriveStore } from '../drive/store';
import { BatchPart, batchAnswer, isBatchRequest, parseBatch } from './batch';
import { DriveApiOptions, DriveRestApi, Route } from './drive-api';
import { FetchRequest } from './request';
import { FakeHTTPResponse, HttpAnswer, errors } from './response';

export { FakeHTTPResponse } from './response';
export type { DriveOp } from './drive-api';

type URLFetchRequestOptions = GoogleAppsScript.URL_Fetch.URLFetchRequestOptions;
type URLFetchRequest = GoogleAppsScript.URL_Fetch.URLFetchRequest;
type HTTPResponse = GoogleAppsScript.URL_Fetch.HTTPResponse;

/** Apps Script quotas: URL Fetch URL length 2 kB per call. */
export const MAX_URL_LENGTH = 2 * 1024;

const METHODS = new Set(['get', 'delete', 'patch', 'post', 'put']);

export const URLFETCH_MESSAGES = {
  urlTooLong: 'Limit Exceeded: URLFetch URL Length.',
  dailyQuota: QUOTA_MESSAGES.urlFetch,
  invalidArgument: (what: string) => `Invalid argument: ${what}`,
  noNetwork: (url: string) => `Address unavailable: ${url} (the emulator has no network)`,
  failed: (origin: string, answer: HttpAnswer) =>
    `Request failed for ${origin} returned code ${answer.code}. Truncated server response: ` +
    `${answer.body.slice(0, 100)}... (use muteHttpExceptions option to examine full response)`,
};

export interface UrlFetchOptions extends DriveApiOptions {
  /** Overrides the account tier's daily figure for this UrlFetchApp (the usage stays shared). */
  dailyQuota?: number;
}

interface Outcome {
  answer: HttpAnswer;
  killAfter: boolean;
}

/** A request of a fetchAll: one Drive call, or a batch request's calls. */
interface Unit {
  routes: Route[];
  batch?: BatchPart[];
  /** Google's answer to a batch request it could not read (none of its calls is made). */
  refused?: HttpAnswer;
}

/** The gate of a batch request itself: faults that hit the whole batch match `drive.batch`. */
const BATCH_ROUTE: Route = {
  op: 'drive.batch',
  kind: 'read',
  path: 'batch',
  run: () => {
    throw new Error('a batch is answered by its calls');
  },
};

/** A fault on a batch's own gate that answers before any of its calls is made. */
function refusal(fired: FiredFault | null, ctx: ServiceContext): HttpAnswer | null {
  switch (fired?.kind ?? null) {
    case 'transient5xx':
      return errors.backend(ctx.random.next() < 0.5 ? 500 : 503);
    case 'error':
      return errors.backend(500);
    case 'rateLimit':
      return errors.userRateLimit();
    default:
      return null;
  }
}

/** A fault on a batch's own gate that lets its calls be made, then answers an error for all. */
function landedWhole(fired: FiredFault | null): HttpAnswer | null {
  if (fired?.kind === 'successWithError') return errors.backend(500);
  if (fired?.kind === 'landedWithError') return landedAnswer(fired.status ?? 500);
  return null;
}

export class FakeUrlFetchApp implements Pick<
  GoogleAppsScript.URL_Fetch.UrlFetchApp,
  'fetch' | 'fetchAll'
> {
  private readonly api: DriveRestApi;
  private readonly dailyQuota: number | undefined;
  /**
   * The order a batch's answers come back in: a stream of its own, so that batching never shifts
   * the draws of ids and faults that the rest of a run makes.
   */
  private readonly answerOrder = new SeededRandom(0xba7c4);

  constructor(
    private readonly ctx: ServiceContext,
    store: DriveStore,
    userForToken: (token: string) => string | undefined,
    opts: UrlFetchOptions = {},
  ) {
    this.api = new DriveRestApi(ctx, store, userForToken, opts);
    this.dailyQuota = opts.dailyQuota;
  }

  /** Counts `n` calls toward the user's day in the workspace's ledger, or throws when spent. */
  private countCalls(n: number): void {
    this.ctx.quotas.take(this.ctx.user(), 'urlFetch', n, this.dailyQuota);
  }

  fetch(url: string, params?: URLFetchRequestOptions): HTTPResponse {
    return this.ctx.runtime.service(() => this.fetchOne(url, params));
  }

  private fetchOne(url: string, params?: URLFetchRequestOptions): HTTPResponse {
    const req = normalise(url, params);
    if (isBatchRequest(req)) return this.sendAll([req])[0];
    this.countCalls(1);
    const route = this.api.route(req);
    const at = this.ctx.clock.now();
    const { fired } = this.ctx.runtime.enter('UrlFetchApp', route.op, route.kind, {
      detail: route.path,
    });
    // Apply runs the request, then kills the execution (killAfter, or a partial kill, which past
    // the gate lets the one request act) or checks the time limit.
    const killsAfter = fired?.kind === 'killAfter' || fired?.kind === 'kill';
    const outcome = this.ctx.runtime.apply(
      killsAfter ? 'killAfter' : null,
      () => this.perform(route, fired, at),
      `UrlFetchApp.${route.op}`,
    );
    return deliver(req, outcome.answer);
  }

  /**
   * Sends every request at once: each passes its gate at the same instant (cost 0), the clock
   * then moves by the slowest request's latency. A kill fault at any gate stops the whole batch
   * before it is sent; a killAfter lets the batch take effect, then kills the execution; a partial
   * kill (`partial: k`) lets the batch's first k requests take effect, not the rest, then kills it.
   */
  fetchAll(requests: Array<URLFetchRequest | string>): HTTPResponse[] {
    return this.ctx.runtime.service(() => this.fetchMany(requests));
  }

  private fetchMany(requests: Array<URLFetchRequest | string>): HTTPResponse[] {
    if (!Array.isArray(requests))
      throw new ScriptException(URLFETCH_MESSAGES.invalidArgument('requests'));
    const reqs = requests.map((r) => (typeof r === 'string' ? normalise(r) : normalise(r?.url, r)));
    if (reqs.length === 0) return [];
    return this.sendAll(reqs);
  }

  /**
   * Sends requests in parallel, a batch request's calls among them (each call of a batch passes
   * its own gate, as Drive counts it as a request of its own; the batch itself has a gate too,
   * for faults that hit the whole batch).
   */
  private sendAll(reqs: FetchRequest[]): HTTPResponse[] {
    this.countCalls(reqs.length);
    const units = reqs.map((req) => this.unitOf(req));
    const at = this.ctx.clock.now();
    const enter = (r: Route) =>
      this.ctx.runtime.enter('UrlFetchApp', r.op, r.kind, { costMs: 0, detail: r.path });
    const flat: Array<{ route: Route; gate: ReturnType<typeof enter> }> = [];
    const outerGates = units.map((unit) => {
      const outer = unit.batch ? enter(BATCH_ROUTE) : null;
      for (const route of unit.routes) flat.push({ route, gate: enter(route) });
      return outer;
    });
    const partials = [...outerGates.map((g) => g?.fired), ...flat.map((f) => f.gate.fired)].flatMap(
      (fired) => (fired?.kind === 'kill' && fired.partial !== undefined ? [fired.partial] : []),
    );
    const sent = partials.length ? Math.min(...partials) : flat.length;
    // A fault on a batch's own gate that stops it before Drive sees its calls.
    const refusedWhole = units.map((_, u) => refusal(outerGates[u]?.fired ?? null, this.ctx));
    let n = 0;
    const outcomes = units.map((unit, u) =>
      unit.routes.map((route) => {
        const i = n++;
        if (i >= sent || refusedWhole[u]) return null;
        return this.perform(route, flat[i].gate.fired, at);
      }),
    );
    const costs = flat.map((f) =>
      this.ctx.runtime.latency.costOf('UrlFetchApp', f.route.op, f.route.kind),
    );
    this.ctx.runtime.wait(Math.max(0, ...costs));
    const killAfter =
      outcomes.some((o) => o.some((x) => x?.killAfter)) ||
      outerGates.some((g) => g?.fired?.kind === 'killAfter');
    if (partials.length || killAfter) {
      this.ctx.runtime.apply('killAfter', () => undefined, 'UrlFetchApp.fetchAll');
    }
    return reqs.map((req, u) => {
      const unit = units[u];
      if (!unit.batch) return deliver(req, outcomes[u][0]!.answer);
      if (unit.refused) return deliver(req, unit.refused);
      const whole = refusedWhole[u] ?? landedWhole(outerGates[u]?.fired ?? null);
      if (whole) return deliver(req, whole);
      const answers = unit.batch.map((part, k) => ({
        contentId: part.contentId,
        answer: outcomes[u][k]!.answer,
      }));
      return deliver(req, batchAnswer(answers, this.answerOrder));
    });
  }

  /** What one request of a fetchAll sends to Drive: itself, or a batch's calls. */
  private unitOf(req: FetchRequest): Unit {
    if (!isBatchRequest(req)) return { routes: [this.api.route(req)] };
    const parsed = parseBatch(req);
    if (parsed instanceof HttpAnswer) return { routes: [], batch: [], refused: parsed };
    return { routes: parsed.map((p) => this.api.route(p.req)), batch: parsed };
  }

  /** Maps an injected fault to what Drive would answer, running the request when it lands. */
  private perform(route: Route, fired: FiredFault | null, at: number): Outcome {
    switch (fired?.kind ?? null) {
      case 'transient5xx':
        return {
          answer: errors.backend(this.ctx.random.next() < 0.5 ? 500 : 503),
          killAfter: false,
        };
      case 'error':
        return { answer: errors.backend(500), killAfter: false };
      case 'rateLimit':
        return { answer: errors.userRateLimit(), killAfter: false };
      case 'successWithError':
        route.run(at);
        return { answer: errors.backend(500), killAfter: false };
      case 'landedWithError':
        route.run(at);
        return { answer: landedAnswer(fired?.status ?? 500), killAfter: false };
      case 'killAfter':
        return { answer: route.run(at), killAfter: true };
      default:
        return { answer: route.run(at), killAfter: false };
    }
  }
}

export function createUrlFetchApp(
  ctx: ServiceContext,
  store: DriveStore,
  userForToken: (token: string) => string | undefined,
  opts: UrlFetchOptions = {},
): GoogleAppsScript.URL_Fetch.UrlFetchApp {
  return asReal<GoogleAppsScript.URL_Fetch.UrlFetchApp>(
    new FakeUrlFetchApp(ctx, store, userForToken, opts),
  );
}

/**
 * What Drive answers with each status a landedWithError fault plays, in Google's error body
 * ("Resolve errors", developers.google.com/drive/api/guides/handle-errors: 403
 * userRateLimitExceeded, 429 rateLimitExceeded, 500 and 503 backendError).
 */
function landedAnswer(status: LandedStatus): HttpAnswer {
  if (status === 403) return errors.userRateLimit();
  if (status === 429) return errors.rateLimit();
  return errors.backend(status);
}

/** Checks a request as Apps Script does before sending it. */
function normalise(url: unknown, params: URLFetchRequestOptions = {}): FetchRequest {
  if (typeof url !== 'string') throw new ScriptException(URLFETCH_MESSAGES.invalidArgument('url'));
  if (url.length > MAX_URL_LENGTH) throw new ScriptException(URLFETCH_MESSAGES.urlTooLong);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ScriptException(URLFETCH_MESSAGES.invalidArgument(url));
  }
  if (parsed.protocol !== 'https:' || parsed.hostname !== 'www.googleapis.com') {
    throw new ScriptException(URLFETCH_MESSAGES.noNetwork(url));
  }
  const method = String(params.method ?? 'get').toLowerCase();
  if (!METHODS.has(method)) throw new ScriptException(URLFETCH_MESSAGES.invalidArgument('method'));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(params.headers ?? {})) headers[k.toLowerCase()] = String(v);
  return {
    url: parsed,
    method: method.toUpperCase(),
    headers,
    contentType: params.contentType ?? headers['content-type'],
    payload: params.payload,
    muteHttpExceptions: params.muteHttpExceptions === true,
  };
}

/** The response, or Apps Script's exception for a non-2xx answer when exceptions are not muted. */
function deliver(req: FetchRequest, answer: HttpAnswer): HTTPResponse {
  if (answer.code >= 400 && !req.muteHttpExceptions) {
    throw new ScriptException(URLFETCH_MESSAGES.failed(req.url.origin, answer));
  }
  return asReal<HTTPResponse>(new FakeHTTPResponse(answer));
}
