import fs from 'node:fs';
import type {
  ExportSheetPreview,
  JobProgress,
  StagingPreview,
  StagingStart,
  StagingWizardSetup,
} from '../../src/shared/rpc';
import {
  Demo,
  call,
  callError,
  demoWorkspace,
  setSliceBudget,
  snapshot,
} from '../helpers/workspace';

/** The options the server put into the page it opened (see src/ui/sidebars.ts). */
function pageOptionsOf(d: Demo): unknown {
  const content = d.ws.ui.sidebar!.content;
  const element = /<script type="application\/json" id="page-options">([^<]*)<\/script>/.exec(
    content,
  );
  return element ? JSON.parse(element[1]) : undefined;
}

function startStaging(d: Demo, filters = {}): StagingStart {
  const preview = call<StagingPreview>(d, 'getTasksForStaging', filters);
  const taskIds = preview.selection.tasks.map((t) => t.taskId);
  return call<StagingStart>(d, 'executeStagingWizard', { filters, taskIds });
}

describe('the menu items that open pages', () => {
  test.each([
    ['configureStagingFolder', 'StagingFolder', 'Staging folder', {}],
    [
      'configureStagingFolderFromWizard',
      'StagingFolder',
      'Staging folder',
      { from: 'stagingWizard' },
    ],
    ['showStagingWizard', 'StagingWizard', 'Stage tasks for export', {}],
    [
      'showExportWizard',
      'StagingWizard',
      'Stage tasks for export',
      { notice: 'legacyExportWizard' },
    ],
  ])('%s opens the %s page as a sidebar titled "%s"', (fn, page, title, options) => {
    const d = demoWorkspace();
    const before = snapshot(d);
    expect(d.ws.run(fn).ok).toBe(true);
    expect(d.ws.ui.sidebar?.title).toBe(title);
    const built = fs.readFileSync(`dist/${page}.html`, 'utf8');
    expect(d.ws.ui.sidebar?.content.length).toBeGreaterThan(built.length - 100);
    expect(d.ws.ui.sidebar?.content).toContain(built.slice(-200));
    expect(pageOptionsOf(d)).toEqual(options);
    // Opening a page changes nothing.
    expect(snapshot(d)).toEqual(before);
  });

  test('the legacy Export Wizard is not in the menu, but stays callable', () => {
    const d = demoWorkspace();
    expect(d.ws.run('onOpen').ok).toBe(true);
    expect(JSON.stringify(d.ws.ui.menus)).not.toContain('showExportWizard');
    expect(d.ws.functions()).toContain('showExportWizard');
  });

  test('a page can open another (the staging wizard asks for the settings page)', () => {
    const d = demoWorkspace();
    expect(call(d, 'configureStagingFolder')).toBeNull();
    expect(d.ws.ui.sidebar?.title).toBe('Staging folder');
  });
});

describe('what the staging wizard reads when it opens', () => {
  test('filter choices, overrides with their warnings, the staging folder, no job', () => {
    const d = demoWorkspace();
    const setup = call<StagingWizardSetup>(d, 'getStagingWizardSetup');
    expect(setup.filterOptions).toEqual(call(d, 'getExportFilterOptions'));
    expect(setup.overrides.map((o) => [o.flag, o.label])).toEqual([
      ['includeUnreviewed', 'Include tasks not reviewed yet'],
      ['includeFailed', 'Include tasks that failed review'],
      ['includeAlreadyExported', 'Include tasks already delivered'],
    ]);
    // The warnings are the ones the preview repeats for the overrides chosen.
    const preview = call<StagingPreview>(d, 'getTasksForStaging', {
      includeUnreviewed: true,
      includeFailed: true,
      includeAlreadyExported: true,
    });
    expect(preview.selection.overrides).toEqual(
      setup.overrides.map(({ flag, warning }) => ({ flag, warning })),
    );
    expect(setup.staging).toEqual({
      folder: expect.objectContaining({ id: d.demo.folders.staging, name: 'Exports Staging' }),
      error: null,
      unset: false,
    });
    expect(setup.runningJobs).toEqual([]);
  });

  test('an unusable staging folder is reported, not thrown: the wizard still opens', () => {
    const d = demoWorkspace({ configureStaging: false });
    const setup = call<StagingWizardSetup>(d, 'getStagingWizardSetup');
    expect(setup.staging.folder).toBeNull();
    expect(setup.staging.error).toMatch(/^No staging folder is set yet/);
  });

  test('a staging job that runs is listed where it stands, and no longer once it ended', () => {
    const d = demoWorkspace();
    setSliceBudget(d, 1500);
    const started = startStaging(d);
    const first = call<StagingWizardSetup>(d, 'getStagingWizardSetup').runningJobs;
    expect(first).toEqual([
      expect.objectContaining({
        jobId: started.jobId,
        batchId: started.batchId,
        done: 0,
        finished: false,
      }),
    ]);
    // The sidebar drives a few slices: the job is partway.
    for (let i = 0; i < 20; i++) {
      if (call<JobProgress>(d, 'continueJob', started.jobId).filesCopied > 0) break;
    }
    const [running] = call<JobProgress[]>(d, 'getActiveJobs', 'staging');
    expect(running).toEqual(call<JobProgress>(d, 'getJobProgress', started.jobId));
    expect(running.filesCopied).toBeGreaterThan(0);
    expect(running.finished).toBe(false);
    expect(call<JobProgress[]>(d, 'getActiveJobs', null)).toEqual([running]);
    expect(call<JobProgress[]>(d, 'getActiveJobs', 'delivery')).toEqual([]);
    d.ws.settle();
    expect(call<StagingWizardSetup>(d, 'getStagingWizardSetup').runningJobs).toEqual([]);
    // The job that ended is still told by its id (the wizard shows how it ended once).
    expect(call<JobProgress>(d, 'getJobProgress', started.jobId)).toMatchObject({
      finished: true,
      summary: expect.objectContaining({ batchId: started.batchId }),
    });
  });

  test('an unknown kind of job is refused plainly', () => {
    const d = demoWorkspace();
    expect(callError(d, 'getActiveJobs', 'export')).toMatch(
      /"export" is not a kind of export job \(staging or delivery\)\./,
    );
  });
});

