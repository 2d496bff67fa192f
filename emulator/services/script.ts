import { ServiceContext, asReal } from '../core/context';
import { EmulatorUsageError, ScriptException } from '../core/errors';
import { enumOf } from './enums';
import { isoWeek, zoneFields } from './timezone';
import { LatenessDraw, flatLateness } from './trigger-lateness';
import { ScopeGrants, authorizationInfo } from './authorization';

type Script = typeof GoogleAppsScript.Script;

export const AuthMode = enumOf<Script['AuthMode']>('NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL');
export const EventType = enumOf<Script['EventType']>(
  'CLOCK',
  'ON_OPEN',
  'ON_EDIT',
  'ON_FORM_SUBMIT',
  'ON_CHANGE',
  'ON_EVENT_UPDATED',
);
export const TriggerSource = enumOf<Script['TriggerSource']>(
  'SPREADSHEETS',
  'CLOCK',
  'FORMS',
  'DOCUMENTS',
  'CALENDAR',
);
export const InstallationSource = enumOf<Script['InstallationSource']>(
  'APPS_MARKETPLACE_DOMAIN_ADD_ON',
  'NONE',
  'WEB_STORE_ADD_ON',
);
export const AuthorizationStatus = enumOf<Script['AuthorizationStatus']>(
  'REQUIRED',
  'NOT_REQUIRED',
);
export const WeekDay = enumOf<typeof GoogleAppsScript.Base.Weekday>(
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
);

/** Quotas page: 20 triggers per user per script. */
export const TRIGGERS_PER_USER = 20;
export const TOO_MANY_TRIGGERS_MESSAGE =
  'This script has too many triggers. Triggers must be deleted from the script before more can be added.';
/** ClockTriggerBuilder.everyMinutes: "n must be 1, 5, 10, 15 or 30". */
export const EVERY_MINUTES_ALLOWED = [1, 5, 10, 15, 30];

/**
 * One installable time-driven trigger. A one-shot trigger (`after`, `at`) stays in the project
 * after it has fired, listed by getProjectTriggers and counted toward the 20-trigger limit, until
 * the script deletes it: projects that rely on one-shot triggers delete them themselves "to not
 * leave thousands of old triggers in the list" (GAS-ICS-Sync issue #137, and the Apps Script
 * projects found by the same search that hit "too many triggers" from fired one-shot triggers).
 */
export interface TriggerRecord {
  uid: string;
  handlerFunction: string;
  type: 'CLOCK';
  owner: string;
  createdAt: number;
  /** When it is next due (the earliest it may fire); null once a one-shot trigger has fired. */
  dueAt: number | null;
  /** How long after `dueAt` it fires, drawn when it falls due next. */
  latenessMs: number;
  /** Period of a recurring trigger; null for a one-shot trigger. */
  periodMs: number | null;
  firedCount: number;
  lastFiredAt: number | null;
}

/** One firing of a trigger: when it was due, how late it was drawn to be, when it started. */
export interface TriggerFiring {
  uid: string;
  handlerFunction: string;
  owner: string;
  dueAt: number;
  latenessMs: number;
  firedAt: number;
}

/**
 * Every installable trigger of the project, whoever owns it, when each is due, and how late each
 * fires: a lateness is drawn for each firing when the trigger falls due next (created, or a
 * recurring one rescheduled), so that it stays the same however often the scheduler looks.
 */
export class TriggerRegistry {
  private readonly triggers = new Map<string, TriggerRecord>();
  /** Every firing so far, in order (not saved with the workspace, as executions are not). */
  readonly firings: TriggerFiring[] = [];

  constructor(private readonly lateness: LatenessDraw = flatLateness(0)) {}

  /** Adds a trigger; one without a lateness of its own gets a drawn one. */
  add(record: Omit<TriggerRecord, 'latenessMs'> & { latenessMs?: number }): TriggerRecord {
    if (this.triggers.has(record.uid)) {
      throw new EmulatorUsageError(`trigger ${record.uid} already exists`);
    }
    this.triggers.set(record.uid, { ...record, latenessMs: record.latenessMs ?? this.lateness() });
    return this.get(record.uid)!;
  }

  get(uid: string): TriggerRecord | undefined {
    return this.triggers.get(uid);
  }

  has(uid: string): boolean {
    return this.triggers.has(uid);
  }

  list(): TriggerRecord[] {
    return [...this.triggers.values()];
  }

  ownedBy(user: string): TriggerRecord[] {
    return this.list().filter((t) => t.owner === user);
  }

  remove(uid: string): boolean {
    return this.triggers.delete(uid);
  }

