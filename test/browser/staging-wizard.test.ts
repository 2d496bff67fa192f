/**
 * The staging wizard in Chromium against the playground, as a person uses it: a review status
 * that needs an override offering it, with the live count; filters with an override and its
 * warning; the preview grouped (ready, will fail the file check, needs an override); the sidebar
 * driving the job to its end, the summary; a sidebar closed mid-job (the job goes on by triggers)
 * and reopened; the staging folder trashed before step 3; the legacy Export Wizard's notice. Task
 * ids and folder names carrying markup are shown as text. Needs `npm run build` first.
 */
import type { Page } from 'playwright-core';
import { HOSTILE_MARKUP } from '../../emulator/demo';
import { Playground } from '../../emulator/playground/server';
import type { JobProgress } from '../../src/shared/rpc';
import { folderByName, waitFor, watchSlices, expectDrivenToEnd } from './export-helpers';
import { useBrowserFixture } from './fixture';
import {
  chooseTool,
  closeSidebarBox,
  foldShot,
  overflowing,
  sidebar,
  sidebarShot,
} from './sidebar';

/** One file per slice on the playground's fast latency: a job takes many slices to watch. */
const SLICE_MS = '1000';
const PENDING_WARNING =
  'Tasks that have not been reviewed yet will be staged. Make sure someone checks them before delivery.';

const fx = useBrowserFixture({
  name: 'staging-wizard',
  fastClock: true,
  sliceMs: SLICE_MS,
  configured: true,
});
let playground: Playground;
let page: Page;
beforeAll(() => ({ playground, page } = fx));

/** The tracking sheet as the person sees it: Task ID -> [Export Status, Staged Count, batch]. */
function sheetRows(): Map<string, { status: string; count: string; batch: string; work: string }> {
  const rows = playground.session.state().spreadsheet!.sheets[0].rows;
  const col = (name: string) => rows[0].indexOf(name);
  return new Map(
    rows.slice(1).map((r) => [
      r[col('Task ID')],
      {
        status: r[col('Export Status')],
        count: r[col('Staged Count')],
        batch: r[col('Export Batch ID')],
        work: r[col('Batch ID')],
      },
    ]),
  );
}

function tasksOf(workBatch: string): string[] {
  return [...sheetRows().entries()].filter(([, r]) => r.work === workBatch).map(([id]) => id);
}

/** Export Status cells of the grid the page draws, for the rows of one export batch. */
async function gridStatuses(exportBatch: string): Promise<string[]> {
  return page.locator('#grid').evaluate((grid, batch) => {
    const heads = [...grid.querySelectorAll('thead th')].map((th) => th.textContent);
    const status = heads.indexOf('Export Status');
    const owner = heads.indexOf('Export Batch ID');
    return [...grid.querySelectorAll('tbody tr')]
      .map((tr) => [...tr.children].map((td) => td.textContent ?? ''))
      .filter((cells) => cells[owner] === batch)
      .map((cells) => cells[status]);
  }, exportBatch);
}

async function openWizard() {
  await chooseTool(page, 'Stage tasks for export');
  const bar = sidebar(page);
  await bar.getByRole('heading', { name: 'Choose tasks' }).waitFor();
  return bar;
}

async function chooseWorkBatch(workBatch: string) {
  const bar = sidebar(page);
  await bar.getByText('Work batch:', { exact: true }).click();
  await bar.getByRole('group', { name: 'Work batch' }).getByLabel(workBatch).check();
}

/** The preview's main button, whatever its count ("Stage 3 ready tasks", "Stage 1 task"). */
function stageButton() {
  return sidebar(page).getByRole('button', { name: /^Stage \d+ (ready )?tasks?$/ });
}

/** The tasks listed in the preview's "Will fail the file check" group. */
function failingGroup() {
  return sidebar(page).getByRole('region', { name: 'Will fail the file check' });
}