describe('the export sheet preview', () => {
  test('its name, every column of the export sheet, the first rows as text', () => {
    const d = demoWorkspace();
    const preview = call<StagingPreview>(d, 'getTasksForStaging', {});
    const ids = preview.selection.tasks.map((t) => t.taskId);
    const before = snapshot(d);
    const sheet = call<ExportSheetPreview>(d, 'getExportSheetPreview', ids, preview.batchId);
    expect(snapshot(d)).toEqual(before);
    expect(preview.batchId).toMatch(/^EXP-\d{6}-[A-Z2-9]{4}$/);
    expect(sheet.sheetName).toBe(`Export_${preview.batchId}_Data`);
    expect(sheet.columns).toEqual(d.demo.headers);
    expect(sheet.totalRows).toBe(ids.length);
    expect(sheet.rows.map((r) => r[0])).toEqual(ids.slice(0, 5));
    const values = d.ws.sheets.values(d.demo.spreadsheetId, 'Tasks');
    const row = values.find((r) => r[0] === ids[0])!;
    sheet.rows[0].forEach((cell, i) => {
      expect(typeof cell).toBe('string');
      const value = row[i];
      if (value instanceof Date) expect(cell).toMatch(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$/);
      else expect(cell).toBe(String(value));
    });
  });

  test('rows come in the order asked, unknown ids are left out', () => {
    const d = demoWorkspace();
    const ids = [d.demo.tasks[3].taskId, 'TSK-NOPE', d.demo.tasks[1].taskId];
    const sheet = call<ExportSheetPreview>(d, 'getExportSheetPreview', ids, 'EXP-261201-ABCD');
    expect(sheet.rows.map((r) => r[0])).toEqual([ids[0], ids[2]]);
    expect(sheet.totalRows).toBe(2);
  });

  test('markup in the sheet comes back as the characters it is', () => {
    const d = demoWorkspace({ demo: { hostile: true } });
    const hostile = d.demo.tasks.find((t) => t.kind === 'hostile')!;
    const sheet = call<ExportSheetPreview>(
      d,
      'getExportSheetPreview',
      [hostile.taskId],
      'EXP-261201-ABCD',
    );
    expect(sheet.rows[0][0]).toBe(hostile.taskId);
    expect(sheet.rows[0][4]).toBe(hostile.folderName);
  });

  test('a list that is not a list is refused plainly', () => {
    const d = demoWorkspace();
    expect(callError(d, 'getExportSheetPreview', 'TSK-0001', 'EXP-261201-ABCD')).toMatch(
      /The task list could not be read\. Go back to the filters and preview again\./,
    );
  });

  test('a batch id that is missing or not one is refused plainly', () => {
    const d = demoWorkspace();
    const ids = [d.demo.tasks[0].taskId];
    for (const bad of [undefined, '', '<batch id>', 42]) {
      expect(callError(d, 'getExportSheetPreview', ids, bad)).toMatch(
        /The export batch could not be read\. Go back to the filters and preview again\./,
      );
    }
  });
});

describe('the batch id the staging preview shows', () => {
  test('is the one the batch gets, in its folder and its export sheet', () => {
    const d = demoWorkspace();
    const preview = call<StagingPreview>(d, 'getTasksForStaging', {});
    expect(preview.destination!.batchFolderName).toMatch(
      new RegExp(`^Export_\\d{4}-\\d{2}-\\d{2}_${preview.batchId}$`),
    );
    const taskIds = preview.selection.tasks.map((t) => t.taskId);
    const started = call<StagingStart>(d, 'executeStagingWizard', {
      filters: {},
      taskIds,
      batchId: preview.batchId,
    });
    expect(started.batchId).toBe(preview.batchId);
    d.ws.settle();
    const folder = d.ws.drive
      .children(d.demo.folders.staging)
      .find((f) => f.name === preview.destination!.batchFolderName);
    expect(folder).toBeDefined();
    const files = d.ws.drive.children(folder!.id).map((f) => f.name);
    expect(files).toContain(`Export_${preview.batchId}_Data`);
  });

  test('taken by another batch meanwhile, the batch gets a fresh one', () => {
    const d = demoWorkspace();
    const first = call<StagingPreview>(d, 'getTasksForStaging', {});
    const taskIds = first.selection.tasks.map((t) => t.taskId);
    const [one, two] = [taskIds.slice(0, 2), taskIds.slice(2, 4)];
    const a = call<StagingStart>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: one,
      batchId: first.batchId,
    });
    const b = call<StagingStart>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: two,
      batchId: first.batchId,
    });
    expect(a.batchId).toBe(first.batchId);
    expect(b.batchId).not.toBe(first.batchId);
    expect(b.batchId).toMatch(/^EXP-\d{6}-[A-Z2-9]{4}$/);
  });
});
