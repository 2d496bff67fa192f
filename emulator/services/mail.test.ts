import { createContext, ServiceContext } from '../core/context';
import { QUOTA_MESSAGES } from '../core/quotas';
import { MailOutbox, createMailApp } from './mail';

const OPS = 'ops@example.com';

function run<T>(ctx: ServiceContext, body: () => T, user = OPS) {
  return ctx.runtime.execute('test', user, body);
}

function setup(tier: 'consumer' | 'workspace' = 'consumer') {
  const ctx = createContext({ accountTier: tier });
  const outbox = new MailOutbox();
  return { ctx, outbox, mail: createMailApp(ctx, outbox) };
}

describe('MailApp', () => {
  test('every overload sends one message to the outbox, from the execution’s user', () => {
    const { ctx, outbox, mail } = setup();
    const result = run(ctx, () => {
      mail.sendEmail('a@example.com', 'One', 'Body one');
      mail.sendEmail('b@example.com', 'Two', 'Body two', { name: 'Export', cc: 'c@example.com' });
      mail.sendEmail('d@example.com', 'reply@example.com', 'Three', 'Body three');
      mail.sendEmail({ to: 'e@example.com, f@example.com', subject: 'Four', body: 'Body four' });
    });
    expect(result.ok).toBe(true);
    expect(outbox.sent.map((m) => [m.from, m.to, m.cc, m.subject, m.body])).toEqual([
      [OPS, ['a@example.com'], [], 'One', 'Body one'],
      [OPS, ['b@example.com'], ['c@example.com'], 'Two', 'Body two'],
      [OPS, ['d@example.com'], [], 'Three', 'Body three'],
      [OPS, ['e@example.com', 'f@example.com'], [], 'Four', 'Body four'],
    ]);
    expect(outbox.sent[1].name).toBe('Export');
    expect(outbox.sent[2].replyTo).toBe('reply@example.com');
  });

  test('the daily quota counts recipients: 100 a day for a consumer account, 1,500 for Workspace', () => {
    for (const [tier, limit] of [
      ['consumer', 100],
      ['workspace', 1_500],
    ] as const) {
      const { ctx, mail } = setup(tier);
      const before = run(ctx, () => mail.getRemainingDailyQuota());
      expect(before.value).toBe(limit);
      run(ctx, () =>
        mail.sendEmail({ to: 'a@example.com', cc: 'b@example.com', subject: 's', body: 'b' }),
      );
      expect(run(ctx, () => mail.getRemainingDailyQuota()).value).toBe(limit - 2);
    }
  });

  test('past the quota, sending throws Google’s exception and sends nothing', () => {
    const { ctx, outbox, mail } = setup();
    ctx.quotas.spend(OPS, 'emailRecipients', 99);
    const two = run(ctx, () => mail.sendEmail('a@example.com, b@example.com', 'S', 'B'));
    expect(two.ok).toBe(false);
    expect(String(two.error)).toContain(QUOTA_MESSAGES.emailRecipients);
    expect(outbox.sent).toEqual([]);
    expect(run(ctx, () => mail.sendEmail('a@example.com', 'S', 'B')).ok).toBe(true);
    expect(run(ctx, () => mail.sendEmail('a@example.com', 'S', 'B')).ok).toBe(false);
    expect(outbox.sent).toHaveLength(1);
  });

  test('the quota comes back 24 hours after the day’s first recipient', () => {
    const { ctx, mail } = setup();
    ctx.quotas.spend(OPS, 'emailRecipients', 100);
    expect(run(ctx, () => mail.getRemainingDailyQuota()).value).toBe(0);
    ctx.clock.advance(24 * 60 * 60 * 1000);
    expect(run(ctx, () => mail.getRemainingDailyQuota()).value).toBe(100);
  });

  test('a message with no recipient, or an address that is not one, is refused', () => {
    const { ctx, outbox, mail } = setup();
    expect(run(ctx, () => mail.sendEmail('', 'S', 'B')).ok).toBe(false);
    expect(run(ctx, () => mail.sendEmail('not an address', 'S', 'B')).ok).toBe(false);
    expect(run(ctx, () => (mail.sendEmail as (...a: unknown[]) => void)('a@example.com')).ok).toBe(
      false,
    );
    expect(outbox.sent).toEqual([]);
  });
});
