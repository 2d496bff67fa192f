/**
 * The email to the person who started an export, when it ends, pauses for a daily limit or keeps
 * failing while nobody has its page open (the "unattended job"): one per event, never
 * repeated, none for someone who unticked it or whose address Google does not give, and never a
 * cause of the export failing or stalling.
 */
import type { SentMail } from '../../emulator';
import { Demo, call, demoWorkspace, setSliceBudget } from '../helpers/workspace';
import { shareWorkWith } from '../helpers/sweep';

interface Progress {
  jobId: string;
  batchId: string;
  finished: boolean;
  succeeded: number;
  failed: number;
  paused?: { limit: string; message: string };
}

function eligibleIds(d: Demo, user?: string): string[] {
  const r = d.ws.callFromPage<{ selection: { tasks: Array<{ taskId: string }> } }>(
    'getTasksForStaging',
    [{}],
    { user },
  );
  if (!r.ok) throw new Error(String(r.error));
  return r.value!.selection.tasks.map((t) => t.taskId);
}

function start(d: Demo, user?: string): Progress {
  const r = d.ws.callFromPage<Progress>(
    'executeStagingWizard',
    [{ filters: {}, taskIds: eligibleIds(d, user) }],
    { user },
  );
  if (!r.ok) throw new Error(String(r.error));
  return r.value!;
}

function workspace(demo: Parameters<typeof demoWorkspace>[0] = {}): Demo {
  const d = demoWorkspace({ demo: { tasks: 12, invalid: false, filesPerTask: 6 }, ...demo });
  setSliceBudget(d, 3000);
  return d;
}

const broken = (d: Demo) =>
  d.ws.runtime.executions.filter((e) => e.outcome !== 'ok').map((e) => `${e.fn}: ${e.error}`);

function expectPlain(mail: SentMail): void {
  expect(mail.htmlBody).toBeUndefined();
  expect(mail.subject).not.toMatch(/\n/);
}

