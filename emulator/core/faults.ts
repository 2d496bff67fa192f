import { SeededRandom } from './random';

/**
 * What an injected fault does to one service call:
 * - `kill`: the execution dies before the call takes effect (as when Apps Script stops a script);
 * - `killAfter`: the call takes effect, then the execution dies before it sees the answer;
 * - `error`: the call fails without effect (a service error);
 * - `transient5xx`: the call fails without effect with a 500/503 (an HTTP answer over UrlFetchApp);
 * - `rateLimit`: the call is refused with 403 userRateLimitExceeded / 429;
 * - `successWithError`: the call takes effect but answers an error (Drive documents that a 500 may
 *   follow a write that succeeded);
 * - `landedWithError`: the call takes effect, then the caller is answered with the rule's `status`
 *   (403, 429, 500 or 503): Drive documents each as an answer to retry with backoff (usage limits,
 *   developers.google.com/drive/api/guides/limits: "403: User rate limit exceeded", "429: Too
 *   many requests"; "Resolve errors", developers.google.com/drive/api/guides/handle-errors: 500
 *   and 503 backendError) and promises nowhere that the request had no effect, so a retry may
 *   find its first attempt landed.
 *
 * A `kill` rule with `partial: k` (`killAt(n, { partial: k })`) stops a `fetchAll` part way: the
 * first k requests of the batch take effect, the rest are never sent, and the execution dies.
 * Google documents fetchAll only as making "multiple requests" and promises nothing about an
 * execution stopped while they are in flight. On any other call, `partial: 0` is `kill` and
 * `partial` of 1 or more is `killAfter`.
 */
export type FaultKind =
  | 'kill'
  | 'killAfter'
  | 'error'
  | 'transient5xx'
  | 'rateLimit'
  | 'successWithError'
  | 'landedWithError';

/** The HTTP statuses a `landedWithError` fault answers. */
export type LandedStatus = 403 | 429 | 500 | 503;
export const LANDED_STATUSES: readonly LandedStatus[] = [403, 429, 500, 503];

/** A fault that fired on a call: its kind and the rule's options. */
export interface FiredFault {
  kind: FaultKind;
  /** For `landedWithError`: the status answered. */
  status?: LandedStatus;
  /** For `kill`: how many requests of a fetchAll take effect before the execution dies. */
  partial?: number;
}

export interface CallInfo {
  /** 1-based index of this call across the whole workspace. */
  index: number;
  service: string;
  method: string;
  kind: 'read' | 'write';
  user: string;
  executionId: number;
  /** For Drive REST requests: the request's path, e.g. `files/abc/copy`. */
  detail?: string;
}

export interface FaultRule {
  kind: FaultKind;
  /** Fire at this global call index. */
  atIndex?: number;
  /** Fire at the nth call (1-based) that matches `match`. */
  nth?: number;
  /** Which calls the rule looks at; all calls when absent. */
  match?: (call: CallInfo) => boolean;
  /** Fire on each matching call with this probability (drawn from the workspace seed). */
  probability?: number;
  /** At most this many firings; unlimited when absent (1 for atIndex/nth rules). */
  times?: number;
  /** `landedWithError` only, and required there: the status the caller is answered. */
  status?: LandedStatus;
  /** `kill` only: the first `partial` requests of a fetchAll take effect, then the kill. */
  partial?: number;
}

interface ActiveRule extends FaultRule {
  source: FaultRule;
  seen: number;
  fired: number;
}

/** Deterministic fault injection: every draw comes from the workspace seed. */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  readonly fired: Array<{ kind: FaultKind; call: CallInfo }> = [];

  constructor(private readonly random: SeededRandom) {}

  add(rule: FaultRule): FaultRule {
    if (rule.atIndex === undefined && rule.nth === undefined && rule.probability === undefined) {
      throw new Error('a fault rule needs atIndex, nth or probability');
    }
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new RangeError(`fault probability must be between 0 and 1, got ${rule.probability}`);
    }
    if (rule.kind === 'landedWithError' && !LANDED_STATUSES.includes(rule.status as LandedStatus)) {
      throw new RangeError(
        `a landedWithError fault needs status 403, 429, 500 or 503, got ${String(rule.status)}`,
      );
    }
    if (rule.status !== undefined && rule.kind !== 'landedWithError') {
      throw new Error(`status is for landedWithError faults, not ${rule.kind}`);
    }
    if (rule.partial !== undefined) {
      if (rule.kind !== 'kill') throw new Error(`partial is for kill faults, not ${rule.kind}`);
      if (!(Number.isInteger(rule.partial) && rule.partial >= 0)) {
        throw new RangeError(`partial must be a whole number of 0 or more, got ${rule.partial}`);
      }
    }
    const active: ActiveRule = { ...rule, source: rule, seen: 0, fired: 0 };
    this.rules.push(active);
    return rule;
  }

  /**
   * Kills the execution at global call `index`: before it acts, after it acted (`true`), or,
   * when that call is a request of a fetchAll, once the batch's first `partial` requests acted.
   */
  killAt(index: number, after: boolean | { partial: number } = false): FaultRule {
    if (typeof after === 'object') {
      return this.add({ kind: 'kill', atIndex: index, partial: after.partial });
    }
    return this.add({ kind: after ? 'killAfter' : 'kill', atIndex: index });
  }

  failAt(index: number, kind: FaultKind = 'error'): FaultRule {
    return this.add({ kind, atIndex: index });
  }

  remove(rule: FaultRule): void {
    this.rules = this.rules.filter((r) => r.source !== rule);
  }

  clear(): void {
    this.rules = [];
  }

  /** The kind of fault to apply to this call, if any. */
  decide(call: CallInfo): FaultKind | null {
    return this.draw(call)?.kind ?? null;
  }

  /** The fault to apply to this call, if any, with its rule's options. */
  draw(call: CallInfo): FiredFault | null {
    for (const rule of this.rules) {
      if (rule.match && !rule.match(call)) continue;
      rule.seen += 1;
      const limit = rule.times ?? (rule.probability === undefined ? 1 : Infinity);
      if (rule.fired >= limit) continue;
      const hit =
        rule.atIndex !== undefined
          ? rule.atIndex === call.index
          : rule.nth !== undefined
            ? rule.nth === rule.seen
            : this.random.next() < (rule.probability ?? 0);
      if (hit) {
        rule.fired += 1;
        this.fired.push({ kind: rule.kind, call });
        return { kind: rule.kind, status: rule.status, partial: rule.partial };
      }
    }
    return null;
  }
}