  /** Triggers whose due time has come by `now`, earliest first. */
  due(now: number): TriggerRecord[] {
    return this.list()
      .filter((t) => t.dueAt !== null && t.dueAt <= now)
      .sort((a, b) => a.dueAt! - b.dueAt! || a.createdAt - b.createdAt);
  }

  /** The next trigger to fire and when: its due time plus its lateness. */
  nextDue(): { uid: string; fireAt: number } | null {
    let next: { uid: string; fireAt: number; createdAt: number } | null = null;
    for (const t of this.triggers.values()) {
      if (t.dueAt === null) continue;
      const fireAt = t.dueAt + t.latenessMs;
      if (
        !next ||
        fireAt < next.fireAt ||
        (fireAt === next.fireAt && t.createdAt < next.createdAt)
      ) {
        next = { uid: t.uid, fireAt, createdAt: t.createdAt };
      }
    }
    return next ? { uid: next.uid, fireAt: next.fireAt } : null;
  }

  /**
   * Records that a trigger fired at `at`. A one-shot trigger is done but stays listed; a recurring
   * one is next due at its following slot after `at` (missed slots are skipped, not run twice),
   * late by a new draw.
   */
  markFired(uid: string, at: number): TriggerRecord {
    const t = this.triggers.get(uid);
    if (!t) throw new EmulatorUsageError(`no trigger ${uid} to fire`);
    if (t.dueAt !== null) {
      this.firings.push({
        uid,
        handlerFunction: t.handlerFunction,
        owner: t.owner,
        dueAt: t.dueAt,
        latenessMs: t.latenessMs,
        firedAt: at,
      });
    }
    t.firedCount += 1;
    t.lastFiredAt = at;
    if (t.periodMs === null || t.dueAt === null) {
      t.dueAt = null;
    } else {
      const slots = Math.floor((at - t.dueAt) / t.periodMs) + 1;
      t.dueAt += Math.max(1, slots) * t.periodMs;
      t.latenessMs = this.lateness();
    }
    return { ...t };
  }

  toJSON(): TriggerRecord[] {
    return this.list().map((t) => ({ ...t }));
  }

  /** Triggers saved before their lateness was kept get a drawn one. */
  static fromJSON(json: unknown, lateness?: LatenessDraw): TriggerRegistry {
    const registry = new TriggerRegistry(lateness);
    if (json === undefined || json === null) return registry;
    if (!Array.isArray(json)) throw new EmulatorUsageError('saved triggers are not a list');
    for (const t of json as TriggerRecord[]) {
      if (typeof t?.uid !== 'string' || typeof t.handlerFunction !== 'string') {
        throw new EmulatorUsageError('a saved trigger is malformed');
      }
      registry.add(t);
    }
    return registry;
  }
}

/**
 * The event object of a time-driven trigger (Apps Script "Event objects", time-driven events):
 * authMode FULL, the trigger's uid, and the calendar fields of the firing time in the script's
 * time zone, day-of-week running from 1 (Monday) to 7 (Sunday).
 */
export function buildTimeEvent(
  trigger: Pick<TriggerRecord, 'uid'>,
  at: number,
  timeZone: string,
): GoogleAppsScript.Events.TimeDriven {
  const f = zoneFields(at, timeZone);
  return {
    authMode: AuthMode.FULL,
    triggerUid: trigger.uid,
    year: f.year,
    month: f.month,
    'day-of-month': f.day,
    'day-of-week': f.weekday === 0 ? 7 : f.weekday,
    hour: f.hour,
    minute: f.minute,
    second: f.second,
    timezone: f.zone,
    'week-of-year': isoWeek(f),
  };
}

type TriggerMethods =
  'getUniqueId' | 'getHandlerFunction' | 'getEventType' | 'getTriggerSource' | 'getTriggerSourceId';

export class FakeTrigger implements Pick<GoogleAppsScript.Script.Trigger, TriggerMethods> {
  constructor(
    private readonly ctx: ServiceContext,
    readonly uid: string,
    private readonly handler: string,
  ) {}

  getUniqueId(): string {
    return this.read('getUniqueId', () => this.uid);
  }

  getHandlerFunction(): string {
    return this.read('getHandlerFunction', () => this.handler);
  }

  getEventType(): GoogleAppsScript.Script.EventType {
    return this.read('getEventType', () => EventType.CLOCK);
  }

  getTriggerSource(): GoogleAppsScript.Script.TriggerSource {
    return this.read('getTriggerSource', () => TriggerSource.CLOCK);
  }

