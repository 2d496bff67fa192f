import fs from 'node:fs';
import path from 'node:path';
import { BundleContext, loadBundle, topLevelFunctions } from './bundle';
import { simulatedDate } from './core/clock';
import { ContextOptions, ServiceContext, createContext } from './core/context';
import { EmulatorUsageError } from './core/errors';
import { FaultInjector } from './core/faults';
import { ACCOUNT_TIERS, AccountTier, QuotaLedger } from './core/quotas';
import { RunResult } from './core/runtime';
import { LatencyTable } from './core/latency';
import { DriveStore } from './drive/store';
import { DriveCapacity, DriveLimitsOptions, validateDriveLimits } from './drive/capacity';
import { createDriveApp } from './drive';
import { createUrlFetchApp } from './urlfetch';
import { SpreadsheetStore } from './spreadsheet/store';
import { createSpreadsheetApp } from './spreadsheet';
import { UiRecorder } from './spreadsheet/ui';
import { PropertyStores, createPropertiesService } from './services/properties';
import { CacheStore, createCacheService } from './services/cache';
import { LockManager, createLockService } from './services/lock';
import { TriggerRegistry, createScriptApp, buildTimeEvent } from './services/script';
import { ScopeGrants, manifestScopes } from './services/authorization';
import { createSession } from './services/session';
import { MailOutbox, createMailApp } from './services/mail';
import { createUtilities } from './services/utilities';
import { LogBook, createLogger, createConsole } from './services/logger';
import { createHtmlService } from './services/html';
import { checkCallable, crossPage } from './script-run';
import { LatenessDraw, drawnLateness, flatLateness } from './services/trigger-lateness';
import { SeededRandom } from './core/random';
import {
  DRIVE_WRITE_CEILING,
  FAST_LATENCY,
  REALISTIC_LATENCY,
  TRIGGER_LATENESS,
} from './latency.config';

export interface WorkspaceOptions {
  /** Seed of every random draw (ids, latency, faults). Same seed, same run. */
  seed?: number;
  /** 'fast' (default): a flat few ms per call; 'realistic': the public figures; or a table. */
  latency?: 'fast' | 'realistic' | LatencyTable;
  /** Drive's per-account write ceiling; on by default with realistic latency only. */
  driveWriteCeiling?: boolean;
  /** Simulated start time. */
  start?: Date | number;
  timeZone?: string;
  /**
   * How late every due time-driven trigger fires, the same each time. Unset (the default), each
   * firing is late by a seeded draw from the model in latency.config.ts (`TRIGGER_LATENESS`).
   */
  triggerLatenessMs?: number;
  /**
   * Simulated ms per measured ms of the bundle's own work between service calls; 0 measures
   * nothing. Default 1 with realistic latency, 0 otherwise (runs then repeat exactly for a seed).
   */
  cpuScale?: number;
  /** The users of the spreadsheet; the first one owns it and is the default user. */
  users?: string[];
  /** Folder holding the built deployment. */
  distDir?: string;
  /**
   * Whose daily quotas apply (the two columns of Google's quotas table): a consumer account such
   * as gmail.com (default) or a Google Workspace account.
   */
  accountTier?: AccountTier;
  /**
   * How long (simulated ms) a new, moved or trashed item takes to show up in, or leave, listings
   * by parent (files.list with `'<id>' in parents`, a folder's getFiles/getFolders) and name
   * searches; reads by id are immediate. 0 (default): listings are consistent.
   */
  listingLagMs?: number;
  /**
   * Consumer accounts as Google documents them: `Session.getActiveUser().getEmail()` answers ''
   * for every user but the spreadsheet's owner (the bound script's developer). Off by default.
   */
  blankActiveUser?: boolean;
  /**
   * Drive's capacity limits, lowered for tests: each user's storage quota, items directly in a
   * folder, bytes uploaded or copied a day (drive/capacity.ts). Unset: Google's figures (15 GB
   * consumer / 30 GB Workspace, 500,000, 750 GB).
   */
  driveLimits?: DriveLimitsOptions;
}