function jobProgress(jobId: string): JobProgress {
  const reply = playground.session.callFromPage('getJobProgress', [jobId]);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as JobProgress;
}

describe('the staging wizard', () => {
  it('a review status that needs an override offers it, with a live count', async () => {
    const bar = await openWizard();
    const count = bar.locator('.match-count');
    await waitFor(async () => /tasks? match/.test((await count.textContent()) ?? ''), 'a count');
    await bar.getByText('Review status:', { exact: true }).click();
    await bar.getByRole('group', { name: 'Review status' }).getByLabel('Pending').check();
    const offer = bar.locator('.override-offers');
    const unreviewed =
      /^(\d+) tasks? matche?s? but ha(s|ve) not been reviewed yet\. (It is|They are) left out unless you turn on “Include tasks not reviewed yet”\.Include tasks not reviewed yet$/;
    // Counted again once the filters stop changing: nothing matches, and the override is offered.
    await waitFor(
      async () => (await offer.count()) > 0 && unreviewed.test((await offer.textContent()) ?? ''),
      'the offer',
    );
    await expect(count.textContent()).resolves.toBe('No task matches these filters.');
    const offered = Number(unreviewed.exec((await offer.textContent())!)![1]);
    await sidebarShot(page, 'staging-wizard-1-filters-needs-override');
    expect(await overflowing(page)).toEqual([]);
    await offer.getByRole('button', { name: 'Include tasks not reviewed yet' }).click();
    await expect(bar.getByLabel('Include tasks not reviewed yet').isChecked()).resolves.toBe(true);
    await bar.getByRole('note').getByText(PENDING_WARNING, { exact: true }).waitFor();
    const matching =
      offered === 1 ? '1 task matches these filters.' : `${offered} tasks match these filters.`;
    await waitFor(async () => (await count.textContent()) === matching, matching);
    await expect(offer.count()).resolves.toBe(0);
    await sidebarShot(page, 'staging-wizard-1-filters-override-on');
    // Unticked again for the tests after this one (the pending tasks are staged in the next).
    await bar.getByLabel('Include tasks not reviewed yet').uncheck();
    await bar.getByRole('group', { name: 'Review status' }).getByLabel('Pending').uncheck();
  });

  it('a backwards score range is said under the score fields, in place of the count, with no Preview', async () => {
    const bar = await openWizard();
    const count = bar.locator('.match-count');
    await waitFor(async () => /tasks? match/.test((await count.textContent()) ?? ''), 'a count');
    await bar.getByLabel('Minimum').fill('90');
    await bar.getByLabel('Maximum').fill('50');
    const scores = bar.getByRole('group', { name: 'Review score' });
    await scores
      .getByRole('alert')
      .getByText('The minimum review score is higher than the maximum.', { exact: true })
      .waitFor();
    await expect(count.textContent()).resolves.toBe(
      'Fix the review score above to see how many tasks match.',
    );
    const previewButton = bar.getByRole('button', { name: 'Preview' });
    await expect(previewButton.isDisabled()).resolves.toBe(true);
    await scores.scrollIntoViewIfNeeded();
    await sidebarShot(page, 'staging-wizard-1-score-backwards');
    expect(await overflowing(page)).toEqual([]);
    // Put right, the count and Preview come back.
    await bar.getByLabel('Maximum').fill('');
    await waitFor(async () => /tasks? match/.test((await count.textContent()) ?? ''), 'a count');
    await expect(scores.getByRole('alert').count()).resolves.toBe(0);
    await expect(previewButton.isEnabled()).resolves.toBe(true);
    await bar.getByLabel('Minimum').fill('');
  });

  it('a preview where no task is ready says so once, and turns the override on from there', async () => {
    const bar = await openWizard();
    await bar.getByText('Review status:', { exact: true }).click();
    await bar.getByRole('group', { name: 'Review status' }).getByLabel('Failed').check();
    await bar.getByRole('button', { name: 'Preview' }).click();
    await bar.getByRole('heading', { name: 'Check the selection' }).waitFor();
    const nothing = bar.locator('.nothing-ready');
    await expect(nothing.textContent()).resolves.toMatch(
      /^No task is ready with these filters; \d+ more match(es)? if you include tasks that failed review\.$/,
    );
    await expect(
      bar.getByText('No task matches these filters', { exact: false }).count(),
    ).resolves.toBe(0);
    // Nothing to copy: no files, no size, no time or limits to tell of.
    await expect(bar.locator('.figures').textContent()).resolves.toBe('0 tasks to stage');
    await expect(bar.locator('.volume-plan').count()).resolves.toBe(0);
    await expect(bar.getByText('0 B', { exact: false }).count()).resolves.toBe(0);
    const needs = bar.getByRole('region', { name: 'Needs an override' });
    const turnOn = needs.getByRole('button', { name: 'Include tasks that failed review' });
    await turnOn.waitFor();
    await sidebarShot(page, 'staging-wizard-2-nothing-ready');
    expect(await overflowing(page)).toEqual([]);

    await turnOn.click();
    // Previewed again with the override: its warning shows, the tasks are listed, no offer left.
    await bar
      .getByRole('note')
      .getByText(
        'Tasks that FAILED review will be staged. Only do this if the failure has been dealt with.',
        { exact: true },
      )
      .waitFor();
    await expect(nothing.count()).resolves.toBe(0);
    await expect(needs.count()).resolves.toBe(0);
    await sidebarShot(page, 'staging-wizard-2-override-turned-on');
    expect(await overflowing(page)).toEqual([]);
    // Back shows it turned on; unticked again for the tests after this one.
    await bar.getByRole('button', { name: 'Back' }).click();
    await bar.getByRole('heading', { name: 'Choose tasks' }).waitFor();
    await expect(bar.getByLabel('Include tasks that failed review').isChecked()).resolves.toBe(
      true,
    );
    await bar.getByLabel('Include tasks that failed review').uncheck();
    await bar.locator('summary', { hasText: 'Review status:' }).click();
    await bar.getByRole('group', { name: 'Review status' }).getByLabel('Failed').uncheck();
  });

  it('stages a filtered batch with an override, shows the progress to the end and the summary', async () => {
    const slices = await watchSlices(page);
    const bar = await openWizard();
    await bar.getByText('Staging folder:', { exact: false }).waitFor();
    await sidebarShot(page, 'staging-wizard-1-filters');
    expect(await overflowing(page)).toEqual([]);

    await chooseWorkBatch('B-2026-10-C');
    await bar.getByLabel('Include tasks not reviewed yet').check();
    await bar.getByRole('note').getByText(PENDING_WARNING, { exact: true }).waitFor();
    await expect(bar.getByRole('note').count()).resolves.toBe(1);
    await sidebarShot(page, 'staging-wizard-1-filters-override');
    expect(await overflowing(page)).toEqual([]);

    await bar.getByRole('button', { name: 'Preview' }).click();
    await bar.getByRole('heading', { name: 'Check the selection' }).waitFor();
    // Complete tasks of the work batch, passed or (by the override) not yet reviewed.
    const all = tasksOf('B-2026-10-C');
    const picked = all.filter((id) => !/TSK-0019|TSK-0022/.test(id));
    const failedId = picked.find((id) => id.startsWith('TSK-0017'))!;
    const ready = picked.filter((id) => id !== failedId);
    // Grouped: the ready tasks in the table, the one that will fail apart with its reason.
    const rows = bar.locator('table.tasks tbody tr');
    await expect(rows.count()).resolves.toBe(ready.length);
    const firstCells = await rows.locator('td:first-child').allTextContents();
    expect(firstCells.map((c) => ready.find((id) => c.startsWith(id)))).toEqual(ready);
    await bar.getByRole('heading', { name: `Ready to stage (${ready.length})` }).waitFor();
    await bar.getByRole('heading', { name: 'Will fail the file check (1)' }).waitFor();
    await expect(failingGroup().locator('ul.plain > li').textContent()).resolves.toMatch(
      new RegExp(`^${failedId}TSK-0017_\\w+"Video": "see slack" is not a linkNo \\.mp4 file`),
    );
    await bar
      .getByText(
        'When staging starts, the 1 task that will fail the file check is marked “staging failed” with its reason, and nothing of it is copied.',
        { exact: false },
      )
      .waitFor();
    const hostileId = picked.find((id) => id.includes(HOSTILE_MARKUP))!;
    expect(firstCells.some((c) => c.startsWith(hostileId))).toBe(true);
    await bar.getByRole('note').getByText(PENDING_WARNING, { exact: true }).waitFor();
    await expect(bar.locator('.destination').textContent()).resolves.toMatch(
      /^Exports Staging › Export_\d{4}-\d{2}-\d{2}_EXP-\d{6}-[A-Z2-9]{4}$/,
    );
    const sheet = bar.locator('table.sheet');
    await sheet.waitFor();
    await expect(sheet.locator('th').first().textContent()).resolves.toBe('Task ID');
    await expect(sheet.locator('tbody tr').count()).resolves.toBe(5);
    await expect(bar.locator('#app img, #app script').count()).resolves.toBe(0);
    // The volume plan: how long, what of the day's limits, no pause for a selection this small.
    await bar.getByRole('heading', { name: 'Time and daily limits' }).waitFor();
    // The header's files and size are the ready tasks' (the failing one copies nothing), and
    // the plan's, read alike; a duration that reads the same either way is said once.
    const readyFiles = (await rows.locator('td.num').allTextContents())
      .map(Number)
      .reduce((a, b) => a + b, 0);
    await expect(bar.locator('.figures span').nth(1).textContent()).resolves.toBe(
      `${readyFiles} files`,
    );
    const size = (await bar.locator('.figures span').nth(2).textContent())!.replace(/^about /, '');
    const duration = (await bar.locator('.plan-duration').textContent())!;
    expect(duration.startsWith(`Staging ${readyFiles} files (${size}) should take `)).toBe(true);
    expect(duration).toMatch(
      /should take (under a minute\.|.+ with this sidebar open, or .+ if you close it)/,
    );
    expect(duration).not.toMatch(/should take (.+) with this sidebar open, or \1 if you close it/);
    // The per-limit figures wait behind "Details".
    const limits = bar.locator('.plan-limit').first();
    await expect(limits.isVisible()).resolves.toBe(false);
    await bar.locator('.volume-plan summary', { hasText: 'Details' }).click();
    await limits.waitFor();
    await limits.scrollIntoViewIfNeeded();
    await sidebarShot(page, 'staging-wizard-2-preview-details');
    await expect(bar.locator('.plan-limit dt').allTextContents()).resolves.toEqual([
      'Requests to Google Drive (URL Fetch calls)',
      'Time the export may run by itself (trigger runtime)',
      'Google Drive uploads and copies',
    ]);
    await expect(bar.locator('.plan-limit dd').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^This export: \d+ of the 20,000 calls a day\.So far today: .+\.$/),
      expect.stringMatching(
        /^This export: .* of the 1 h 30 min a day, only when the sidebar is closed\.So far today: .+\.$/,
      ),
      expect.stringMatching(/^This export: .* of the 750 GB a day\.So far today: .+\.$/),
    ]);
    await expect(bar.locator('.plan-pause').allTextContents()).resolves.toEqual([
      'It should finish without pausing for a daily limit, whether this sidebar stays open or not.',
    ]);
    await sidebarShot(page, 'staging-wizard-2-preview');
    expect(await overflowing(page)).toEqual([]);
    // The main button is in the bar pinned to the sidebar's foot: seen without scrolling.
    const mainButton = `Stage ${ready.length} ready tasks`;
    const fold = await foldShot(page, 'staging-wizard-2-preview-fold', mainButton);
    expect(fold.top).toBeGreaterThanOrEqual(0);
    expect(fold.bottom).toBeLessThanOrEqual(fold.height);

    const held = slices.holdAt(3);
    await bar.getByRole('button', { name: `Stage ${ready.length} ready tasks` }).click();
    const release = await held;
    // PLAN 2.2: the task that fails the file check was marked at the start, before any copy.
    expect(sheetRows().get(failedId)!.status).toBe('staging_failed');
    await bar.getByRole('heading', { name: 'Staging' }).waitFor();
    const line = bar.locator('.status-line');
    // X of the tasks promised on the preview's button; the one marked failed at the start apart.
    await expect(line.textContent()).resolves.toMatch(
      new RegExp(`^Staging [0-9]+ of ${ready.length} tasks · 1 marked failed at the start$`),
    );
    await bar.getByRole('progressbar', { name: 'Staging progress' }).waitFor();
    // Files X of Y once their tasks are counted (of about Y before), the time left once there is
    // a rate, the task and file under way: in plain words.
    const facts = bar.locator('.progress-facts');
    await expect(facts.locator('dt').first().textContent()).resolves.toBe('Files');
    await expect(facts.locator('dd').first().textContent()).resolves.toMatch(
      /^(\d+ of (about )?\d+ files? copied|\d+ files? copied so far)$/,
    );
    await expect(bar.locator('.time-left').textContent()).resolves.toMatch(
      /^(working it out|about \d+ minutes?|less than a minute)$/,
    );
    await sidebarShot(page, 'staging-wizard-3-running');
    expect(await overflowing(page)).toEqual([]);
    release();
    await bar.getByRole('heading', { name: 'Staging complete' }).waitFor();
    // The sidebar drove the job to its end, slice by slice, its progress only moving forward.
    expectDrivenToEnd(slices.seen, picked.length);
    const files = slices.seen.map((p) => p.filesCopied);
    expect([...files].sort((a, b) => a - b)).toEqual(files);
    expect(new Set(files).size).toBeGreaterThan(3);

    const batchId = slices.seen[0].batchId;
    const statuses = sheetRows();
    for (const id of picked) {
      expect([id, statuses.get(id)!.status, statuses.get(id)!.batch]).toEqual([
        id,
        id === failedId ? 'staging_failed' : 'staged',
        batchId,
      ]);
    }
    await bar
      .getByRole('status')
      .getByText(`${picked.length - 1} tasks staged in export batch ${batchId} (`, { exact: false })
      .waitFor();
    const folderLink = bar.getByRole('link', { name: 'Open the staging folder' });
    await expect(folderLink.getAttribute('href')).resolves.toMatch(
      /^https:\/\/drive\.google\.com\/drive\/folders\/[\w-]+$/,
    );
    const sheetLink = bar.getByRole('link', { name: 'Open the export sheet' });
    await expect(sheetLink.getAttribute('href')).resolves.toMatch(
      /^https:\/\/docs\.google\.com\/spreadsheets\//,
    );
    const failure = bar.locator('.failures li');
    await expect(failure.count()).resolves.toBe(1);
    await expect(failure.textContent()).resolves.toMatch(
      new RegExp(`^${failedId}Task ${failedId}: .+`),
    );
    // The hostile task was staged: its folder in Drive carries the markup, shown nowhere as markup.
    const staged = playground.session.ws.drive.all().filter((i) => i.name.includes(HOSTILE_MARKUP));
    expect(staged.length).toBeGreaterThan(1);
    await sidebarShot(page, 'staging-wizard-4-complete');
    expect(await overflowing(page)).toEqual([]);

    await bar.getByRole('button', { name: 'Stage another batch' }).click();
    await bar.getByRole('heading', { name: 'Choose tasks' }).waitFor();
    // What was entered is still there.
    await expect(bar.getByLabel('Include tasks not reviewed yet').isChecked()).resolves.toBe(true);
  });

  it('closed mid-job, the job goes on by triggers; reopened, it shows where it stands, then finishes', async () => {
    const slices = await watchSlices(page);
    // The playground's Drive panel is open on the staging folder meanwhile.
    await page.getByText("Drive (owner's My Drive, read only)").click();
    const drive = page.locator('#drive');
    await drive.getByText('Exports Staging/', { exact: true }).click();
    const bar = await openWizard();
    await chooseWorkBatch('B-2026-10-B');
    await bar.getByRole('button', { name: 'Preview' }).click();
    await bar.getByRole('heading', { name: 'Check the selection' }).waitFor();
    const ready = await bar.locator('table.tasks tbody tr').count();
    const failing = (await failingGroup().count())
      ? await failingGroup().locator('ul.plain > li').count()
      : 0;
    // The job's tasks: those it stages and those it marked failed at the start.
    const count = ready + failing;
    const held = slices.holdAt(2);
    await stageButton().click();
    const release = await held;
    const { jobId, batchId } = slices.seen[0];
    await closeSidebarBox(page);
    release();
    const atClose = jobProgress(jobId);
    expect(atClose.finished).toBe(false);
    const executionsAtClose = playground.session.ws.runtime.executions.length;

    // Nobody drives it now: the continuation trigger does. (The sidebar's slice in flight at the
    // close copies too: a trigger's slice is awaited.) Once one has copied more, the clock stops,
    // so that the job is still running when the sidebar opens again.
    const byTrigger = () =>
      playground.session.ws.runtime.executions
        .slice(executionsAtClose)
        .filter((x) => x.fn === 'runExportJobs' && x.triggerUid && x.outcome === 'ok');
    let resumeClock = () => {};
    await waitFor(() => {
      if (byTrigger().length === 0 || jobProgress(jobId).filesCopied <= atClose.filesCopied) {
        return false;
      }
      resumeClock = playground.holdClock();
      return true;
    }, 'files copied by a slice run by a trigger');
    const beforeReopen = jobProgress(jobId);
    expect(beforeReopen.finished).toBe(false);
    // The grid shows tasks being staged, and the open folder the new batch folder.
    await waitFor(async () => (await gridStatuses(batchId)).includes('staged'), 'a staged row');
    await drive.getByText(new RegExp(`^Export_\\d{4}-\\d{2}-\\d{2}_${batchId}/$`)).waitFor();

    // The reopened sidebar's first slice is held back: what it shows first is what it found.
    const reopenedSlice = slices.holdAt(slices.seen.length + 1);
    await chooseTool(page, 'Stage tasks for export');
    await bar.getByRole('heading', { name: 'Staging' }).waitFor();
    await bar.getByText('This staging was already running.', { exact: false }).waitFor();
    await bar.getByText(`Export batch ${batchId}`, { exact: true }).waitFor();
    const shown = await bar.locator('.status-line').textContent();
    // X of the tasks it stages; those marked failed at the start are told apart.
    const shownDone = Number(/^Staging (\d+) of/.exec(shown ?? '')![1]);
    expect(shown).toMatch(
      new RegExp(
        `^Staging \\d+ of ${ready} tasks?${failing ? ` · ${failing} marked failed at the start` : ''}$`,
      ),
    );
    expect(shownDone + failing).toBeGreaterThanOrEqual(atClose.done);
    expect(shownDone).toBeLessThan(ready);
    await bar.getByRole('button', { name: 'Stage other tasks meanwhile' }).waitFor();
    await sidebarShot(page, 'staging-wizard-3-reopened');
    (await reopenedSlice)();
    resumeClock();

    await bar.getByRole('heading', { name: 'Staging complete' }).waitFor();
    const end = jobProgress(jobId);
    expect(end.finished).toBe(true);
    expect(end.done).toBe(count);
    const statuses = tasksOf('B-2026-10-B').map((id) => sheetRows().get(id)!.status);
    expect(statuses.filter((s) => s === 'staged')).toHaveLength(end.succeeded);
    expect(statuses.filter((s) => s === 'staging_failed')).toHaveLength(end.failed);
    await expect(bar.locator('.failures li').count()).resolves.toBe(end.failed);

    // On to delivery: the delivery wizard opens on this batch, at its review.
    await bar.getByRole('button', { name: 'Continue to delivery' }).click();
    await bar.getByRole('heading', { name: 'Review the export' }).waitFor();
    await bar.getByText(`Export batch ${batchId}`, { exact: true }).waitFor();
  });

  it('the staging folder trashed before step 3: a plain message, the wizard stays usable', async () => {
    const bar = await openWizard();
    await chooseWorkBatch('B-2026-10-A');
    await bar.getByLabel('Minimum').fill('50');
    // A range that cannot match is caught in the page, with no call.
    await bar.getByLabel('Maximum').fill('20');
    await bar
      .getByRole('group', { name: 'Review score' })
      .getByRole('alert')
      .getByText('The minimum review score is higher than the maximum.', { exact: true })
      .waitFor();
    await expect(bar.getByRole('button', { name: 'Preview' }).isDisabled()).resolves.toBe(true);
    await bar.getByLabel('Maximum').fill('');
    await bar.getByRole('button', { name: 'Preview' }).click();
    await bar.getByRole('heading', { name: 'Check the selection' }).waitFor();
    const count = await bar.locator('table.tasks tbody tr').count();
    expect(count).toBeGreaterThan(0);
    const label = await stageButton().textContent();
    const before = JSON.stringify([...sheetRows()]);
    const staging = folderByName(playground, 'Exports Staging');
    playground.session.ws.drive.trash(staging);

    const stage = bar.getByRole('button', { name: label!, exact: true });
    await stage.click();
    await bar
      .getByRole('alert')
      .getByText(
        'Could not start staging. The staging folder "Exports Staging" is in the trash. Restore it or choose another.',
        { exact: true },
      )
      .waitFor();
    await sidebarShot(page, 'staging-wizard-2-folder-trashed');
    expect(await overflowing(page)).toEqual([]);
    expect(JSON.stringify([...sheetRows()])).toBe(before);
    await expect(stage.isEnabled()).resolves.toBe(true);

    // Back keeps what was entered; after the folder is restored, staging starts.
    await bar.getByRole('button', { name: 'Back' }).click();
    await bar.getByRole('heading', { name: 'Choose tasks' }).waitFor();
    await expect(bar.getByLabel('Minimum').inputValue()).resolves.toBe('50');
    await expect(bar.locator('summary', { hasText: 'Work batch:' }).textContent()).resolves.toBe(
      'Work batch: B-2026-10-A',
    );
    playground.session.ws.drive.untrash(staging);
    await bar.getByRole('button', { name: 'Preview' }).click();
    await bar.getByRole('button', { name: label!, exact: true }).click();
    await bar.getByRole('heading', { name: 'Staging complete' }).waitFor();
    await expect(bar.getByRole('alert').count()).resolves.toBe(0);
  });

  it('the legacy Export Wizard opens the staging wizard with a notice on the two phases', async () => {
    // An old button on the sheet still runs showExportWizard.
    expect(playground.session.callFromPage('showExportWizard', [])).toMatchObject({ ok: true });
    const bar = sidebar(page);
    const notice = bar.getByRole('note', { name: 'The export has changed' });
    await notice.getByText('Exports now happen in two steps.', { exact: false }).waitFor();
    await notice.getByText('Deliver staged export', { exact: true }).waitFor();
    await bar.getByRole('heading', { name: 'Choose tasks' }).waitFor();
    await sidebarShot(page, 'staging-wizard-legacy-notice');
    expect(await overflowing(page)).toEqual([]);
    await notice.getByRole('button', { name: 'Got it' }).click();
    await notice.waitFor({ state: 'detached' });
  });
});
