/**
 * A rate limit is a rate limit everywhere: every Drive read outside the copier (the settings page,
 * the folder browser, the batch checks of a delivery or a resume, the lost-items check of a
 * running job, the report) is tried again after a backoff when Drive refuses it for rate or fails
 * with a 5xx, and when Drive still does so after the tries, the page says Drive is busy: it never
 * reads as "missing or not shared", and nothing changes. Only a 404 means missing.
 */
import type { CallInfo, FaultRule } from '../../emulator';
import type { ExportStatusReport } from '../../src/shared/rpc';
import { MAX_READ_TRIES } from '../../src/drive/rest-session';
import {
  Demo,
  call,
  demoWorkspace,
  rowOf,
  rows,
  setSliceBudget,
  snapshot,
  startStagingAll,
} from '../helpers/workspace';
import { deliver, deliveryOutcome, stageAll, validTasks } from '../helpers/delivery';
import { allUnder, batchFolder, reasons, shownError, summaryOf } from '../helpers/bad-inputs';

/** How Drive refuses: 403 userRateLimitExceeded, 429 rateLimitExceeded, or a 500/503. */
type Refusal = 'rateLimit' | 'rate429' | 'transient5xx';
const REFUSALS: Refusal[] = ['rateLimit', 'rate429', 'transient5xx'];

/**
 * Drive refuses the matching reads, every time or only the first `times`. A 429 is played by
 * `landedWithError`, which for a read that changes nothing is just the answer.
 */
function refuse(d: Demo, how: Refusal, match: (c: CallInfo) => boolean, times?: number): void {
  const rule: FaultRule =
    how === 'rate429'
      ? { kind: 'landedWithError', status: 429, probability: 1, match }
      : { kind: how, probability: 1, match };
  d.ws.faults.add(times === undefined ? rule : { ...rule, times });
}

const filesGet = (id?: string) => (c: CallInfo) =>
  c.service === 'UrlFetchApp' &&
  c.method === 'drive.files.get' &&
  (id === undefined || c.detail === `files/${id}`);
const filesList = (c: CallInfo) => c.service === 'UrlFetchApp' && c.method === 'drive.files.list';

/** The refusals that fired. */
const fired = (d: Demo) => d.ws.faults.fired.length;

/** What a page shows when Drive stayed busy about `about`. */
function busy(about: string): RegExp {
  const escaped = about.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `Google Drive is busy and did not answer about ${escaped}, even after several tries \\(code (403|429|500|503)\\)\\. Try again in a few minutes\\.`,
  );
}

/** Words that would tell ops the item is gone: never said when Drive was only busy. */
const SAYS_MISSING = /not shared|no longer exists|does not exist|deleted/;

/** The backoff's waits before the last try: 1 s, 2 s, 4 s, 8 s (plus jitter). */
const BACKOFF_MS = [1, 2, 4, 8].slice(0, MAX_READ_TRIES - 1).reduce((a, s) => a + s * 1000, 0);

/** Takes a folder away from the user for good: Drive then answers 404 about it. */
function goneForGood(d: Demo, folderId: string): void {
  const other = d.demo.users.other;
  d.ws.drive.move(folderId, d.ws.drive.rootId(other));
  d.ws.drive.get(folderId)!.owner = other;
}

const folderUrl = (id: string) => `https://drive.google.com/drive/folders/${id}`;

describe('the settings page', () => {
  test.each(REFUSALS)(
    'Drive refusing every time (%s): saving says Drive is busy, not that the folder is not shared; nothing is saved',
    (how) => {
      const d = demoWorkspace();
      const before = snapshot(d);
      const acme = d.demo.folders.clientAcme;
      refuse(d, how, filesGet());
      const message = shownError(d, 'saveStagingFolder', folderUrl(acme));
      expect(message).toMatch(busy(`the staging folder (${acme})`));
      expect(message).not.toMatch(SAYS_MISSING);
      expect(fired(d)).toBe(MAX_READ_TRIES);
      // Opening the page again tells the same truth about the folder already set.
      const config = call<{ folder: unknown; error: string }>(d, 'getStagingConfiguration');
      expect(config.folder).toBeNull();
      expect(config.error).toMatch(busy(`the staging folder (${d.demo.folders.staging})`));
      expect(snapshot(d)).toEqual(before);
    },
  );

  test('a few refusals, then Drive answers: the folder is saved as usual, after the backoff', () => {
    const d = demoWorkspace();
    const acme = d.demo.folders.clientAcme;
    refuse(d, 'rateLimit', filesGet(acme), MAX_READ_TRIES - 1);
    const at = d.ws.clock.now();
    const saved = call<{ id: string; name: string }>(d, 'saveStagingFolder', folderUrl(acme));
    expect(saved).toMatchObject({ id: acme, name: 'Acme Corp' });
    expect(d.ws.properties.script.get('STAGING_FOLDER_ID')).toBe(acme);
    expect(fired(d)).toBe(MAX_READ_TRIES - 1);
    expect(d.ws.clock.now() - at).toBeGreaterThanOrEqual(BACKOFF_MS);
  });

  test('a folder Drive answers 404 about still reads as missing or not shared', () => {
    const d = demoWorkspace();
    const before = snapshot(d);
    goneForGood(d, d.demo.folders.clientAcme);
    const after = snapshot(d);
    expect(shownError(d, 'saveStagingFolder', folderUrl(d.demo.folders.clientAcme))).toBe(
      'The staging folder you chose does not exist or is not shared with you. Check the link or ask its owner to share it.',
    );
    expect(snapshot(d)).toEqual(after);
    expect(after).not.toEqual(before);
  });
});