export const DEFAULT_USER = 'ops@example.com';

/** A spreadsheet, its Drive and its script project, emulated: the one entry tests use. */
export class Workspace {
  readonly ctx: ServiceContext;
  readonly users: string[];
  readonly drive: DriveStore;
  readonly sheets: SpreadsheetStore;
  readonly ui = new UiRecorder();
  readonly properties: PropertyStores;
  readonly locks = new LockManager();
  readonly triggers: TriggerRegistry;
  readonly logs = new LogBook();
  readonly caches = new CacheStore();
  /** Every email the scripts sent (MailApp), for tests and the playground to read. */
  readonly mail = new MailOutbox();
  /**
   * The scopes each user granted: all of the deployment manifest's unless a test withholds one
   * (`ws.grants.withhold(user, scope)`); ScriptApp.getAuthorizationInfo answers from it.
   */
  readonly grants = new ScopeGrants(() => manifestScopes(this.ctx.distDir));
  /** Draws how late a trigger fires past its due time (what the scheduler uses). */
  readonly triggerLateness: LatenessDraw;
  private bundle: BundleContext | null = null;
  /** Where `advance` collects the triggers that start inside other executions. */
  private overlapped: RunResult[] | null = null;
  private bundleFunctions: string[] = [];

  constructor(
    readonly options: WorkspaceOptions = {},
    saved?: SavedWorkspace,
  ) {
    validateOptions(options);
    this.ctx = createContext(contextOptions(options));
    this.users = options.users?.length ? [...options.users] : [DEFAULT_USER];
    this.drive = saved ? DriveStore.fromJSON(this.ctx, saved.drive) : new DriveStore(this.ctx);
    this.sheets = saved
      ? SpreadsheetStore.fromJSON(this.ctx, this.drive, saved.sheets)
      : new SpreadsheetStore(this.ctx, this.drive);
    this.drive.listingLagMs = options.listingLagMs ?? 0;
    this.drive.capacity = new DriveCapacity(this.ctx.quotas.tier, options.driveLimits);
    this.properties = saved ? PropertyStores.fromJSON(saved.properties) : new PropertyStores();
    this.triggerLateness =
      options.triggerLatenessMs === undefined
        ? drawnLateness(TRIGGER_LATENESS, new SeededRandom((options.seed ?? 1) ^ 0x1a7e))
        : flatLateness(options.triggerLatenessMs);
    this.triggers = saved
      ? TriggerRegistry.fromJSON(saved.triggers, this.triggerLateness)
      : new TriggerRegistry(this.triggerLateness);
    if (saved) this.ctx.quotas.restore(saved.quotas);
    this.ctx.runtime.cpuScale = options.cpuScale ?? (options.latency === 'realistic' ? 1 : 0);
    this.ctx.runtime.onExecutionEnd((ex) => this.locks.releaseAll(ex.id));
    this.ctx.runtime.onTimePassed(() => this.startOverlapping());
    this.ctx.runtime.onReplayed((result) => this.overlapped?.push(result));
  }

  get owner(): string {
    return this.users[0];
  }

  get clock() {
    return this.ctx.clock;
  }

  get faults(): FaultInjector {
    return this.ctx.runtime.faults;
  }

  get runtime() {
    return this.ctx.runtime;
  }

  /**
   * The per-user daily quotas of the workspace, shared by every execution: `used(user, kind)`,
   * `remaining`, `resetsAt` (ms), `limit(kind)`, and `spend(user, kind, n)` for tests to start
   * from a day already partly used.
   */
  get quotas(): QuotaLedger {
    return this.ctx.quotas;
  }

