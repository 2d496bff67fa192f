/**
 * Drive's capacity limits: a destination that cannot take an export is refused before the start,
 * and one that fills up mid-job fails its tasks plainly (task and cause named), once, with no
 * retry loop and nothing else changed; with the REST copier and with DriveApp's.
 */
import { Demo, call, callError, demoWorkspace } from '../helpers/workspace';
import { preview, reasons, stage, statuses, summaryOf } from '../helpers/bad-inputs';
import { stageAll } from '../helpers/delivery';

interface Plan {
  refusal: string | null;
  sentences: string[];
}

function copiesSent(d: Demo): { count: number; stop: () => void } {
  const seen = { count: 0, stop: () => undefined as void };
  seen.stop = d.ws.runtime.onCall((c) => {
    if (c.method === 'drive.files.copy' || c.method === 'File.makeCopy') seen.count += 1;
  });
  return seen;
}

describe('Drive capacity', () => {
  it('the staging preview refuses an export the storage left cannot hold; nothing changes', () => {
    const d = demoWorkspace();
    call(d, 'getTasksForStaging', {}); // the first open migrates the legacy rows
    d.ws.drive.capacity.storageBytes = d.ws.drive.storageUsed(d.ws.owner) + 10;
    const before = statuses(d);
    const p = call<{ plan: Plan }>(d, 'getTasksForStaging', {});
    expect(p.plan.refusal).toMatch(
      /^Google Drive cannot take this export: it needs .* of storage, but only 10 B of .* is left in your Google Drive/,
    );
    expect(statuses(d)).toEqual(before);
  });

  it('storage that holds the ready tasks but not the failing ones: neither the preview nor the start refuses', () => {
    const d = demoWorkspace();
    call(d, 'getTasksForStaging', {}); // the first open migrates the legacy rows
    const p = call<{
      plan: Plan;
      totalBytes: number;
      selection: { tasks: Array<{ taskId: string }> };
      perTask: Array<{ taskId: string; bytes: number; problems: string[] }>;
    }>(d, 'getTasksForStaging', {});
    const failing = p.perTask.filter((t) => t.problems.length > 0);
    const failingBytes = failing.reduce((n, t) => n + t.bytes, 0);
    expect(failingBytes).toBeGreaterThan(1000);
    // Room for what staging copies, not for the failing tasks' files too.
    d.ws.drive.capacity.storageBytes =
      d.ws.drive.storageUsed(d.ws.owner) + p.totalBytes + failingBytes / 2;
    const again = call<typeof p>(d, 'getTasksForStaging', {});
    expect(again.plan.refusal).toBeNull();
    const ids = failing.map((t) => t.taskId);
    const start = call<{ taskCount: number }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: again.selection.tasks.map((t) => t.taskId).filter((id) => !ids.includes(id)),
      failing: ids,
      bytes: again.totalBytes,
    });
    expect(start.taskCount).toBe(again.selection.tasks.length - ids.length);
  });

  it('the preview shows the plan in words when Drive can take it', () => {
    const d = demoWorkspace();
    const p = call<{ plan: Plan }>(d, 'getTasksForStaging', {});
    expect(p.plan.refusal).toBeNull();
    expect(p.plan.sentences[0]).toMatch(/^Staging \d+ files .* should take /);
  });

  for (const copier of ['rest', 'driveapp'] as const) {
    it(`storage full mid-job (${copier} copier): every task fails plainly, each copy sent once`, () => {
      const d = demoWorkspace();
      if (copier === 'driveapp') d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
      const { taskIds } = preview(d);
      const start = stage(d, taskIds);
      // Full after the start: only the copies can meet it.
      d.ws.drive.capacity.storageBytes = d.ws.drive.storageUsed(d.ws.owner);
      const sent = copiesSent(d);
      d.ws.settle();
      sent.stop();
      const summary = summaryOf(d, start.jobId);
      const valid = d.demo.tasks.filter((t) => t.kind === 'valid').map((t) => t.taskId);
      const failed = reasons(summary);
      for (const id of valid) {
        expect(failed[id]).toMatch(
          new RegExp(
            `^Task ${id}: ".*" could not be copied: the Google Drive storage of the person running the export is full`,
          ),
        );
        expect(statuses(d)[id][0]).toBe('staging_failed');
      }
      // Final for the task: no copy is sent twice (REST sends a task's copies in parallel).
      const files = d.demo.tasks
        .filter((t) => t.kind === 'valid')
        .reduce((n, t) => n + t.fileIds.length, 0);
      expect(sent.count).toBeLessThanOrEqual(files);
      // Nothing was copied.
      const batch = d.ws.drive
        .children(d.demo.folders.staging)
        .find((f) => f.name.endsWith(start.batchId))!;
      for (const folder of d.ws.drive.children(batch.id)) {
        expect(d.ws.drive.children(folder.id)).toEqual([]);
      }
    });
  }

  it('a client folder holding as many items as Drive allows refuses the delivery at its start', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const held = d.ws.drive.children(d.demo.folders.clientAcme).length;
    d.ws.drive.capacity.folderItems = held;
    const before = statuses(d);
    // The start makes the batch's folder in the client folder first: Drive refuses it.
    expect(callError(d, 'executeDeliveryWizard', batchId, d.demo.folders.clientAcme)).toMatch(
      /: the folder it goes into already holds as many items as Google Drive allows directly in one folder \(500,000 files, folders and shortcuts; items in its sub-folders do not count\)\. Choose another folder, or move some of its items into sub-folders, then retry\.$/,
    );
    d.ws.settle();
    expect(statuses(d)).toEqual(before);
    expect(d.ws.drive.children(d.demo.folders.clientAcme)).toHaveLength(held);
  });

  it('the delivery review refuses a batch the storage left cannot hold', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    d.ws.drive.capacity.storageBytes = d.ws.drive.storageUsed(d.ws.owner) + 1;
    const p = call<{ plan: Plan }>(d, 'previewStagedExport', batchId);
    expect(p.plan.refusal).toMatch(/^Google Drive cannot take this export: it needs/);
  });

  it('a task folder Drive will not create (too many items in the batch folder) fails its task', () => {
    const d = demoWorkspace();
    const { taskIds } = preview(d);
    const start = stage(d, taskIds);
    // The batch folder is made at the start; from now on it takes one task folder.
    d.ws.drive.capacity.folderItems = 1;
    d.ws.settle();
    const failed = reasons(summaryOf(d, start.jobId));
    const full = Object.entries(failed).filter(([, r]) => r.includes('could not be created'));
    expect(full.length).toBeGreaterThan(0);
    for (const [id, reason] of full) {
      expect(reason).toMatch(
        new RegExp(
          `^Task ${id}: its folder ".*" could not be created: the folder it goes into already holds as many items as Google Drive allows directly in one folder`,
        ),
      );
    }
  });

  it('a staging start rechecks the storage: full since the preview, it is refused and nothing changes', () => {
    const d = demoWorkspace();
    const { taskIds } = preview(d);
    const before = statuses(d);
    const batches = d.ws.drive.children(d.demo.folders.staging).length;
    d.ws.drive.capacity.storageBytes = d.ws.drive.storageUsed(d.ws.owner) + 10;
    // With the preview's figure, as the wizard sends it.
    expect(
      callError(d, 'executeStagingWizard', { filters: {}, taskIds, bytes: 5_000_000 }),
    ).toMatch(
      /^StagingRequestError: Google Drive cannot take this export: it needs .* of storage, but only 10 B of .* is left in your Google Drive/,
    );
    d.ws.settle();
    expect(statuses(d)).toEqual(before);
    expect(d.ws.drive.children(d.demo.folders.staging)).toHaveLength(batches);
  });

  it("a delivery start checks the storage: the copies would be the starter's, so a full Drive refuses it, nothing made", () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const held = d.ws.drive.children(d.demo.folders.clientAcme).length;
    d.ws.drive.capacity.storageBytes = d.ws.drive.storageUsed(d.ws.owner) + 1;
    const before = statuses(d);
    expect(callError(d, 'executeDeliveryWizard', batchId, d.demo.folders.clientAcme)).toMatch(
      /^ExportRequestError: Google Drive cannot take this export: it needs .* of storage, but only 1 B of .* is left/,
    );
    d.ws.settle();
    expect(statuses(d)).toEqual(before);
    expect(d.ws.drive.children(d.demo.folders.clientAcme)).toHaveLength(held);
  });

  for (const copier of ['rest', 'driveapp'] as const) {
    it(`a delivery that meets a full Drive mid-job (${copier}) fails its tasks without "stage it again"`, () => {
      const d = demoWorkspace();
      if (copier === 'driveapp') d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
      const batchId = stageAll(d);
      const start = call<{ jobId: string }>(
        d,
        'executeDeliveryWizard',
        batchId,
        d.demo.folders.clientAcme,
      );
      d.ws.drive.capacity.storageBytes = d.ws.drive.storageUsed(d.ws.owner);
      d.ws.settle();
      const failed = Object.values(reasons(summaryOf(d, start.jobId)));
      expect(failed.length).toBeGreaterThan(0);
      for (const reason of failed) {
        expect(reason).toMatch(/the Google Drive storage of the person running the export is full/);
        expect(reason).toMatch(
          /To retry the delivery: Production Tracker › Tools › Resume failed exports\.$/,
        );
        expect(reason).not.toMatch(/Stage it again/);
      }
    });
  }
});
