import { SheetTable } from '../components/SheetTable';
import { useEffect, useState } from 'preact/hooks';
import type {
  ExportSheetPreview,
  OverrideChoice,
  OverrideFlag,
  StagingPreview,
  TaskSummary,
} from '../../shared/rpc';
import { Buttons, ExternalLink, StepHeader } from '../components/layout';
import { ErrorMessage, Loading, Warning } from '../components/messages';
import { bytes, plural } from '../format';
import { useAction } from '../hooks';
import { VolumePlanView } from '../components/VolumePlanView';
import { call } from '../rpc';

/** What the preview found of each task: the groups the person reads before staging. */
export interface PreviewGroups {
  /** Files looked up and right. */
  ready: TaskSummary[];
  /** Not looked up (a big selection): staged, and checked as they are copied. */
  unchecked: TaskSummary[];
  /** Files looked up and wrong: marked "staging failed" at the start, with the reasons. */
  failing: Array<{ task: TaskSummary; problems: string[] }>;
}

export function groupsOf(preview: StagingPreview): PreviewGroups {
  const looked = new Map(preview.perTask.map((t) => [t.taskId, t.problems]));
  const groups: PreviewGroups = { ready: [], unchecked: [], failing: [] };
  for (const task of preview.selection.tasks) {
    const problems = looked.get(task.taskId);
    if (problems === undefined) groups.unchecked.push(task);
    else if (problems.length > 0) groups.failing.push({ task, problems });
    else groups.ready.push(task);
  }
  return groups;
}

/** Step 2: what staging would do (PLAN 2.3): tasks by group, destination, size, export sheet. */
export function PreviewStep({
  preview,
  overrides,
  onBack,
  onStart,
  onTurnOn,
  busy,
  error,
}: {
  preview: StagingPreview;
  overrides: OverrideChoice[];
  onBack(): void;
  onStart(taskIds: string[], failing: string[]): void;
  /** Turns an override on and previews again with it. */
  onTurnOn(flag: OverrideFlag): void;
  busy: boolean;
  error: string | null;
}) {
  const { selection, destination, destinationError } = preview;
  const groups = groupsOf(preview);
  const toStage = [...groups.ready, ...groups.unchecked];
  const stageIds = toStage.map((t) => t.taskId);
  const failingIds = groups.failing.map((f) => f.task.taskId);
  const count = stageIds.length;
  const filesOf = new Map(preview.perTask.map((t) => [t.taskId, t.files]));
  const label =
    groups.unchecked.length === 0
      ? `Stage ${plural(count, 'ready task')}`
      : `Stage ${plural(count, 'task')}`;
  return (
    <div>
      <StepHeader step={2} of={4} title="Check the selection" />
      <div class="figures">
        <span>
          <strong>{count}</strong> {count === 1 ? 'task' : 'tasks'} to stage
        </span>
        {/* Nothing to copy has no files or size to tell of. */}
        {count > 0 ? (
          <>
            <span>
              <strong>{preview.fileCount}</strong> {preview.fileCount === 1 ? 'file' : 'files'}
            </span>
            <span>
              about <strong>{bytes(preview.totalBytes)}</strong>
            </span>
          </>
        ) : null}
      </div>
      <h2>Destination</h2>
      {destination ? (
        <p class="destination">
          <ExternalLink href={destination.url}>{destination.name}</ExternalLink> ›{' '}
          {destination.batchFolderName}
        </p>
      ) : (
        <Warning>
          <p>{destinationError}</p>
        </Warning>
      )}
      {selection.overrides.map((o) => (
        <Warning key={o.flag}>{o.warning}</Warning>
      ))}
      {selection.tasks.length === 0 ? (
        <p class="nothing-ready">{nothingReady(selection.needOverride, overrides)}</p>
      ) : null}
      <ReadyGroup groups={groups} filesOf={filesOf} />
      <FailingGroup failing={groups.failing} />
      <OverrideGroup
        needOverride={selection.needOverride}
        overrides={overrides}
        onTurnOn={onTurnOn}
        busy={busy}
      />
      {selection.excluded.length > 0 ? (
        <section class="group" aria-label="Left out">
          <h2>Left out whatever the filters ({selection.excluded.length})</h2>
          <Warning>
            <ul class="plain">
              {selection.excluded.map((x) => (
                <li key={x.taskId}>{x.reason}</li>
              ))}
            </ul>
          </Warning>
        </section>
      ) : null}
      <VolumePlanView plan={preview.plan} />
      {count > 0 ? <SheetPreview taskIds={stageIds} batchId={preview.batchId} /> : null}
      <ErrorMessage text={error} />
      {groups.failing.length > 0 ? (
        <p class="hint">
          {count > 0 ? 'When staging starts, the ' : 'The '}
          {plural(groups.failing.length, 'task')} that will fail the file check{' '}
          {groups.failing.length === 1 ? 'is' : 'are'} marked “staging failed” with{' '}
          {groups.failing.length === 1 ? 'its reason' : 'their reasons'}, and nothing of{' '}
          {groups.failing.length === 1 ? 'it' : 'them'} is copied. Fix the files, then retry{' '}
          {groups.failing.length === 1 ? 'it' : 'them'} from Resume failed exports.
        </p>
      ) : null}
      <Buttons>
        <button type="button" disabled={busy} onClick={onBack}>
          Back
        </button>
        <button
          type="button"
          class="action"
          disabled={busy || count === 0 || !destination || !!preview.plan?.refusal}
          onClick={() => onStart(stageIds, failingIds)}
        >
          {busy ? 'Starting…' : count === 0 ? 'No task is ready to stage' : label}
        </button>
      </Buttons>
    </div>
  );
}