  /** The Apps Script globals the bundle sees: the emulated services and nothing from Node. */
  globals(): Record<string, unknown> {
    const ctx = this.ctx;
    const tokenFor = (user: string) => `emulated-token:${user}`;
    const userForToken = (token: string) =>
      token.startsWith('emulated-token:') && this.users.includes(token.slice(15))
        ? token.slice(15)
        : undefined;
    return {
      SpreadsheetApp: createSpreadsheetApp(ctx, this.sheets, this.ui),
      DriveApp: createDriveApp(ctx, this.drive),
      UrlFetchApp: createUrlFetchApp(ctx, this.drive, userForToken),
      PropertiesService: createPropertiesService(ctx, this.properties),
      CacheService: createCacheService(ctx, this.caches),
      LockService: createLockService(ctx, this.locks),
      ScriptApp: createScriptApp(ctx, this.triggers, tokenFor, this.grants),
      HtmlService: createHtmlService(ctx),
      Session: createSession(ctx, {
        blankActiveUser: (user) => this.options.blankActiveUser === true && user !== this.owner,
      }),
      Utilities: createUtilities(ctx),
      MailApp: createMailApp(ctx, this.mail),
      Logger: createLogger(ctx, this.logs),
      console: createConsole(ctx, this.logs),
      Date: simulatedDate(ctx.clock, () => ctx.runtime.readClock()),
    };
  }

  /** Loads the built dist/Code.js (gas-local) into a context of emulated globals. */
  loadBundle(distDir = this.ctx.distDir): this {
    this.ctx.distDir = distDir;
    this.bundle = loadBundle(distDir, this.globals());
    this.bundleFunctions = topLevelFunctions(this.bundle, distDir);
    return this;
  }

  /** The bundle's top-level functions, as Apps Script would list them. */
  functions(): string[] {
    return [...this.bundleFunctions];
  }

  /** Runs one global of the bundle as one execution by `user` (the owner by default). */
  run<T = unknown>(fn: string, args: unknown[] = [], opts: { user?: string } = {}): RunResult<T> {
    const target = this.target(fn);
    const user = this.userOf(opts.user);
    return this.ctx.runtime.execute(fn, user, () => target(...args) as T);
  }

  /**
   * Runs a global as `google.script.run` would from a page: arguments and result must be
   * JSON-safe, private functions (ending in `_`) are refused, and a result holding a value that
   * cannot cross (a Date, a function) arrives as null, as Google's client reports.
   */
  callFromPage<T = unknown>(fn: string, args: unknown[] = [], opts: { user?: string } = {}) {
    checkCallable(fn);
    const sent = args.map((a, i) => crossPage(a, `${fn} argument ${i + 1}`));
    const result = this.run<T>(fn, sent, opts);
    if (!result.ok) return result;
    try {
      return { ...result, value: crossPage(result.value, `${fn} result`) as T };
    } catch {
      return { ...result, value: null as T };
    }
  }

  /** Runs code as one execution outside the bundle (setup and assertions through the services). */
  execute<T>(body: () => T, opts: { user?: string; fn?: string } = {}): RunResult<T> {
    return this.ctx.runtime.execute(opts.fn ?? 'test', this.userOf(opts.user), body);
  }

  /**
   * Moves the simulated clock forward by `ms`, firing every time-driven trigger that falls due on
   * the way (each as its own execution by the trigger's owner, late by its drawn lateness; one
   * that falls due while another runs starts inside it, side by side).
   */
  advance(ms: number): RunResult[] {
    if (!(ms >= 0)) throw new EmulatorUsageError(`advance() needs a positive duration, got ${ms}`);
    const until = this.clock.now() + ms;
    const results: RunResult[] = [];
    const outer = this.overlapped;
    this.overlapped = results;
    try {
      for (;;) {
        const next = this.triggers.nextDue();
        if (!next || next.fireAt > until) break;
        this.clock.advanceTo(next.fireAt);
        const result = this.fireTrigger(next.uid);
        // One set aside for a lock is reported once it has been played again.
        if (!result.deferred) results.push(result);
      }
    } finally {
      this.overlapped = outer;
    }
    this.clock.advanceTo(until);
    // With those that started inside another execution, in the order they started.
    return results.sort((a, b) => a.execution.id - b.execution.id);
  }

