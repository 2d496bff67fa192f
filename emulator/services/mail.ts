/**
 * MailApp, from its reference (developers.google.com/apps-script/reference/mail/mail-app):
 * `sendEmail(recipient, subject, body)`, `sendEmail(recipient, subject, body, options)`,
 * `sendEmail(to, replyTo, subject, body)`, `sendEmail(message)` (an object with `to`, `cc`, `bcc`,
 * `subject`, `body`, `htmlBody`, `name`, `replyTo`, `noReply`), and `getRemainingDailyQuota()`,
 * "the number of recipients you can send emails to for the rest of the day". Recipients are
 * comma-separated lists.
 *
 * The quota is "Email recipients per day" of the quotas page (quotas.ts): every recipient (to, cc
 * and bcc) of a message counts, and a message whose recipients do not all fit in what is left is
 * refused whole with Google's exception, sending nothing. Nothing is delivered: every message
 * sent lands in the workspace's outbox, which tests and the playground read.
 * Not emulated (they throw): attachments and inline images.
 */
import { ServiceContext, asReal } from '../core/context';
import { EmulatorUsageError, ScriptException } from '../core/errors';

export interface SentMail {
  /** The user whose execution sent it (the message is from them). */
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
  noReply?: boolean;
  /** Simulated clock time, ms. */
  at: number;
}

/** Every message the workspace's scripts sent, in order. */
export class MailOutbox {
  readonly sent: SentMail[] = [];

  to(address: string): SentMail[] {
    return this.sent.filter((m) => m.to.includes(address));
  }
}

interface MessageFields {
  to?: unknown;
  cc?: unknown;
  bcc?: unknown;
  subject?: unknown;
  body?: unknown;
  htmlBody?: unknown;
  name?: unknown;
  replyTo?: unknown;
  noReply?: unknown;
  attachments?: unknown;
  inlineImages?: unknown;
}

/** A loose check of an address: Apps Script refuses what is plainly not one ("Invalid email"). */
const ADDRESS = /^[^\s@,<>]+@[^\s@,<>]+\.[^\s@,<>]+$/;

function addresses(list: unknown): string[] {
  if (list === undefined || list === null || list === '') return [];
  const all = String(list)
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  for (const a of all) if (!ADDRESS.test(a)) throw new ScriptException(`Invalid email: ${a}`);
  return all;
}

class FakeMailApp implements Pick<
  GoogleAppsScript.Mail.MailApp,
  'sendEmail' | 'getRemainingDailyQuota'
> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly outbox: MailOutbox,
  ) {}

  getRemainingDailyQuota(): number {
    return this.ctx.runtime.guard('MailApp', 'getRemainingDailyQuota', 'read', () =>
      this.ctx.quotas.remaining(this.ctx.user(), 'emailRecipients'),
    );
  }

  sendEmail(...args: unknown[]): void {
    this.ctx.runtime.guard('MailApp', 'sendEmail', 'write', () => this.send(fieldsOf(args)));
  }

  private send(m: MessageFields): void {
    if (m.attachments !== undefined || m.inlineImages !== undefined) {
      throw new EmulatorUsageError('MailApp attachments and inline images are not emulated');
    }
    const to = addresses(m.to);
    const cc = addresses(m.cc);
    const bcc = addresses(m.bcc);
    const count = to.length + cc.length + bcc.length;
    if (count === 0) throw new ScriptException('Failed to send email: no recipient');
    this.ctx.quotas.take(this.ctx.user(), 'emailRecipients', count);
    const optional = <K extends 'htmlBody' | 'name' | 'replyTo'>(k: K) =>
      m[k] === undefined ? {} : { [k]: String(m[k]) };
    this.outbox.sent.push({
      from: this.ctx.user(),
      to,
      cc,
      bcc,
      subject: String(m.subject ?? ''),
      body: String(m.body ?? ''),
      ...optional('htmlBody'),
      ...optional('name'),
      ...optional('replyTo'),
      ...(m.noReply === true ? { noReply: true } : {}),
      at: this.ctx.clock.now(),
    });
  }
}

/** The four overloads of sendEmail, as one message. */
function fieldsOf(args: unknown[]): MessageFields {
  if (args.length === 1 && typeof args[0] === 'object' && args[0] !== null) {
    return args[0] as MessageFields;
  }
  if (args.length === 3) return { to: args[0], subject: args[1], body: args[2] };
  if (args.length === 4 && typeof args[3] === 'string') {
    return { to: args[0], replyTo: args[1], subject: args[2], body: args[3] };
  }
  if (args.length === 4 && typeof args[3] === 'object' && args[3] !== null) {
    return { ...(args[3] as MessageFields), to: args[0], subject: args[1], body: args[2] };
  }
  throw new ScriptException(
    'The parameters do not match the method signature for MailApp.sendEmail.',
  );
}

export function createMailApp(
  ctx: ServiceContext,
  outbox: MailOutbox,
): GoogleAppsScript.Mail.MailApp {
  return asReal<GoogleAppsScript.Mail.MailApp>(new FakeMailApp(ctx, outbox));
}