function TaskLine({ task }: { task: TaskSummary }) {
  return (
    <>
      {task.taskId}
      <div class="secondary">{task.folderName}</div>
      <div class="secondary">
        {[task.agent, task.reviewScore === null ? '' : `score ${task.reviewScore}`]
          .filter((part) => part !== '')
          .join(' · ')}
      </div>
    </>
  );
}

/** The tasks staging copies: those whose files were checked, then those checked while copying. */
function ReadyGroup({
  groups,
  filesOf,
}: {
  groups: PreviewGroups;
  filesOf: ReadonlyMap<string, number>;
}) {
  const { ready, unchecked } = groups;
  if (ready.length + unchecked.length === 0) return null;
  return (
    <section class="group" aria-label="Ready to stage">
      <h2>Ready to stage ({ready.length})</h2>
      {unchecked.length > 0 ? (
        <p class="hint">
          The files of {plural(ready.length, 'task')} were checked now. The other{' '}
          {plural(unchecked.length, 'task')} {unchecked.length === 1 ? 'is' : 'are'} checked when
          staging: {unchecked.length === 1 ? 'it is' : 'they are'} staged too, and one whose files
          are not right is marked “staging failed” with the reason. Their files and sizes are
          estimated.
        </p>
      ) : null}
      <div class="table-box tall">
        <table class="data tasks">
          <thead>
            <tr>
              <th>Task</th>
              <th class="num">Files</th>
            </tr>
          </thead>
          <tbody>
            {ready.map((t) => (
              <tr key={t.taskId}>
                <td class="wrap">
                  <TaskLine task={t} />
                </td>
                <td class="num">{filesOf.get(t.taskId) ?? '–'}</td>
              </tr>
            ))}
            {unchecked.length > 0 ? (
              <tr>
                <th colSpan={2}>Checked when staging ({unchecked.length})</th>
              </tr>
            ) : null}
            {unchecked.map((t) => (
              <tr key={t.taskId}>
                <td class="wrap">
                  <TaskLine task={t} />
                </td>
                <td class="num">–</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function FailingGroup({ failing }: { failing: PreviewGroups['failing'] }) {
  if (failing.length === 0) return null;
  return (
    <section class="group" aria-label="Will fail the file check">
      <h2>Will fail the file check ({failing.length})</h2>
      <Warning>
        <ul class="plain">
          {failing.map(({ task, problems }) => (
            <li key={task.taskId}>
              <strong>{task.taskId}</strong>
              {task.folderName ? <div class="secondary">{task.folderName}</div> : null}
              <ul class="reasons">
                {problems.map((p, i) => (
                  <li key={i}>{capitalized(p)}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </Warning>
    </section>
  );
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const NEEDS: Record<OverrideFlag, (n: number) => string> = {
  includeUnreviewed: (n) =>
    `${plural(n, 'task')} ${n === 1 ? 'has' : 'have'} not been reviewed yet.`,
  includeFailed: (n) => `${plural(n, 'task')} failed review.`,
  includeAlreadyExported: (n) =>
    `${plural(n, 'task')} ${n === 1 ? 'was' : 'were'} delivered before.`,
};

/**
 * What the preview says when no task is ready: told alike with the overrides listed below it,
 * which name the tasks the filters match but only an override lets in.
 */
function nothingReady(
  needOverride: StagingPreview['selection']['needOverride'],
  overrides: OverrideChoice[],
): string {
  const n = needOverride.length;
  if (n === 0) return 'No task matches these filters. Go back and change them.';
  const flags = overrides.filter((o) => needOverride.some((x) => x.flags.includes(o.flag)));
  const way =
    flags.length === 1
      ? `if you ${flags[0].label.charAt(0).toLowerCase()}${flags[0].label.slice(1)}`
      : 'with an override below';
  return `No task is ready with these filters; ${n} more ${n === 1 ? 'matches' : 'match'} ${way}.`;
}

/** Tasks the filters match that only an override keeps out, by override, with a button to it. */
function OverrideGroup({
  needOverride,
  overrides,
  onTurnOn,
  busy,
}: {
  needOverride: StagingPreview['selection']['needOverride'];
  overrides: OverrideChoice[];
  onTurnOn(flag: OverrideFlag): void;
  busy: boolean;
}) {
  if (needOverride.length === 0) return null;
  return (
    <section class="group" aria-label="Needs an override">
      <h2>Needs an override ({needOverride.length})</h2>
      <p class="hint">These tasks match the filters but are not staged.</p>
      <ul class="plain override-offers">
        {overrides.map((o) => {
          const ids = needOverride.filter((x) => x.flags.includes(o.flag)).map((x) => x.taskId);
          if (ids.length === 0) return null;
          return (
            <li key={o.flag} class="offer">
              {`${NEEDS[o.flag](ids.length)} To stage ${ids.length === 1 ? 'it' : 'them'}, turn on “${o.label}”: the preview is made again with it.`}
              <div class="secondary">{ids.join(', ')}</div>
              <button type="button" disabled={busy} onClick={() => onTurnOn(o.flag)}>
                {o.label}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The export sheet's first rows, loaded after the rest of the preview so it shows at once. */
function SheetPreview({ taskIds, batchId }: { taskIds: string[]; batchId: string }) {
  const loading = useAction();
  const [sheet, setSheet] = useState<ExportSheetPreview | null>(null);
  useEffect(() => {
    void loading.run('preview the export sheet', async () => {
      setSheet(await call('getExportSheetPreview', taskIds, batchId));
    });
  }, [taskIds.join('\n')]);
  return (
    <section>
      <h2>Export sheet</h2>
      <ErrorMessage text={loading.error} />
      {loading.busy ? <Loading what="Preparing the export sheet preview" /> : null}
      {sheet ? (
        <div>
          <p class="secondary">
            “{sheet.sheetName}”, internal: {plural(sheet.totalRows, 'row')} of{' '}
            {plural(sheet.columns.length, 'column')}. The first rows as they are now:
          </p>
          <SheetTable columns={sheet.columns.map((name) => ({ name }))} rows={sheet.rows} />
        </div>
      ) : null}
    </section>
  );
}