  /** Fires every trigger due now (with lateness) or earlier, without moving past now. */
  runDueTriggers(): RunResult[] {
    return this.advance(0);
  }

  /** Advances until no trigger is armed or `maxMs` passes; returns every execution it ran. */
  settle(maxMs = 24 * 60 * 60 * 1000): RunResult[] {
    const deadline = this.clock.now() + maxMs;
    const results: RunResult[] = [];
    for (;;) {
      const next = this.triggers.nextDue();
      if (!next || next.fireAt > deadline) break;
      // A trigger that fell due after an execution's last call is overdue: it fires now.
      results.push(...this.advance(Math.max(0, next.fireAt - this.clock.now())));
    }
    return results;
  }

  /**
   * Starts, inside the running execution, every trigger that fell due on its timeline: Apps Script
   * does not wait for a running execution to end. Each starts at its due time (late by the
   * lateness), not before the running execution started, and runs side by side with it.
   */
  private startOverlapping(): void {
    const runningSince = this.ctx.runtime.current().startedAt;
    for (;;) {
      const next = this.triggers.nextDue();
      if (!next || next.fireAt > this.clock.now()) return;
      const result = this.fireTrigger(next.uid, Math.max(next.fireAt, runningSince));
      if (!result.deferred) this.overlapped?.push(result);
    }
  }

  private fireTrigger(uid: string, at = this.clock.now()): RunResult {
    const trigger = this.triggers.markFired(uid, at);
    const event = buildTimeEvent(trigger, at, this.ctx.timeZone);
    const target = this.bundle?.[trigger.handlerFunction];
    return this.ctx.runtime.execute(
      trigger.handlerFunction,
      trigger.owner,
      () => {
        this.ctx.quotas.beginTriggerRun(trigger.owner);
        if (typeof target !== 'function') {
          throw new Error(`Script function not found: ${trigger.handlerFunction}`);
        }
        return (target as (e: unknown) => unknown)(event);
      },
      uid,
      at,
    );
  }

  private target(fn: string): (...args: unknown[]) => unknown {
    if (!this.bundle) throw new EmulatorUsageError('no bundle loaded: call loadBundle() first');
    const target = this.bundle[fn];
    if (typeof target !== 'function' || !this.bundleFunctions.includes(fn)) {
      throw new EmulatorUsageError(
        `the bundle has no global function "${fn}"; it has: ${this.bundleFunctions.join(', ')}`,
      );
    }
    return target as (...args: unknown[]) => unknown;
  }

  private userOf(user?: string): string {
    const who = user ?? this.owner;
    if (!this.users.includes(who)) {
      throw new EmulatorUsageError(`unknown user "${who}"; users are: ${this.users.join(', ')}`);
    }
    return who;
  }

  /** Adds a user of the workspace (someone the spreadsheet is shared with, or not). */
  addUser(email: string): void {
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
      throw new EmulatorUsageError(`"${email}" is not an email address`);
    }
    if (!this.users.includes(email)) this.users.push(email);
  }

  /** Everything needed to restore the workspace: the playground persists it between runs. */
  toJSON(): SavedWorkspace {
    return {
      version: 1,
      options: this.options,
      users: this.users,
      now: this.clock.now(),
      drive: this.drive.toJSON(),
      sheets: this.sheets.toJSON(),
      properties: this.properties.toJSON(),
      triggers: this.triggers.toJSON(),
      quotas: this.ctx.quotas.toJSON(),
    };
  }

  save(file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(this.toJSON()));
  }

  static load(file: string, overrides: WorkspaceOptions = {}): Workspace {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as SavedWorkspace;
    if (json?.version !== 1) throw new EmulatorUsageError(`${file} is not a saved workspace`);
    return new Workspace(
      { ...json.options, ...overrides, start: json.now, users: json.users },
      json,
    );
  }
}

