/**
 * The emulated UrlFetchApp. There is no network: only the Drive v3 REST API at
 * https://www.googleapis.com is answered (from the emulated Drive); any other host throws.
 *
 * Modelled from Google's documentation: a non-2xx answer throws unless `muteHttpExceptions` is
 * true; `fetchAll` sends its requests in parallel and returns when the slowest answers (so they
 * all reach Drive's write ceiling at the same instant); the URL of a call is limited to 2 kB, and
 * every call counts toward the user's daily "URL Fetch calls" quota in the workspace's shared
 * ledger (`core/quotas.ts`: 20,000 a day for consumer accounts, 100,000 for Google Workspace,
 * reset 24 hours after the day's first call).
 */
import { ServiceContext, asReal } from '../core/context';
import { ScriptException } from '../core/errors';
import { FiredFault, LandedStatus } from '../core/faults';
import { QUOTA_MESSAGES } from '../core/quotas';
import { DriveStore } from '../drive/store';
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

export class FakeUrlFetchApp implements Pick<
  GoogleAppsScript.URL_Fetch.UrlFetchApp,
  'fetch' | 'fetchAll'
> {
  private readonly api: DriveRestApi;
  private readonly dailyQuota: number | undefined;

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
    this.countCalls(reqs.length);
    const routes = reqs.map((req) => this.api.route(req));
    const at = this.ctx.clock.now();
    const gates = routes.map((r) =>
      this.ctx.runtime.enter('UrlFetchApp', r.op, r.kind, { costMs: 0, detail: r.path }),
    );
    const costs = routes.map((r) => this.ctx.runtime.latency.costOf('UrlFetchApp', r.op, r.kind));
    const partials = gates.flatMap((g) =>
      g.fired?.kind === 'kill' && g.fired.partial !== undefined ? [g.fired.partial] : [],
    );
    const sent = partials.length ? Math.min(...partials) : routes.length;
    const outcomes = routes.slice(0, sent).map((r, i) => this.perform(r, gates[i].fired, at));
    this.ctx.runtime.wait(Math.max(0, ...costs));
    if (partials.length || outcomes.some((o) => o.killAfter)) {
      this.ctx.runtime.apply('killAfter', () => undefined, 'UrlFetchApp.fetchAll');
    }
    return reqs.map((req, i) => deliver(req, outcomes[i].answer));
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
