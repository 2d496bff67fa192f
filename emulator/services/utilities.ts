import { createHash } from 'node:crypto';
import { ServiceContext, asReal } from '../core/context';
import { EmulatorUsageError, ScriptException } from '../core/errors';
import { fromJavaBytes, toJavaBytes } from './bytes';
import { formatDate } from './date-format';
import { enumOf } from './enums';

type U = typeof GoogleAppsScript.Utilities;

export const Charset = enumOf<U['Charset']>('US_ASCII', 'UTF_8');
export const DigestAlgorithm = enumOf<U['DigestAlgorithm']>(
  'MD2',
  'MD5',
  'SHA_1',
  'SHA_256',
  'SHA_384',
  'SHA_512',
);

/** Utilities.sleep: "The maximum allowed value is 300000 (or 5 minutes)." */
export const SLEEP_MAX_MS = 300_000;

const NODE_DIGEST: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

function encoding(charset: unknown): BufferEncoding {
  return String(charset) === 'US_ASCII' ? 'ascii' : 'utf8';
}

function bytesOf(data: string | number[], charset?: unknown): Buffer {
  return typeof data === 'string' ? Buffer.from(data, encoding(charset)) : fromJavaBytes(data);
}

/** Strict base64: Apps Script refuses text that is not base64 rather than skipping it. */
function decode(encoded: string, alphabet: RegExp, kind: 'base64' | 'base64url'): number[] {
  const text = String(encoded).replace(/\s+/g, '');
  if (!alphabet.test(text)) throw new ScriptException('Could not decode string.');
  return toJavaBytes(Buffer.from(text, kind));
}

type UtilitiesMethods =
  | 'Charset'
  | 'DigestAlgorithm'
  | 'formatDate'
  | 'sleep'
  | 'getUuid'
  | 'base64Encode'
  | 'base64EncodeWebSafe'
  | 'base64Decode'
  | 'base64DecodeWebSafe'
  | 'computeDigest';

class FakeUtilities implements Pick<GoogleAppsScript.Utilities.Utilities, UtilitiesMethods> {
  readonly Charset = Charset;
  readonly DigestAlgorithm = DigestAlgorithm;

  constructor(private readonly ctx: ServiceContext) {}

  formatDate(date: GoogleAppsScript.Base.Date, timeZone: string, format: string): string {
    return this.read('formatDate', () =>
      formatDate(date as unknown as Date, String(timeZone), String(format)),
    );
  }

  /** Sleeping is time the execution spends: it counts toward the 6-minute limit. */
  sleep(milliseconds: number): void {
    this.read('sleep', () => {
      const ms = Number(milliseconds);
      if (!Number.isFinite(ms) || ms > SLEEP_MAX_MS) {
        throw new ScriptException(
          `Invalid argument: milliseconds. The maximum allowed value is ${SLEEP_MAX_MS}.`,
        );
      }
      this.ctx.runtime.wait(Math.max(0, Math.floor(ms)));
    });
  }

  /** An RFC 4122 version 4 UUID drawn from the workspace seed, so runs repeat. */
  getUuid(): string {
    return this.read('getUuid', () => {
      const b = Array.from({ length: 16 }, () => this.ctx.random.int(256));
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      const hex = b.map((x) => x.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    });
  }

  base64Encode(data: string | number[], charset?: GoogleAppsScript.Utilities.Charset): string {
    return this.read('base64Encode', () => bytesOf(data, charset).toString('base64'));
  }

  base64EncodeWebSafe(
    data: string | number[],
    charset?: GoogleAppsScript.Utilities.Charset,
  ): string {
    // Java's URL-safe encoder keeps the '=' padding that Node's base64url drops.
    return this.read('base64EncodeWebSafe', () =>
      bytesOf(data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
    );
  }

  base64Decode(encoded: string, _charset?: GoogleAppsScript.Utilities.Charset): number[] {
    return this.read('base64Decode', () => decode(encoded, /^[A-Za-z0-9+/]*={0,2}$/, 'base64'));
  }

  base64DecodeWebSafe(encoded: string, _charset?: GoogleAppsScript.Utilities.Charset): number[] {
    return this.read('base64DecodeWebSafe', () =>
      decode(encoded, /^[A-Za-z0-9_-]*={0,2}$/, 'base64url'),
    );
  }

  computeDigest(
    algorithm: GoogleAppsScript.Utilities.DigestAlgorithm,
    value: string | number[],
    charset?: GoogleAppsScript.Utilities.Charset,
  ): number[] {
    return this.read('computeDigest', () => {
      const name = NODE_DIGEST[String(algorithm)];
      if (!name) throw new EmulatorUsageError(`digest ${String(algorithm)} is not emulated`);
      return toJavaBytes(createHash(name).update(bytesOf(value, charset)).digest());
    });
  }

  private read<T>(method: string, body: () => T): T {
    return this.ctx.runtime.guard('Utilities', method, 'read', body);
  }
}

export function createUtilities(ctx: ServiceContext): GoogleAppsScript.Utilities.Utilities {
  return asReal<GoogleAppsScript.Utilities.Utilities>(new FakeUtilities(ctx));
}
