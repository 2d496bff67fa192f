import { ServiceContext, asReal } from '../core/context';
import { EmulatorUsageError, ScriptException } from '../core/errors';
import { utf8Bytes } from './bytes';

/**
 * Limits from the Cache reference (Cache.put): keys up to 250 characters, up to 100 KB of data per
 * key, entries expire after 600 s by default and at most after 21600 s (6 hours); the cap is 1,000
 * items, and past it the cache keeps the 900 items farthest from expiration. A published test of
 * the service (J. Poehnelt, "Exploring Apps Script CacheService Limits") found that both size
 * limits throw (100 KB = 102,400 bytes) rather than truncate.
 */
export const CACHE_KEY_MAX_CHARS = 250;
export const CACHE_VALUE_MAX_BYTES = 100 * 1024;
export const CACHE_DEFAULT_TTL_S = 600;
export const CACHE_MAX_TTL_S = 21600;
export const CACHE_ITEM_CAP = 1000;
export const CACHE_ITEMS_KEPT = 900;

interface Entry {
  value: string;
  expiresAt: number;
}

type Entries = Map<string, Entry>;

export type CacheStoreJSON = Record<string, Record<string, Entry>>;

/** Every cache of one project: the script cache, the document cache and one per user. */
export class CacheStore {
  private readonly scopes = new Map<string, Entries>();

  scope(name: string): Entries {
    let entries = this.scopes.get(name);
    if (!entries) {
      entries = new Map();
      this.scopes.set(name, entries);
    }
    return entries;
  }

  toJSON(): CacheStoreJSON {
    return Object.fromEntries(
      [...this.scopes].map(([name, entries]) => [name, Object.fromEntries(entries)]),
    );
  }

  static fromJSON(json: unknown): CacheStore {
    const store = new CacheStore();
    if (json === undefined || json === null) return store;
    for (const [name, entries] of Object.entries(json as CacheStoreJSON)) {
      for (const [key, entry] of Object.entries(entries)) {
        if (typeof entry?.value !== 'string' || typeof entry.expiresAt !== 'number') {
          throw new EmulatorUsageError(`saved cache entry ${name}/${key} is malformed`);
        }
        store.scope(name).set(key, { value: entry.value, expiresAt: entry.expiresAt });
      }
    }
    return store;
  }
}

function checkKey(key: string): void {
  if (key.length > CACHE_KEY_MAX_CHARS) throw new ScriptException('Argument too large: key');
}

function checkValue(value: string): void {
  if (utf8Bytes(value) > CACHE_VALUE_MAX_BYTES) {
    throw new ScriptException('Argument too large: value');
  }
}

/**
 * The documented maximum expiration is 21600 s; a longer one is refused rather than silently
 * shortened, so code that counts on a longer life fails here instead of in production.
 */
function ttlMs(expirationInSeconds: number | undefined): number {
  if (expirationInSeconds === undefined) return CACHE_DEFAULT_TTL_S * 1000;
  const seconds = Number(expirationInSeconds);
  if (!Number.isFinite(seconds) || seconds > CACHE_MAX_TTL_S) {
    throw new ScriptException(
      `Invalid argument: expirationInSeconds (at most ${CACHE_MAX_TTL_S} seconds)`,
    );
  }
  // The published test found a non-positive expiration ignored: the default applies.
  return (seconds > 0 ? seconds : CACHE_DEFAULT_TTL_S) * 1000;
}

type CacheMethods = 'get' | 'getAll' | 'put' | 'putAll' | 'remove' | 'removeAll';

/** One cache. Expiry runs on the simulated clock; the data is never guaranteed to stay. */
export class FakeCache implements Pick<GoogleAppsScript.Cache.Cache, CacheMethods> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly entries: Entries,
  ) {}

  get(key: string): string | null {
    return this.read('get', () => this.lookup(String(key)));
  }

  getAll(keys: string[]): { [key: string]: string } {
    return this.read('getAll', () => {
      const found: { [key: string]: string } = {};
      for (const key of keys.map(String)) {
        const value = this.lookup(key);
        if (value !== null) found[key] = value;
      }
      return found;
    });
  }

  put(key: string, value: string, expirationInSeconds?: number): void {
    this.write('put', () => this.store({ [String(key)]: value }, expirationInSeconds));
  }

  putAll(values: { [key: string]: string }, expirationInSeconds?: number): void {
    this.write('putAll', () => this.store(values, expirationInSeconds));
  }

  remove(key: string): void {
    this.write('remove', () => this.entries.delete(String(key)));
  }

  removeAll(keys: string[]): void {
    this.write('removeAll', () => keys.forEach((key) => this.entries.delete(String(key))));
  }

  private lookup(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.ctx.clock.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  /** Checks every pair before storing any, so a refused call changes nothing. */
  private store(values: { [key: string]: unknown }, expirationInSeconds?: number): void {
    const ttl = ttlMs(expirationInSeconds);
    const pairs = Object.entries(values).map(([key, value]) => [key, String(value)] as const);
    for (const [key, value] of pairs) {
      checkKey(key);
      checkValue(value);
    }
    const expiresAt = this.ctx.clock.now() + ttl;
    for (const [key, value] of pairs) this.entries.set(key, { value, expiresAt });
    this.enforceCap();
  }

  private enforceCap(): void {
    const now = this.ctx.clock.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    if (this.entries.size <= CACHE_ITEM_CAP) return;
    const byExpiry = [...this.entries].sort((a, b) => b[1].expiresAt - a[1].expiresAt);
    for (const [key] of byExpiry.slice(CACHE_ITEMS_KEPT)) this.entries.delete(key);
  }

  private read<T>(method: string, body: () => T): T {
    return this.ctx.runtime.guard('CacheService', `Cache.${method}`, 'read', body);
  }

  private write(method: string, body: () => void): void {
    this.ctx.runtime.guard('CacheService', `Cache.${method}`, 'write', body);
  }
}

type ServiceMethods = 'getScriptCache' | 'getDocumentCache' | 'getUserCache';

class FakeCacheService implements Pick<GoogleAppsScript.Cache.CacheService, ServiceMethods> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly caches: CacheStore,
  ) {}

  getScriptCache(): GoogleAppsScript.Cache.Cache {
    return this.open('getScriptCache', () => 'script');
  }

  /** The project is bound to the spreadsheet, so there is always a containing document. */
  getDocumentCache(): GoogleAppsScript.Cache.Cache {
    return this.open('getDocumentCache', () => 'document');
  }

  getUserCache(): GoogleAppsScript.Cache.Cache {
    return this.open('getUserCache', () => `user:${this.ctx.user()}`);
  }

  private open(method: string, scope: () => string): GoogleAppsScript.Cache.Cache {
    return this.ctx.runtime.guard('CacheService', method, 'read', () =>
      asReal<GoogleAppsScript.Cache.Cache>(new FakeCache(this.ctx, this.caches.scope(scope()))),
    );
  }
}

export function createCacheService(
  ctx: ServiceContext,
  caches: CacheStore = new CacheStore(),
): GoogleAppsScript.Cache.CacheService {
  return asReal<GoogleAppsScript.Cache.CacheService>(new FakeCacheService(ctx, caches));
}