describe('an export that finishes with its page closed', () => {
  test('sends its starter one email: the batch, its counts and what to open next', () => {
    const d = workspace();
    const job = start(d);
    d.ws.settle();
    expect(call<Progress>(d, 'getJobProgress', job.jobId)).toMatchObject({
      finished: true,
      succeeded: 12,
    });
    expect(d.ws.mail.sent).toHaveLength(1);
    const [mail] = d.ws.mail.sent;
    expectPlain(mail);
    expect(mail.to).toEqual([d.ws.owner]);
    expect(mail.subject).toBe(`Export batch ${job.batchId} is staged`);
    expect(mail.body).toContain(
      `The staging of export batch ${job.batchId} has finished: 12 tasks staged, 72 files copied.`,
    );
    expect(mail.body).toContain('Production Tracker › Tools › Deliver staged export');
    expect(mail.body).toMatch(/Staging folder: https:\/\/drive\.google\.com\//);
    expect(mail.body).toContain('untick "Email me when an export I started finishes');
    expect(broken(d)).toEqual([]);
  });

  test('with failed tasks, says which and why, as plain text whatever their names hold', () => {
    const d = workspace({ demo: { tasks: 20, hostile: true, filesPerTask: 6 } });
    const job = start(d);
    d.ws.settle();
    const done = call<Progress>(d, 'getJobProgress', job.jobId);
    expect(done.finished).toBe(true);
    expect(done.failed).toBeGreaterThan(0);
    expect(d.ws.mail.sent).toHaveLength(1);
    const [mail] = d.ws.mail.sent;
    expectPlain(mail);
    const n = done.failed;
    expect(mail.subject).toBe(
      `Export batch ${job.batchId}: ${n} ${n === 1 ? 'task needs' : 'tasks need'} attention`,
    );
    expect(mail.body).toContain(`, and ${n} ${n === 1 ? 'task' : 'tasks'} failed.`);
    expect(mail.body).toContain('Production Tracker › Tools › Resume failed exports');
    // The email's own sentences (the reasons are the sheet's failure texts).
    const own = mail.body.split('failed:\n')[0];
    expect(own).not.toMatch(/task\(s\)|file\(s\)/);
    expect(mail.body).toMatch(/failed:\n- Task TSK-\d+: /);
    // A hostile task id reaches the body as the text it is, in a message with no HTML part.
    const hostile = d.demo.tasks.find((t) => t.kind === 'hostile');
    if (hostile && mail.body.includes('<script>')) expect(mail.body).toContain(hostile.taskId);
  });

  test('sends nothing to a person who unticked the setting, and again once they tick it', () => {
    const d = workspace();
    expect(call(d, 'getEmailSetting')).toEqual({ wanted: true, address: d.ws.owner });
    expect(call(d, 'saveEmailSetting', false)).toEqual({ wanted: false, address: d.ws.owner });
    start(d);
    d.ws.settle();
    expect(d.ws.mail.sent).toEqual([]);

    expect(call(d, 'saveEmailSetting', true)).toEqual({ wanted: true, address: d.ws.owner });
    const d2 = workspace();
    start(d2);
    d2.ws.settle();
    expect(d2.ws.mail.sent).toHaveLength(1);
  });

  test('the setting is each person’s own', () => {
    const ana = 'ana@example.com';
    const d = demoWorkspace({
      demo: { tasks: 6, invalid: false, filesPerTask: 6 },
      ws: { users: ['ops@example.com', ana] },
    });
    call(d, 'saveEmailSetting', false);
    const hers = d.ws.callFromPage('getEmailSetting', [], { user: ana });
    expect(hers.value).toEqual({ wanted: true, address: ana });
  });

  test('sends nothing when Google does not give the starter’s address, and the page says so', () => {
    const ana = 'ana@example.com';
    const d = demoWorkspace({
      demo: { tasks: 6, invalid: false, filesPerTask: 6 },
      ws: { users: ['ops@example.com', ana], blankActiveUser: true },
    });
    shareWorkWith(d, ana);
    expect(d.ws.callFromPage('getEmailSetting', [], { user: ana }).value).toEqual({
      wanted: true,
      address: '',
    });
    start(d, ana);
    d.ws.settle();
    expect(d.ws.mail.sent).toEqual([]);
    expect(broken(d)).toEqual([]);
  });
});

describe('an export followed on its page to the end', () => {
  test('sends no email: the person saw it end', () => {
    const d = workspace();
    const job = start(d);
    let p = job;
    for (let i = 0; i < 200 && !p.finished; i++) p = call<Progress>(d, 'continueJob', job.jobId);
    expect(p.finished).toBe(true);
    d.ws.settle();
    expect(d.ws.mail.sent).toEqual([]);
  });
});

describe('a daily limit reached with the page closed', () => {
  test('one email says which limit and when it goes on, however many hourly retries; one more when it ends', () => {
    const d = workspace({ demo: { tasks: 30, invalid: false, filesPerTask: 6 } });
    const owner = d.ws.owner;
    const job = start(d);
    d.ws.advance(6 * 60 * 1000);
    d.ws.quotas.spend(owner, 'urlFetch', d.ws.quotas.remaining(owner, 'urlFetch'));
    // Several hourly tries meet the limit again.
    d.ws.advance(5 * 60 * 60 * 1000);
    const paused = call<Progress>(d, 'getJobProgress', job.jobId);
    expect(paused.paused?.limit).toBe('urlFetch');
    expect(d.ws.mail.sent).toHaveLength(1);
    const [mail] = d.ws.mail.sent;
    expectPlain(mail);
    expect(mail.subject).toBe(`Export batch ${job.batchId} is paused by a daily limit`);
    expect(mail.body).toContain(`The staging of export batch ${job.batchId} is paused. Paused:`);
    expect(mail.body).toContain('URL Fetch calls');
    expect(mail.body).toMatch(/The export goes on by itself by .+, when the limit resets\./);
    expect(mail.body).toContain('Production Tracker › Tools › Export status report');

    d.ws.settle(3 * 24 * 60 * 60 * 1000);
    expect(call<Progress>(d, 'getJobProgress', job.jobId).finished).toBe(true);
    expect(d.ws.mail.sent.map((m) => m.subject)).toEqual([
      `Export batch ${job.batchId} is paused by a daily limit`,
      `Export batch ${job.batchId} is staged`,
    ]);
    // The job's records of what it told are gone with it.
    const left = [...d.ws.properties.script.keys()].filter((k) => k.startsWith('exportNotice.'));
    expect(left).toEqual([]);
  });
});

describe('an export whose slices keep failing with its page closed', () => {
  test('one email once they have failed for half an hour, and no more while they go on failing', () => {
    const d = workspace();
    const byTrigger = (executionId: number) =>
      d.ws.runtime.executions.find((e) => e.id === executionId)?.triggerUid !== undefined;
    // Sheets refuses every write of the triggers' slices (as when it is down for a while).
    const down = d.ws.faults.add({
      kind: 'error',
      probability: 1,
      match: (c) =>
        c.service === 'SpreadsheetApp' && c.kind === 'write' && byTrigger(c.executionId),
    });
    const job = start(d);
    d.ws.advance(20 * 60 * 1000);
    expect(d.ws.mail.sent).toEqual([]);
    d.ws.advance(60 * 60 * 1000);
    expect(d.ws.mail.sent).toHaveLength(1);
    const [mail] = d.ws.mail.sent;
    expectPlain(mail);
    expect(mail.subject).toBe(`Export batch ${job.batchId} needs attention`);
    expect(mail.body).toContain(
      `The staging of export batch ${job.batchId} has kept failing for more than half an hour and may not finish by itself. The last error: `,
    );
    expect(mail.body).toContain('Production Tracker › Tools › Resume failed exports');
    d.ws.advance(60 * 60 * 1000);
    expect(d.ws.mail.sent).toHaveLength(1);

    d.ws.faults.remove(down);
    d.ws.settle();
    expect(call<Progress>(d, 'getJobProgress', job.jobId).finished).toBe(true);
    expect(d.ws.mail.sent.map((m) => m.subject)).toEqual([
      `Export batch ${job.batchId} needs attention`,
      `Export batch ${job.batchId} is staged`,
    ]);
  });

  test('a failure or two that later slices get past sends nothing', () => {
    const d = workspace();
    const byTrigger = (executionId: number) =>
      d.ws.runtime.executions.find((e) => e.id === executionId)?.triggerUid !== undefined;
    d.ws.faults.add({
      kind: 'error',
      probability: 1,
      times: 2,
      match: (c) =>
        c.service === 'SpreadsheetApp' && c.kind === 'write' && byTrigger(c.executionId),
    });
    const job = start(d);
    d.ws.settle();
    expect(call<Progress>(d, 'getJobProgress', job.jobId).finished).toBe(true);
    expect(broken(d).length).toBeGreaterThan(0);
    expect(d.ws.mail.sent.map((m) => m.subject)).toEqual([`Export batch ${job.batchId} is staged`]);
  });
});

describe('email never holds up an export', () => {
  test('the day’s email recipients used up: the export finishes, nothing sent, nothing failed', () => {
    const d = workspace();
    d.ws.quotas.spend(d.ws.owner, 'emailRecipients', 100);
    const job = start(d);
    d.ws.settle();
    expect(call<Progress>(d, 'getJobProgress', job.jobId)).toMatchObject({
      finished: true,
      succeeded: 12,
      failed: 0,
    });
    expect(d.ws.mail.sent).toEqual([]);
    expect(broken(d)).toEqual([]);
    expect(d.ws.logs.messages().some((m) => m.startsWith('Export email to'))).toBe(true);
  });

  test('MailApp failing: the export finishes all the same', () => {
    const d = workspace();
    d.ws.faults.add({ kind: 'error', probability: 1, match: (c) => c.service === 'MailApp' });
    const job = start(d);
    d.ws.settle();
    expect(call<Progress>(d, 'getJobProgress', job.jobId)).toMatchObject({
      finished: true,
      succeeded: 12,
    });
    expect(d.ws.mail.sent).toEqual([]);
    expect(broken(d)).toEqual([]);
  });
});