interface Listing {
  folder: { id: string; name: string };
  folders: Array<{ id: string; name: string }>;
  nextPageToken: string | null;
}

/** The names of every sub-folder, page after page. */
function allFolderNames(d: Demo, folderId: string | null): string[] {
  const names: string[] = [];
  let token: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page: Listing = call<Listing>(d, 'listDriveFolders', folderId, token);
    names.push(...page.folders.map((f) => f.name));
    token = page.nextPageToken;
    if (!token) break;
  }
  return names.sort();
}

describe('the folder browser', () => {
  test.each(REFUSALS)(
    'Drive refusing every time (%s) to list or to open a folder: it says Drive is busy',
    (how) => {
      const d = demoWorkspace();
      const production = d.demo.folders.production;
      refuse(d, how, filesList);
      const listing = shownError(d, 'listDriveFolders', production, null);
      expect(listing).toMatch(busy('the folders in "Production"'));
      expect(fired(d)).toBe(MAX_READ_TRIES);
      d.ws.faults.clear();
      refuse(d, how, filesGet(production));
      const opening = shownError(d, 'listDriveFolders', production, null);
      expect(opening).toMatch(busy(`the folder ${production}`));
      expect(opening).not.toMatch(SAYS_MISSING);
    },
  );

  test('a few refusals, then Drive answers: the same folders as when Drive is not busy', () => {
    const calm = demoWorkspace();
    const expected = allFolderNames(calm, null);
    expect(expected.length).toBeGreaterThan(1);
    const d = demoWorkspace();
    refuse(d, 'transient5xx', filesGet(), MAX_READ_TRIES - 1);
    refuse(d, 'rateLimit', filesList, MAX_READ_TRIES - 1);
    expect(allFolderNames(d, null)).toEqual(expected);
    expect(fired(d)).toBe(2 * (MAX_READ_TRIES - 1));
  });

  test('a folder Drive answers 404 about still reads as missing or not shared', () => {
    const d = demoWorkspace();
    goneForGood(d, d.demo.folders.clientAcme);
    expect(shownError(d, 'listDriveFolders', d.demo.folders.clientAcme, null)).toBe(
      `The folder ${d.demo.folders.clientAcme} does not exist or is not shared with you. Go back to My Drive and try another folder.`,
    );
  });
});

