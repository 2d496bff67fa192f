import { ServiceContext, asReal } from '../core/context';
import { EmulatorUsageError, ScriptException } from '../core/errors';
import { utf8Bytes } from './bytes';

/**
 * Limits of the Properties service. The quotas page states 9 KB per value and 500 KB per property
 * store. A published test of the service (tanaikech, "Report: Specification of Properties Service",
 * 2023) found that a store's size counts key and value bytes together and that a key may hold at
 * most 8,066 bytes; the stricter documented per-value limit is kept because the documentation wins.
 */
export const PROPERTY_VALUE_MAX_BYTES = 9 * 1024;
export const PROPERTY_STORE_MAX_BYTES = 500 * 1024;
export const PROPERTY_KEY_MAX_BYTES = 8066;

/**
 * The daily "Properties read/write" quota (quotas page: 50,000 a day for consumer accounts,
 * 500,000 for Google Workspace; `core/quotas.ts`). Google does not say how calls are counted; the
 * emulator counts one for every call on a Properties object, each being one read or one write of
 * the store (getProperty, getProperties, getKeys, setProperty, setProperties, deleteProperty,
 * deleteAllProperties), whatever the number of keys it carries. Opening a store
 * (getScriptProperties...) reads nothing and does not count. A call refused by a storage limit
 * still counts: it reached the service.
 */
export const STORE_QUOTA_MESSAGE =
  'You have exceeded the property storage quota. Please remove some properties and try again.';

type StringMap = Map<string, string>;

export interface PropertyStoresJSON {
  script: Record<string, string>;
  document: Record<string, string>;
  users: Record<string, Record<string, string>>;
}

/** The three kinds of property store of one script project: script, document and per user. */
export class PropertyStores {
  readonly script: StringMap = new Map();
  readonly document: StringMap = new Map();
  private readonly users = new Map<string, StringMap>();

  /** The user store of `email`, created empty on first use. */
  user(email: string): StringMap {
    let store = this.users.get(email);
    if (!store) {
      store = new Map();
      this.users.set(email, store);
    }
    return store;
  }

  toJSON(): PropertyStoresJSON {
    return {
      script: Object.fromEntries(this.script),
      document: Object.fromEntries(this.document),
      users: Object.fromEntries(
        [...this.users].map(([email, m]) => [email, Object.fromEntries(m)]),
      ),
    };
  }

  static fromJSON(json: unknown): PropertyStores {
    const stores = new PropertyStores();
    if (json === undefined || json === null) return stores;
    const data = json as Partial<PropertyStoresJSON>;
    fill(stores.script, data.script, 'script');
    fill(stores.document, data.document, 'document');
    for (const [email, values] of Object.entries(data.users ?? {})) {
      fill(stores.user(email), values, `user ${email}`);
    }
    return stores;
  }
}

function fill(target: StringMap, values: unknown, what: string): void {
  if (values === undefined) return;
  if (values === null || typeof values !== 'object') {
    throw new EmulatorUsageError(`saved ${what} properties are not an object`);
  }
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string') {
      throw new EmulatorUsageError(`saved ${what} property "${key}" is not a string`);
    }
    target.set(key, value);
  }
}

/** Throws, changing nothing, if `next` would break a documented limit. */
function checkLimits(next: StringMap): void {
  let total = 0;
  for (const [key, value] of next) {
    const keyBytes = utf8Bytes(key);
    const valueBytes = utf8Bytes(value);
    if (keyBytes > PROPERTY_KEY_MAX_BYTES) throw new ScriptException('Argument too large: key');
    if (valueBytes > PROPERTY_VALUE_MAX_BYTES) {
      throw new ScriptException('Argument too large: value');
    }
    total += keyBytes + valueBytes;
  }
  if (total > PROPERTY_STORE_MAX_BYTES) throw new ScriptException(STORE_QUOTA_MESSAGE);
}

