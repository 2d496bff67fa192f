/**
 * The volume planner: the numbers and words a person sees in the wizards' preview before a start.
 */
import { PER_FILE_COST, VolumeInput, planVolume as plan } from '../../src/selection/volume-plan';
import { storageRefusal } from '../../src/selection/volume-plan';
import { bytes } from '../../src/shared/format';

const GB = 1_000_000_000;
/** Google Drive's storage figures are in units of 1,024 (15 GB = 16,106,127,360 bytes). */
const GIB = 1024 ** 3;
/**
 * Fixed costs per file, so that the figures below follow from the planner's reasoning, not from
 * the benchmark's latest measure (which the add-on itself uses).
 */
const COST: typeof PER_FILE_COST = {
  filesPerSecondSidebar: 2.4,
  filesPerSecondTriggers: 2.1,
  urlFetchPerFileStaged: 0.45,
  urlFetchPerFileDelivered: 0.35,
  runtimeSecondsPerFile: 0.42,
};
const planVolume = (input: VolumeInput) => plan(input, COST);

const base = { phase: 'staging' as const, tasks: 1000, largestTask: 12, tier: 'consumer' as const };

describe('volume plan', () => {
  it('2,400 files: about 17 minutes with the sidebar open, 19 on triggers, no pause', () => {
    const plan = planVolume({ ...base, files: 2400, bytes: 24 * GB });
    expect(plan.sidebarSeconds).toBe(1000);
    expect(plan.unattendedSeconds).toBe(1143);
    expect(plan.sidebarPause).toBeNull();
    expect(plan.unattendedPause).toBeNull();
    expect(plan.usage.find((u) => u.kind === 'urlFetch')).toEqual({
      kind: 'urlFetch',
      needed: 1080,
      spent: 0,
      available: 20_000,
      quota: 20_000,
    });
    expect(plan.sentences[0]).toBe(
      'Staging 2,400 files (22 GB) should take about 17 min with this sidebar open, or about 19 min if you close it (it then goes on by itself).',
    );
    expect(plan.sentences).toContain(
      'It should finish without pausing for a daily limit, whether this sidebar stays open or not.',
    );
  });

  it('10,000 files on a consumer account pause for the trigger runtime once 30 minutes of it are spent', () => {
    // 10,000 files use 70 minutes of trigger runtime: within the 90 a day on a fresh day...
    const fresh = planVolume({ ...base, files: 10_000, bytes: 50 * GB });
    expect(fresh.usage.find((u) => u.kind === 'triggerRuntime')!.needed).toBe(4_200_000);
    expect(fresh.unattendedPause).toBeNull();
    // ...but not after 30 minutes of other trigger runs today.
    const spent = planVolume({
      ...base,
      files: 10_000,
      bytes: 50 * GB,
      spentToday: { triggerRuntime: 30 * 60 * 1000 },
    });
    expect(spent.unattendedPause).toEqual({ kind: 'triggerRuntime', afterFiles: 8571 });
    // The sidebar's own executions are not trigger runtime: open, it does not pause.
    expect(spent.sidebarPause).toBeNull();
    expect(spent.sentences).toContain(
      "With the sidebar closed, it will pause after about 8,571 files, when it reaches Google's daily limit on time the export may run by itself (trigger runtime), and go on by itself when the limit resets, 24 hours after the day's first use: about 2 days in all.",
    );
  });

  it('15,000 files on a consumer account pause for the trigger runtime first, not on Workspace', () => {
    const consumer = planVolume({ ...base, files: 15_000, bytes: 75 * GB });
    expect(consumer.unattendedPause).toEqual({ kind: 'triggerRuntime', afterFiles: 12_857 });
    expect(consumer.unattendedDays).toBe(2);
    const workspace = planVolume({ ...base, files: 15_000, bytes: 75 * GB, tier: 'workspace' });
    expect(workspace.unattendedPause).toBeNull();
  });

  it('50,000 files staged pass the 20,000 URL Fetch calls of a personal account', () => {
    const plan = planVolume({ ...base, files: 50_000, bytes: 100 * GB });
    expect(plan.usage.find((u) => u.kind === 'urlFetch')!.needed).toBe(22_500);
    expect(plan.sidebarPause).toEqual({ kind: 'urlFetch', afterFiles: 44_444 });
    // Delivery needs fewer calls a file: it fits.
    expect(planVolume({ ...base, phase: 'delivery', files: 50_000, bytes: 0 }).sidebarPause).toBe(
      null,
    );
  });

  it('a duration that reads the same sidebar open or closed is said once', () => {
    const plan = planVolume({ ...base, files: 88, bytes: 1.8 * GB });
    expect(plan.sentences[0]).toBe('Staging 88 files (1.7 GB) should take under a minute.');
  });

  it('a 1 TB selection passes the 750 GB a day of uploads and copies, sidebar open or not', () => {
    const plan = planVolume({ ...base, tier: 'workspace', files: 5000, bytes: 1000 * GB });
    expect(plan.sidebarPause).toEqual({ kind: 'driveTransfer', afterFiles: 3750 });
    expect(plan.unattendedPause).toEqual({ kind: 'driveTransfer', afterFiles: 3750 });
    expect(plan.sidebarDays).toBe(2);
    expect(plan.sentences).toContain(
      'Google Drive uploads and copies: this export needs 931 GB of the 750 GB a day.',
    );
  });

  it('reads sizes as the wizard page does, whatever the amount', () => {
    for (const n of [676 * 1024 * 1024, 708_000_000, 24 * GB, 3 * 1024]) {
      const plan = planVolume({ ...base, files: 10, bytes: n });
      expect(plan.sentences[0]).toContain(`(${bytes(n)})`);
    }
  });

  it("says what was spent so far today, by the add-on's own count", () => {
    const plan = planVolume({
      ...base,
      files: 100,
      bytes: GB,
      spentToday: { urlFetch: 1234, triggerRuntime: 0, driveTransfer: 2 * GIB },
    });
    expect(plan.text.limits.map((l) => [l.kind, l.spent])).toEqual([
      ['urlFetch', '1,234 calls'],
      ['triggerRuntime', 'none'],
      ['driveTransfer', '2.0 GB'],
    ]);
    expect(plan.sentences).toContain(
      'Requests to Google Drive (URL Fetch calls): this export needs 45 of the 20,000 calls a day. So far today: 1,234 calls.',
    );
    expect(plan.usage.find((u) => u.kind === 'urlFetch')!.available).toBe(20_000 - 1234);
    expect(plan.text.account).toContain('“So far today” counts this add-on only');
    // Not counted (no figures passed): nothing is claimed.
    const unknown = planVolume({ ...base, files: 100, bytes: GB });
    expect(unknown.text.limits.every((l) => l.spent === null)).toBe(true);
  });

  it('plans with a lowered daily copy limit when one is set', () => {
    const plan = planVolume({ ...base, files: 100, bytes: 20 * GB, transferLimit: 10 * GB });
    expect(plan.sidebarPause).toEqual({ kind: 'driveTransfer', afterFiles: 50 });
  });

  it('an unknown tier is planned with the smaller limits, and says so', () => {
    const plan = planVolume({ ...base, tier: null, files: 100, bytes: GB });
    expect(plan.tier).toBe('consumer');
    expect(plan.tierKnown).toBe(false);
    expect(plan.sentences[1]).toContain(
      'a personal Google account (a Google Workspace account has more)',
    );
  });

  it('refuses when the storage left cannot hold the copies', () => {
    const plan = planVolume({
      ...base,
      files: 100,
      bytes: 2 * GIB,
      storage: { limit: 15 * GIB, used: 14 * GIB },
    });
    expect(plan.refusal).toBe(
      'Google Drive cannot take this export: it needs 2.0 GB of storage, but only 1.0 GB of 15 GB is left in your Google Drive (the copies count against the storage of the person who runs the export). Free some space or get more storage, then try again.',
    );
    // A size not known (0 bytes) is refused only by storage with no room at all.
    expect(storageRefusal(0, { limit: 15 * GIB, used: 14 * GIB })).toBeNull();
    expect(storageRefusal(0, { limit: 15 * GIB, used: 15 * GIB })).toBe(
      'Google Drive cannot take this export: only 0 B of 15 GB is left in your Google Drive (the copies count against the storage of the person who runs the export). Free some space or get more storage, then try again.',
    );
    // No limit known (0): nothing is refused on a guess.
    expect(
      planVolume({ ...base, files: 100, bytes: 2 * GB, storage: { limit: 0, used: 14 * GB } })
        .refusal,
    ).toBeNull();
  });

  it('refuses when the destination folder would pass 500,000 items', () => {
    const full = planVolume({
      ...base,
      files: 10,
      bytes: 10,
      destination: { name: 'Exports Staging', items: 500_000 },
    });
    expect(full.refusal).toContain(
      'the folder "Exports Staging" already holds 500,000 items, and Google Drive allows at most 500,000 directly in one folder',
    );
    const room = planVolume({
      ...base,
      files: 10,
      bytes: 10,
      destination: { name: 'Exports Staging', items: 499_999 },
    });
    expect(room.refusal).toBeNull();
    expect(planVolume({ ...base, tasks: 500_001, files: 10, bytes: 10 }).refusal).toContain(
      '500,001 task folders',
    );
  });
});

test('the add-on plans with the costs the benchmark measured', () => {
  const files = 1000;
  const measured = plan({ ...base, files, bytes: 0 });
  expect(measured.sidebarSeconds).toBe(Math.round(files / PER_FILE_COST.filesPerSecondSidebar));
  expect(measured.usage.find((u) => u.kind === 'urlFetch')!.needed).toBe(
    Math.ceil(files * PER_FILE_COST.urlFetchPerFileStaged),
  );
});