describe("the batch checks: a delivery's staging folder, a resume, a retry, a client folder", () => {
  function staged(): { d: Demo; batchId: string; folder: { id: string; name: string } } {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    return { d, batchId, folder: batchFolder(d, batchId) };
  }

  test.each(REFUSALS)(
    'Drive refusing every time (%s): the delivery is refused saying Drive is busy, not that the staging folder is gone; nothing changes',
    (how) => {
      const { d, batchId, folder } = staged();
      const before = snapshot(d);
      refuse(d, how, filesGet(folder.id));
      const message = shownError(d, 'executeDeliveryWizard', batchId, d.demo.folders.clientAcme);
      expect(message).toMatch(
        busy(`the staging folder "${folder.name}" of export batch ${batchId}`),
      );
      expect(message).not.toMatch(SAYS_MISSING);
      expect(fired(d)).toBe(MAX_READ_TRIES);
      expect(snapshot(d)).toEqual(before);
    },
  );

  test('a few refusals, then Drive answers: the delivery starts and delivers as usual', () => {
    const calm = staged();
    deliver(calm.d, calm.batchId);
    calm.d.ws.settle();
    const { d, batchId, folder } = staged();
    refuse(d, 'rate429', filesGet(folder.id), MAX_READ_TRIES - 1);
    refuse(d, 'transient5xx', filesGet(d.demo.folders.clientAcme), MAX_READ_TRIES - 1);
    const start = deliver(d, batchId);
    expect(start.taskCount).toBe(validTasks(d).length);
    d.ws.settle();
    expect(deliveryOutcome(d, batchId)).toEqual(deliveryOutcome(calm.d, calm.batchId));
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
  });

  test('a staging folder Drive answers 404 about still reads as gone', () => {
    const { d, batchId, folder } = staged();
    goneForGood(d, folder.id);
    expect(shownError(d, 'executeDeliveryWizard', batchId, d.demo.folders.clientAcme)).toBe(
      `Export batch ${batchId}: its staging folder "${folder.name}" no longer exists or is not shared with you.`,
    );
  });

  test('the client folder check while Drive is busy: it says so, and does not call the folder unshared', () => {
    const { d, batchId } = staged();
    refuse(d, 'rateLimit', filesGet(d.demo.folders.clientAcme));
    const check = call<{ ok: boolean; error: string }>(
      d,
      'checkClientFolder',
      folderUrl(d.demo.folders.clientAcme),
      batchId,
    );
    expect(check.ok).toBe(false);
    expect(check.error).toMatch(busy(`the client folder (${d.demo.folders.clientAcme})`));
    expect(check.error).not.toMatch(SAYS_MISSING);
    // Drive busy walking up from the client folder is not "inside staging", nor a refusal.
    d.ws.faults.clear();
    refuse(d, 'transient5xx', filesGet(d.demo.folders.clients));
    const walk = call<{ ok: boolean; error: string }>(
      d,
      'checkClientFolder',
      folderUrl(d.demo.folders.clientAcme),
      batchId,
    );
    expect(walk.error).toMatch(busy('where the client folder "Acme Corp" is'));
  });

  /** Forgets every job, as a lost job state would: its tasks stay in flight. */
  function dropJobState(d: Demo): void {
    for (const key of d.ws.properties.script.keys()) {
      if (key.startsWith('exportJob')) d.ws.properties.script.delete(key);
    }
    for (const t of d.ws.triggers.list()) {
      if (t.handlerFunction === 'runExportJobs') d.ws.triggers.remove(t.uid);
    }
  }

  test('resuming an interrupted delivery while Drive is busy: no task is marked failed; once Drive answers, it resumes', () => {
    const { d, batchId, folder } = staged();
    setSliceBudget(d, 1000);
    deliver(d, batchId);
    dropJobState(d);
    const inFlight = rows(d).filter((r) => r['Export Status'] === 'delivering');
    expect(inFlight.length).toBeGreaterThan(0);
    const before = snapshot(d);
    refuse(d, 'rateLimit', filesGet(folder.id));
    expect(shownError(d, 'resumeFailedDelivery', batchId)).toMatch(
      busy(`the staging folder "${folder.name}" of export batch ${batchId}`),
    );
    expect(snapshot(d)).toEqual(before);
    // Busy about the client folder is no reason to fail the tasks either.
    d.ws.faults.clear();
    refuse(d, 'transient5xx', filesGet(d.demo.folders.clientAcme));
    expect(shownError(d, 'resumeFailedDelivery', batchId)).toMatch(
      busy(`the client folder (${d.demo.folders.clientAcme})`),
    );
    expect(snapshot(d)).toEqual(before);
    d.ws.faults.clear();
    refuse(d, 'rateLimit', filesGet(folder.id), MAX_READ_TRIES - 1);
    expect(call<{ jobId: string | null }>(d, 'resumeFailedDelivery', batchId).jobId).not.toBeNull();
    d.ws.settle();
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
  });

  test('resuming interrupted staging while Drive is busy: no task is marked failed', () => {
    const d = demoWorkspace();
    setSliceBudget(d, 1500);
    const start = startStagingAll(d);
    call(d, 'continueJob', start.jobId);
    dropJobState(d);
    const folder = batchFolder(d, start.batchId);
    expect(rows(d).some((r) => r['Export Status'] === 'staging')).toBe(true);
    const before = snapshot(d);
    refuse(d, 'transient5xx', filesGet(folder.id));
    expect(shownError(d, 'resumeFailedStaging', start.batchId)).toMatch(
      busy(`the staging folder "${folder.name}" of export batch ${start.batchId}`),
    );
    expect(snapshot(d)).toEqual(before);
  });

  test('retrying failed staging while Drive is busy: no new staging folder is made, nothing changes', () => {
    const { d, batchId, folder } = staged();
    expect(rows(d).some((r) => r['Export Status'] === 'staging_failed')).toBe(true);
    const before = snapshot(d);
    refuse(d, 'rateLimit', filesGet(folder.id));
    expect(shownError(d, 'retryFailedStagingTasks', batchId, null)).toMatch(
      busy(`the staging folder "${folder.name}" of export batch ${batchId}`),
    );
    expect(snapshot(d)).toEqual(before);
  });
});