  /** A time-driven trigger has no source document, so there is no source id. */
  getTriggerSourceId(): string {
    return this.read('getTriggerSourceId', () => asReal<string>(null));
  }

  private read<T>(method: string, body: () => T): T {
    return this.ctx.runtime.guard('ScriptApp', `Trigger.${method}`, 'read', body);
  }
}

type Schedule = { dueAt: number; periodMs: number | null };

type ClockMethods =
  'after' | 'at' | 'everyMinutes' | 'everyHours' | 'everyDays' | 'everyWeeks' | 'create';

/** Builds one time-driven trigger; the last schedule given wins. */
export class FakeClockTriggerBuilder implements Pick<
  GoogleAppsScript.Script.ClockTriggerBuilder,
  ClockMethods
> {
  private schedule: Schedule | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly registry: TriggerRegistry,
    private readonly handler: string,
  ) {}

  /** A minimum delay: the trigger is due `ms` after now and fires at or after that. */
  after(durationMilliseconds: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    return this.configure('after', () => {
      const ms = Number(durationMilliseconds);
      if (!Number.isInteger(ms) || ms < 0) {
        throw new ScriptException(
          `Invalid argument: durationMilliseconds (${durationMilliseconds})`,
        );
      }
      return { dueAt: this.ctx.clock.now() + ms, periodMs: null };
    });
  }

  at(date: GoogleAppsScript.Base.Date): GoogleAppsScript.Script.ClockTriggerBuilder {
    return this.configure('at', () => {
      const t = new Date(date as unknown as Date).getTime();
      if (Number.isNaN(t)) throw new ScriptException('Invalid argument: date');
      return { dueAt: t, periodMs: null };
    });
  }

  everyMinutes(n: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    return this.configure('everyMinutes', () => {
      if (!EVERY_MINUTES_ALLOWED.includes(Number(n))) {
        throw new ScriptException(
          `Invalid argument: everyMinutes must be 1, 5, 10, 15 or 30 (${n})`,
        );
      }
      return this.every(Number(n) * 60_000);
    });
  }

  everyHours(n: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    return this.configure('everyHours', () => this.every(positive(n, 'everyHours') * 3_600_000));
  }

  everyDays(n: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    return this.configure('everyDays', () => this.every(positive(n, 'everyDays') * 86_400_000));
  }

  everyWeeks(n: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    return this.configure('everyWeeks', () => this.every(positive(n, 'everyWeeks') * 604_800_000));
  }

  /** Refused beyond 20 triggers of the current user in this project, fired one-shots included. */
  create(): GoogleAppsScript.Script.Trigger {
    return this.ctx.runtime.guard('ScriptApp', 'ClockTriggerBuilder.create', 'write', () => {
      if (!this.schedule) {
        throw new ScriptException(
          'A time-based trigger needs a schedule: call after, at or every... before create().',
        );
      }
      const owner = this.ctx.user();
      if (this.registry.ownedBy(owner).length >= TRIGGERS_PER_USER) {
        throw new ScriptException(TOO_MANY_TRIGGERS_MESSAGE);
      }
      const record = this.registry.add({
        uid: newUid(this.ctx, this.registry),
        handlerFunction: this.handler,
        type: 'CLOCK',
        owner,
        createdAt: this.ctx.clock.now(),
        dueAt: this.schedule.dueAt,
        periodMs: this.schedule.periodMs,
        firedCount: 0,
        lastFiredAt: null,
      });
      return asReal<GoogleAppsScript.Script.Trigger>(
        new FakeTrigger(this.ctx, record.uid, record.handlerFunction),
      );
    });
  }

  /** A recurring trigger first runs one period after it is created. */
  private every(periodMs: number): Schedule {
    return { dueAt: this.ctx.clock.now() + periodMs, periodMs };
  }

  private configure(
    method: string,
    make: () => Schedule,
  ): GoogleAppsScript.Script.ClockTriggerBuilder {
    return this.ctx.runtime.guard('ScriptApp', `ClockTriggerBuilder.${method}`, 'read', () => {
      this.schedule = make();
      return asReal<GoogleAppsScript.Script.ClockTriggerBuilder>(this);
    });
  }
}

function positive(n: number, what: string): number {
  const value = Number(n);
  if (!Number.isInteger(value) || value < 1) {
    throw new ScriptException(`Invalid argument: ${what} needs a positive whole number (${n})`);
  }
  return value;
}

/** Trigger ids are long decimal numbers in Apps Script (e.g. 4034124084959907503). */
function newUid(ctx: ServiceContext, registry: TriggerRegistry): string {
  for (;;) {
    let uid = String(1 + ctx.random.int(9));
    while (uid.length < 19) uid += String(ctx.random.int(10));
    if (!registry.has(uid)) return uid;
  }
}

