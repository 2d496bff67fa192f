import { SimClock } from './clock';
import { DAILY_QUOTAS, QUOTA_MESSAGES, QUOTA_WINDOW_MS, QuotaLedger } from './quotas';

const OPS = 'ops@example.com';
const ANA = 'ana@example.com';
const HOUR = 60 * 60 * 1000;

function ledger(tier?: 'consumer' | 'workspace', start = Date.UTC(2026, 10, 24, 9)) {
  const clock = new SimClock(start);
  return { clock, quotas: new QuotaLedger(clock, tier) };
}

describe('the daily quota ledger', () => {
  test("Google's figures for consumer and Google Workspace accounts", () => {
    // Apps Script quotas page, "Current quotas".
    expect(DAILY_QUOTAS).toEqual({
      urlFetch: { consumer: 20_000, workspace: 100_000 },
      properties: { consumer: 50_000, workspace: 500_000 },
      triggerRuntime: { consumer: 90 * 60_000, workspace: 6 * HOUR },
      spreadsheetsCreated: { consumer: 250, workspace: 3_200 },
      emailRecipients: { consumer: 100, workspace: 1_500 },
    });
    expect(ledger().quotas.limit('urlFetch')).toBe(20_000);
    expect(ledger('workspace').quotas.limit('urlFetch')).toBe(100_000);
    expect(QUOTA_WINDOW_MS).toBe(24 * HOUR);
  });

  test('takes up to the limit, then refuses with the exception and counts nothing more', () => {
    const { quotas } = ledger();
    quotas.spend(OPS, 'spreadsheetsCreated', 249);
    quotas.take(OPS, 'spreadsheetsCreated');
    expect(quotas.used(OPS, 'spreadsheetsCreated')).toBe(250);
    expect(() => quotas.take(OPS, 'spreadsheetsCreated')).toThrow(
      QUOTA_MESSAGES.spreadsheetsCreated,
    );
    expect(quotas.used(OPS, 'spreadsheetsCreated')).toBe(250);
    expect(quotas.remaining(OPS, 'spreadsheetsCreated')).toBe(0);
  });

  test('a batch that would pass the limit is refused whole', () => {
    const { quotas } = ledger();
    quotas.spend(OPS, 'urlFetch', 19_998);
    expect(() => quotas.take(OPS, 'urlFetch', 3)).toThrow(QUOTA_MESSAGES.urlFetch);
    expect(quotas.used(OPS, 'urlFetch')).toBe(19_998);
    quotas.take(OPS, 'urlFetch', 2);
    expect(quotas.used(OPS, 'urlFetch')).toBe(20_000);
  });

  test('quotas are per user and per kind', () => {
    const { quotas } = ledger();
    quotas.spend(OPS, 'properties', 50_000);
    expect(() => quotas.take(OPS, 'properties')).toThrow(QUOTA_MESSAGES.properties);
    quotas.take(ANA, 'properties');
    quotas.take(OPS, 'urlFetch');
    expect(quotas.used(ANA, 'properties')).toBe(1);
  });

  test('a counter resets 24 hours after its own first use, not at midnight', () => {
    const { clock, quotas } = ledger('consumer', Date.UTC(2026, 10, 24, 23, 0));
    expect(quotas.resetsAt(OPS, 'urlFetch')).toBeNull();
    quotas.take(OPS, 'urlFetch');
    const firstAt = clock.now();
    expect(quotas.resetsAt(OPS, 'urlFetch')).toBe(firstAt + 24 * HOUR);
    quotas.spend(OPS, 'urlFetch', 19_999);

    clock.advance(2 * HOUR); // past midnight UTC (and midnight Pacific time is later still)
    expect(() => quotas.take(OPS, 'urlFetch')).toThrow(QUOTA_MESSAGES.urlFetch);
    // Another counter opened later keeps its own window.
    quotas.take(OPS, 'properties');
    expect(quotas.resetsAt(OPS, 'properties')).toBe(firstAt + 26 * HOUR);

    clock.advanceTo(firstAt + 24 * HOUR - 1);
    expect(() => quotas.take(OPS, 'urlFetch')).toThrow(QUOTA_MESSAGES.urlFetch);
    clock.advanceTo(firstAt + 24 * HOUR);
    expect(quotas.used(OPS, 'urlFetch')).toBe(0);
    expect(quotas.resetsAt(OPS, 'urlFetch')).toBeNull();
    quotas.take(OPS, 'urlFetch');
    expect(quotas.resetsAt(OPS, 'urlFetch')).toBe(firstAt + 48 * HOUR);
    expect(quotas.used(OPS, 'properties')).toBe(1);
  });

  test('a trigger execution is refused once the day of trigger runtime is spent', () => {
    const { quotas } = ledger();
    quotas.beginTriggerRun(OPS);
    expect(quotas.used(OPS, 'triggerRuntime')).toBe(0);
    expect(quotas.resetsAt(OPS, 'triggerRuntime')).not.toBeNull();
    quotas.spend(OPS, 'triggerRuntime', 90 * 60_000 - 1);
    quotas.beginTriggerRun(OPS);
    expect(quotas.triggerRuntimeOver(OPS, 1)).toBe(false);
    expect(quotas.triggerRuntimeOver(OPS, 2)).toBe(true);
    quotas.spend(OPS, 'triggerRuntime', 1);
    expect(() => quotas.beginTriggerRun(OPS)).toThrow(
      'Service using too much computer time for one day.',
    );
  });

  test('saves and restores every open window', () => {
    const { clock, quotas } = ledger('workspace');
    quotas.spend(OPS, 'urlFetch', 7);
    clock.advance(HOUR);
    quotas.spend(ANA, 'triggerRuntime', 60_000);
    const back = new QuotaLedger(clock, 'workspace');
    back.restore(JSON.parse(JSON.stringify(quotas.toJSON())));
    expect(back.used(OPS, 'urlFetch')).toBe(7);
    expect(back.resetsAt(OPS, 'urlFetch')).toBe(quotas.resetsAt(OPS, 'urlFetch'));
    expect(back.used(ANA, 'triggerRuntime')).toBe(60_000);
    back.restore(undefined);
    expect(back.used(OPS, 'urlFetch')).toBe(0);
    expect(() => back.restore({ windows: { [OPS]: { mail: { openedAt: 0, used: 1 } } } })).toThrow(
      /unknown quota "mail"/,
    );
    expect(() => back.restore({ windows: { [OPS]: { urlFetch: { used: 1 } } } })).toThrow(
      /malformed/,
    );
  });

  test('misuse is a clear error', () => {
    const { quotas } = ledger();
    expect(() => quotas.used(OPS, 'email' as never)).toThrow(/unknown quota "email"/);
    expect(() => quotas.spend(OPS, 'urlFetch', -1)).toThrow(/positive number/);
  });
});