describe('the lost-items check of a running job', () => {
  const LOST = /while the export ran/;

  test.each(REFUSALS)(
    'Drive refusing every time (%s) to say whether the batch folder is there: nothing is declared lost, the job stages every task',
    (how) => {
      const calm = demoWorkspace();
      const calmStart = startStagingAll(calm);
      calm.ws.settle();
      const expected = Object.keys(reasons(summaryOf(calm, calmStart.jobId))).sort();

      // Each slice first asks whether the batch folder is still there; the copies go on as usual.
      const d = demoWorkspace();
      const start = startStagingAll(d);
      const folder = batchFolder(d, start.batchId);
      refuse(d, how, filesGet(folder.id));
      d.ws.settle();
      expect(fired(d)).toBeGreaterThanOrEqual(MAX_READ_TRIES);
      const why = reasons(summaryOf(d, start.jobId));
      expect(Object.values(why).filter((r) => LOST.test(r))).toEqual([]);
      expect(Object.keys(why).sort()).toEqual(expected);
      for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('staged');
    },
  );

  test('a few refusals, then Drive says the batch folder is in the trash: the job stops with the reason, as when Drive is not busy', () => {
    const d = demoWorkspace({ demo: { tasks: 30 } });
    setSliceBudget(d, 700);
    const start = startStagingAll(d);
    call(d, 'continueJob', start.jobId);
    const folder = batchFolder(d, start.batchId);
    d.ws.drive.trash(folder.id);
    const inTrash = allUnder(d, folder.id).map((i) => i.id);
    refuse(d, 'rateLimit', filesGet(folder.id), MAX_READ_TRIES - 1);
    d.ws.settle();
    expect(fired(d)).toBe(MAX_READ_TRIES - 1);
    // The very next slice saw the trash, after its tries: it copied nothing more into it.
    expect(allUnder(d, folder.id).map((i) => i.id)).toEqual(inTrash);
    const why = reasons(summaryOf(d, start.jobId));
    const lost = Object.entries(why).filter(([, r]) =>
      /was moved to the trash while the export/.test(r),
    );
    expect(lost.length).toBeGreaterThan(0);
    for (const [taskId] of lost) expect(rowOf(d, taskId)['Export Status']).toBe('staging_failed');
  });
});

describe('the report', () => {
  function withStagedBatch(): Demo {
    const d = demoWorkspace();
    stageAll(d);
    return d;
  }

  test.each(REFUSALS)(
    'Drive refusing every time (%s) about the staging folder: the report says Drive is busy, not that it is gone, and shows the rest',
    (how) => {
      const calm = call<ExportStatusReport>(withStagedBatch(), 'generateExportStatusReport');
      const d = withStagedBatch();
      const before = snapshot(d);
      refuse(d, how, filesGet(d.demo.folders.staging));
      const report = call<ExportStatusReport>(d, 'generateExportStatusReport');
      expect(report.stagingUsage.error).toMatch(
        busy(`the staging folder (${d.demo.folders.staging})`),
      );
      expect(report.stagingUsage.error).not.toMatch(SAYS_MISSING);
      expect(report.stagingUsage.complete).toBe(false);
      expect(report.counts).toEqual(calm.counts);
      expect(report.attentionTotal).toBe(calm.attentionTotal);
      expect(snapshot(d)).toEqual(before);
    },
  );

  test('listing the staging folder refused every time: the figures are partial, because Drive is busy', () => {
    const d = withStagedBatch();
    refuse(d, 'rate429', filesList);
    const usage = call<ExportStatusReport>(d, 'generateExportStatusReport').stagingUsage;
    expect(usage.complete).toBe(false);
    expect(usage.error).toMatch(
      /^Google Drive is busy and did not list part of the staging folder, even after several tries \(code 429\); the figures are partial\. Try again in a few minutes\.$/,
    );
  });

  test('a few refusals, then Drive answers: the same figures as when Drive is not busy', () => {
    const calm = call<ExportStatusReport>(
      withStagedBatch(),
      'generateExportStatusReport',
    ).stagingUsage;
    expect(calm).toMatchObject({ complete: true, error: null });
    expect(calm.files).toBeGreaterThan(0);
    const d = withStagedBatch();
    refuse(d, 'transient5xx', filesGet(d.demo.folders.staging), MAX_READ_TRIES - 1);
    refuse(d, 'rateLimit', filesList, MAX_READ_TRIES - 1);
    expect(call<ExportStatusReport>(d, 'generateExportStatusReport').stagingUsage).toEqual(calm);
    expect(fired(d)).toBe(2 * (MAX_READ_TRIES - 1));
  });

  test('a staging folder Drive answers 404 about still reads as deleted or not shared', () => {
    const d = withStagedBatch();
    goneForGood(d, d.demo.folders.staging);
    expect(call<ExportStatusReport>(d, 'generateExportStatusReport').stagingUsage.error).toBe(
      `The staging folder (${d.demo.folders.staging}) could not be opened: it was deleted or is not shared with you.`,
    );
  });
});