class FakeTriggerBuilder implements Pick<GoogleAppsScript.Script.TriggerBuilder, 'timeBased'> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly registry: TriggerRegistry,
    private readonly handler: string,
  ) {}

  timeBased(): GoogleAppsScript.Script.ClockTriggerBuilder {
    return this.ctx.runtime.guard('ScriptApp', 'TriggerBuilder.timeBased', 'read', () =>
      asReal<GoogleAppsScript.Script.ClockTriggerBuilder>(
        new FakeClockTriggerBuilder(this.ctx, this.registry, this.handler),
      ),
    );
  }
}

type ScriptAppMembers =
  | 'AuthMode'
  | 'AuthorizationStatus'
  | 'EventType'
  | 'InstallationSource'
  | 'TriggerSource'
  | 'WeekDay'
  | 'newTrigger'
  | 'getProjectTriggers'
  | 'getUserTriggers'
  | 'deleteTrigger'
  | 'getOAuthToken'
  | 'getScriptId'
  | 'getAuthorizationInfo';

class FakeScriptApp implements Pick<GoogleAppsScript.Script.ScriptApp, ScriptAppMembers> {
  readonly AuthMode = AuthMode;
  readonly AuthorizationStatus = AuthorizationStatus;
  readonly EventType = EventType;
  readonly InstallationSource = InstallationSource;
  readonly TriggerSource = TriggerSource;
  readonly WeekDay = WeekDay;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly registry: TriggerRegistry,
    private readonly tokenFor: (user: string) => string,
    private readonly grants: ScopeGrants,
  ) {}

  /** What the user has granted of the manifest's scopes (see authorization.ts). */
  getAuthorizationInfo(
    authMode: GoogleAppsScript.Script.AuthMode,
    oAuthScopes?: string[],
  ): GoogleAppsScript.Script.AuthorizationInfo {
    return this.guard('getAuthorizationInfo', 'read', () =>
      authorizationInfo(this.ctx, this.grants, authMode, oAuthScopes),
    );
  }

  newTrigger(functionName: string): GoogleAppsScript.Script.TriggerBuilder {
    return this.guard('newTrigger', 'read', () => {
      if (typeof functionName !== 'string' || !functionName) {
        throw new ScriptException('Invalid argument: functionName');
      }
      return asReal<GoogleAppsScript.Script.TriggerBuilder>(
        new FakeTriggerBuilder(this.ctx, this.registry, functionName),
      );
    });
  }

  /** Documented: the installable triggers of this project owned by the current user. */
  getProjectTriggers(): GoogleAppsScript.Script.Trigger[] {
    return this.guard('getProjectTriggers', 'read', () =>
      this.registry
        .ownedBy(this.ctx.user())
        .map((t) =>
          asReal<GoogleAppsScript.Script.Trigger>(
            new FakeTrigger(this.ctx, t.uid, t.handlerFunction),
          ),
        ),
    );
  }

  /** The user's triggers on a given document; time-driven triggers belong to none. */
  getUserTriggers(_container: unknown): GoogleAppsScript.Script.Trigger[] {
    return this.guard('getUserTriggers', 'read', () => []);
  }

  /** Deletes one of the current user's triggers; anything else is left alone. */
  deleteTrigger(trigger: GoogleAppsScript.Script.Trigger): void {
    this.guard('deleteTrigger', 'write', () => {
      const uid = trigger instanceof FakeTrigger ? trigger.uid : String(trigger?.getUniqueId());
      if (this.registry.get(uid)?.owner === this.ctx.user()) this.registry.remove(uid);
    });
  }

  /** The OAuth token of the user the execution runs as. */
  getOAuthToken(): string {
    return this.guard('getOAuthToken', 'read', () => this.tokenFor(this.ctx.user()));
  }

  getScriptId(): string {
    return this.guard('getScriptId', 'read', () => this.ctx.scriptId);
  }

  private guard<T>(method: string, kind: 'read' | 'write', body: () => T): T {
    return this.ctx.runtime.guard('ScriptApp', method, kind, body);
  }
}

export function createScriptApp(
  ctx: ServiceContext,
  registry: TriggerRegistry,
  tokenFor: (user: string) => string,
  grants: ScopeGrants = new ScopeGrants(() => []),
): GoogleAppsScript.Script.ScriptApp {
  return asReal<GoogleAppsScript.Script.ScriptApp>(
    new FakeScriptApp(ctx, registry, tokenFor, grants),
  );
}
