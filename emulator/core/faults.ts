import { SeededRandom } from './random';

/**
 * What an injected fault does to one service call:
 * - `kill`: the execution dies before the call takes effect (as when Apps Script stops a script);
 * - `killAfter`: the call takes effect, then the execution dies before it sees the answer;
 * - `error`: the call fails without effect (a service error);
 * - `transient5xx`: the call fails without effect with a 500/503 (an HTTP answer over UrlFetchApp);
 * - `rateLimit`: the call is refused with 403 userRateLimitExceeded / 429;
 * - `successWithError`: the call takes effect but answers an error (Drive documents that a 500 may
 *   follow a write that succeeded).
 */
export type FaultKind =
  'kill' | 'killAfter' | 'error' | 'transient5xx' | 'rateLimit' | 'successWithError';

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
    const active: ActiveRule = { ...rule, source: rule, seen: 0, fired: 0 };
    this.rules.push(active);
    return rule;
  }

  killAt(index: number, after = false): FaultRule {
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

  /** The fault to apply to this call, if any. */
  decide(call: CallInfo): FaultKind | null {
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
        return rule.kind;
      }
    }
    return null;
  }
}