type PropertiesMethods =
  | 'getProperty'
  | 'getProperties'
  | 'getKeys'
  | 'setProperty'
  | 'setProperties'
  | 'deleteProperty'
  | 'deleteAllProperties';

/** One property store as the script sees it. Reads return copies, as documented. */
export class FakeProperties implements Pick<
  GoogleAppsScript.Properties.Properties,
  PropertiesMethods
> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly store: StringMap,
  ) {}

  getProperty(key: string): string | null {
    return this.read('getProperty', () => this.store.get(String(key)) ?? null);
  }

  getProperties(): { [key: string]: string } {
    return this.read('getProperties', () => Object.fromEntries(this.store));
  }

  getKeys(): string[] {
    return this.read('getKeys', () => [...this.store.keys()]);
  }

  setProperty(key: string, value: string): GoogleAppsScript.Properties.Properties {
    // The service stores every value as a string: setProperty('n', 5) stores '5'.
    return this.write('setProperty', (next) => next.set(String(key), String(value)));
  }

  setProperties(
    properties: { [key: string]: string },
    deleteAllOthers = false,
  ): GoogleAppsScript.Properties.Properties {
    return this.write('setProperties', (next) => {
      if (deleteAllOthers) next.clear();
      for (const [key, value] of Object.entries(properties)) next.set(key, String(value));
    });
  }

  deleteProperty(key: string): GoogleAppsScript.Properties.Properties {
    return this.write('deleteProperty', (next) => next.delete(String(key)));
  }

  deleteAllProperties(): GoogleAppsScript.Properties.Properties {
    return this.write('deleteAllProperties', (next) => next.clear());
  }

  private read<T>(method: string, body: () => T): T {
    return this.ctx.runtime.guard('PropertiesService', `Properties.${method}`, 'read', () => {
      this.countCall();
      return body();
    });
  }

  /** One read or write toward the user's daily Properties quota; throws once it is spent. */
  private countCall(): void {
    this.ctx.quotas.take(this.ctx.user(), 'properties');
  }

  /** Applies `change` to a copy and commits it only if every limit holds. */
  private write(
    method: string,
    change: (next: StringMap) => void,
  ): GoogleAppsScript.Properties.Properties {
    return this.ctx.runtime.guard('PropertiesService', `Properties.${method}`, 'write', () => {
      this.countCall();
      const next = new Map(this.store);
      change(next);
      checkLimits(next);
      this.store.clear();
      for (const [key, value] of next) this.store.set(key, value);
      return asReal<GoogleAppsScript.Properties.Properties>(this);
    });
  }
}

type ServiceMethods = 'getScriptProperties' | 'getDocumentProperties' | 'getUserProperties';

class FakePropertiesService implements Pick<
  GoogleAppsScript.Properties.PropertiesService,
  ServiceMethods
> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly stores: PropertyStores,
  ) {}

  getScriptProperties(): GoogleAppsScript.Properties.Properties {
    return this.open('getScriptProperties', () => this.stores.script);
  }

  getDocumentProperties(): GoogleAppsScript.Properties.Properties {
    // The project is bound to the spreadsheet, so a document store always exists.
    return this.open('getDocumentProperties', () => this.stores.document);
  }

  /** The store of the user the execution runs as (for a trigger, the trigger's owner). */
  getUserProperties(): GoogleAppsScript.Properties.Properties {
    return this.open('getUserProperties', () => this.stores.user(this.ctx.user()));
  }

  private open(method: string, store: () => StringMap): GoogleAppsScript.Properties.Properties {
    return this.ctx.runtime.guard('PropertiesService', method, 'read', () =>
      asReal<GoogleAppsScript.Properties.Properties>(new FakeProperties(this.ctx, store())),
    );
  }
}

export function createPropertiesService(
  ctx: ServiceContext,
  stores: PropertyStores,
): GoogleAppsScript.Properties.PropertiesService {
  return asReal<GoogleAppsScript.Properties.PropertiesService>(
    new FakePropertiesService(ctx, stores),
  );
}