/** What `toJSON` writes and `load` reads back. */
export interface SavedWorkspace {
  version: 1;
  options: WorkspaceOptions;
  users: string[];
  now: number;
  drive: unknown;
  sheets: unknown;
  properties: unknown;
  triggers: unknown;
  /** The daily quota usage; absent from workspaces saved before quotas were kept. */
  quotas?: unknown;
}

function contextOptions(o: WorkspaceOptions): ContextOptions {
  const latency =
    o.latency === 'realistic'
      ? REALISTIC_LATENCY
      : o.latency === 'fast' || o.latency === undefined
        ? FAST_LATENCY
        : o.latency;
  const ceilingOn = o.driveWriteCeiling ?? o.latency === 'realistic';
  return {
    seed: o.seed,
    latency,
    ceiling: ceilingOn ? DRIVE_WRITE_CEILING : null,
    start: o.start === undefined ? undefined : new Date(o.start).getTime(),
    timeZone: o.timeZone,
    distDir: o.distDir,
    accountTier: o.accountTier,
  };
}

const KNOWN_OPTIONS = new Set([
  'seed',
  'latency',
  'driveWriteCeiling',
  'start',
  'timeZone',
  'triggerLatenessMs',
  'cpuScale',
  'users',
  'distDir',
  'accountTier',
  'listingLagMs',
  'blankActiveUser',
  'driveLimits',
]);

function validateOptions(o: WorkspaceOptions): void {
  if (o === null || typeof o !== 'object') {
    throw new EmulatorUsageError('workspace options must be an object');
  }
  for (const key of Object.keys(o)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new EmulatorUsageError(
        `unknown workspace option "${key}"; known: ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  if (o.seed !== undefined && !Number.isInteger(o.seed)) {
    throw new EmulatorUsageError(`seed must be an integer, got ${String(o.seed)}`);
  }
  if (
    o.latency !== undefined &&
    o.latency !== 'fast' &&
    o.latency !== 'realistic' &&
    (typeof o.latency !== 'object' || o.latency === null)
  ) {
    throw new EmulatorUsageError(`latency must be 'fast', 'realistic' or a table`);
  }
  if (o.cpuScale !== undefined && !(Number.isFinite(o.cpuScale) && o.cpuScale >= 0)) {
    throw new EmulatorUsageError(
      `cpuScale must be a number of 0 or more, got ${String(o.cpuScale)}`,
    );
  }
  if (
    o.listingLagMs !== undefined &&
    !(typeof o.listingLagMs === 'number' && Number.isFinite(o.listingLagMs) && o.listingLagMs >= 0)
  ) {
    throw new EmulatorUsageError(
      `listingLagMs must be a number of 0 or more, got ${String(o.listingLagMs)}`,
    );
  }
  if (
    o.triggerLatenessMs !== undefined &&
    !(
      typeof o.triggerLatenessMs === 'number' &&
      Number.isFinite(o.triggerLatenessMs) &&
      o.triggerLatenessMs >= 0
    )
  ) {
    throw new EmulatorUsageError(
      `triggerLatenessMs must be a number of 0 or more, got ${String(o.triggerLatenessMs)}`,
    );
  }
  if (o.blankActiveUser !== undefined && typeof o.blankActiveUser !== 'boolean') {
    throw new EmulatorUsageError(
      `blankActiveUser must be true or false, got ${String(o.blankActiveUser)}`,
    );
  }
  validateDriveLimits(o.driveLimits);
  if (o.start !== undefined && Number.isNaN(new Date(o.start).getTime())) {
    throw new EmulatorUsageError(`start is not a valid date: ${String(o.start)}`);
  }
  if (o.accountTier !== undefined && !ACCOUNT_TIERS.includes(o.accountTier)) {
    throw new EmulatorUsageError(
      `accountTier must be 'consumer' or 'workspace', got ${String(o.accountTier)}`,
    );
  }
}
