import { useEffect, useRef, useState } from 'preact/hooks';
import type {
  ExportFilters,
  OverrideChoice,
  OverrideFlag,
  StagingConfiguration,
  StagingCount,
  StagingWizardSetup,
} from '../../shared/rpc';
import { plural } from '../format';
import { call } from '../rpc';
import { ChoiceList } from '../components/ChoiceList';
import { Buttons, ExternalLink, StepHeader } from '../components/layout';
import { ErrorMessage, Warning } from '../components/messages';
import { FilterForm, toFilters } from './form';

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Step 1: which tasks to stage (PLAN 2.3, 5.1). */
export function FiltersStep({
  setup,
  form,
  onChange,
  onPreview,
  onConfigure,
  busy,
  error,
}: {
  setup: StagingWizardSetup;
  form: FilterForm;
  onChange(form: FilterForm): void;
  onPreview(filters: ExportFilters): void;
  onConfigure(): void;
  busy: boolean;
  error: string | null;
}) {
  const set = <K extends keyof FilterForm>(key: K, value: FilterForm[K]) =>
    onChange({ ...form, [key]: value });
  const text = (key: 'dateFrom' | 'dateTo' | 'scoreMin' | 'scoreMax') => ({
    value: form[key],
    onInput: (e: Event) => set(key, (e.currentTarget as HTMLInputElement).value),
  });
  // A form that cannot be read says so under the fields concerned as it is typed, and is not
  // previewed until it is put right.
  const checked = toFilters(form);
  const problemAt = (field: 'score' | 'date') =>
    !checked.ok && checked.field === field ? (
      <p class="field-problem" role="alert">
        {checked.problem}
      </p>
    ) : null;
  const preview = () => {
    if (checked.ok) onPreview(checked.filters);
  };
  const options = setup.filterOptions;
  const range = options.reviewScoreRange;
  const count = useLiveCount(form);
  const turnOn = (flag: OverrideFlag) =>
    set('overrides', form.overrides.includes(flag) ? form.overrides : [...form.overrides, flag]);
  return (
    <div>
      <StepHeader step={1} of={4} title="Choose tasks" />
      <p class="secondary">
        Finished tasks that passed review and were never exported are staged. Narrow them down here;
        nothing is copied before the next step.
      </p>
      <StagingFolderLine staging={setup.staging} onConfigure={onConfigure} busy={busy} />
      <fieldset disabled={busy}>
        <ChoiceList
          label="Work batch"
          options={options.batches}
          chosen={form.batchIds}
          onChange={(v) => set('batchIds', v)}
          noneMeans="all"
        />
        <ChoiceList
          label="Agent"
          options={options.agents}
          chosen={form.agents}
          onChange={(v) => set('agents', v)}
          noneMeans="all"
        />
        <fieldset>
          <legend>Completed between</legend>
          <div class="pair">
            <div>
              <label for="date-from">From</label>
              <input id="date-from" type="date" {...text('dateFrom')} />
            </div>
            <div>
              <label for="date-to">To</label>
              <input id="date-to" type="date" {...text('dateTo')} />
            </div>
          </div>
          {problemAt('date')}
        </fieldset>
        <ChoiceList
          label="Review status"
          options={options.reviewStatuses}
          chosen={form.reviewStatuses}
          onChange={(v) => set('reviewStatuses', v)}
          noneMeans="all"
          describe={capitalized}
        />
        <OverrideOffers
          count={count}
          reviewStatuses={form.reviewStatuses}
          overrides={setup.overrides}
          onTurnOn={turnOn}
        />
        <fieldset>
          <legend>Review score</legend>
          <div class="pair">
            <div>
              <label for="score-min">Minimum</label>
              <input
                id="score-min"
                type="number"
                min={range.min}
                max={range.max}
                placeholder={String(range.min)}
                {...text('scoreMin')}
              />
            </div>
            <div>
              <label for="score-max">Maximum</label>
              <input
                id="score-max"
                type="number"
                min={range.min}
                max={range.max}
                placeholder={String(range.max)}
                {...text('scoreMax')}
              />
            </div>
          </div>
          {problemAt('score')}
        </fieldset>
        <ChoiceList
          label="Reviewer"
          options={options.reviewers}
          chosen={form.reviewerEmails}
          onChange={(v) => set('reviewerEmails', v)}
          noneMeans="all"
        />
        <fieldset class="overrides">
          <legend>Overrides</legend>
          <p class="hint">Only when tasks the usual rules leave out must be staged.</p>
          {setup.overrides.map((o) => {
            const on = form.overrides.includes(o.flag);
            return (
              <div key={o.flag}>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={on}
                    onChange={(e) =>
                      set(
                        'overrides',
                        (e.currentTarget as HTMLInputElement).checked
                          ? [...form.overrides, o.flag]
                          : form.overrides.filter((f) => f !== o.flag),
                      )
                    }
                  />
                  <span>{o.label}</span>
                </label>
                {on ? <Warning>{o.warning}</Warning> : null}
              </div>
            );
          })}
        </fieldset>
      </fieldset>
      <MatchCount count={count} problem={checked.ok ? null : checked.field} />
      <ErrorMessage text={error} />
      <Buttons>
        <button type="button" class="action" disabled={busy || !checked.ok} onClick={preview}>
          {busy ? 'Finding tasks…' : 'Preview'}
        </button>
      </Buttons>
    </div>
  );
}

function StagingFolderLine({
  staging,
  onConfigure,
  busy,
}: {
  staging: StagingConfiguration;
  onConfigure(): void;
  busy: boolean;
}) {
  if (staging.folder) {
    return (
      <p>
        Staging folder: <ExternalLink href={staging.folder.url}>{staging.folder.name}</ExternalLink>
      </p>
    );
  }
  return (
    <Warning>
      <p>{staging.error}</p>
      <button type="button" disabled={busy} onClick={onConfigure}>
        Set the staging folder
      </button>
    </Warning>
  );
}

/** Waits this long after the last change before counting, so typing a date asks once. */
const COUNT_DELAY_MS = 400;

/**
 * How many tasks the filters match now, and what overrides would add: counted on the server from
 * one read of the sheet (no Drive lookups) after the filters stop changing; null while the form
 * cannot be read (a score that is not a number) or before the first answer.
 */
function useLiveCount(form: FilterForm): StagingCount | null | 'counting' {
  const [answer, setAnswer] = useState<{ key: string; count: StagingCount | null } | null>(null);
  const asked = useRef(0);
  const checked = toFilters(form);
  const key = checked.ok ? JSON.stringify(checked.filters) : '';
  useEffect(() => {
    const mine = ++asked.current;
    if (!checked.ok) return undefined;
    const timer = setTimeout(() => {
      call('countTasksForStaging', checked.filters).then(
        (found) => {
          if (asked.current === mine) setAnswer({ key, count: found });
        },
        // The count is a help: the preview reads the sheet again and says what went wrong.
        () => {
          if (asked.current === mine) setAnswer({ key, count: null });
        },
      );
    }, COUNT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key]);
  if (!checked.ok) return null;
  // An answer for filters changed since is not shown as theirs.
  return answer?.key === key ? answer.count : 'counting';
}

/** Said in place of the count while the form cannot be read, pointing to the fields to fix. */
const FIX_FIRST: Record<'score' | 'date', string> = {
  score: 'Fix the review score above to see how many tasks match.',
  date: 'Fix the completed dates above to see how many tasks match.',
};

function MatchCount({
  count,
  problem,
}: {
  count: StagingCount | null | 'counting';
  problem: 'score' | 'date' | null;
}) {
  return (
    <p class="match-count" role="status" aria-live="polite">
      {problem
        ? FIX_FIRST[problem]
        : count === null
          ? '\u00a0'
          : count === 'counting'
            ? 'Counting the tasks that match…'
            : count.tasks === 0
              ? 'No task matches these filters.'
              : `${plural(count.tasks, 'task matches', 'tasks match')} these filters.`}
    </p>
  );
}

const LEFT_OUT: Record<OverrideFlag, (n: number) => string> = {
  includeUnreviewed: (n) =>
    `${plural(n, 'task')} ${n === 1 ? 'matches' : 'match'} but ${n === 1 ? 'has' : 'have'} not been reviewed yet.`,
  includeFailed: (n) => `${plural(n, 'task')} ${n === 1 ? 'matches' : 'match'} but failed review.`,
  includeAlreadyExported: (n) =>
    `${plural(n, 'task')} ${n === 1 ? 'matches' : 'match'} but ${n === 1 ? 'was' : 'were'} delivered before.`,
};

/** The review status each override is for, when it is one. */
const REVIEW_OF: Partial<Record<OverrideFlag, string>> = {
  includeUnreviewed: 'pending',
  includeFailed: 'failed',
};

/**
 * The overrides that would add tasks the filters match, each offered with its count: when a review
 * status chosen needs one, or when nothing matches without one (not on every view of the form).
 */
function OverrideOffers({
  count,
  reviewStatuses,
  overrides,
  onTurnOn,
}: {
  count: StagingCount | null | 'counting';
  reviewStatuses: string[];
  overrides: OverrideChoice[];
  onTurnOn(flag: OverrideFlag): void;
}) {
  if (!count || count === 'counting') return null;
  const offered = overrides.filter((o) => {
    const review = REVIEW_OF[o.flag];
    return (
      count.needOverride.some((x) => x.flag === o.flag) &&
      (count.tasks === 0 || (review !== undefined && reviewStatuses.includes(review)))
    );
  });
  if (offered.length === 0) return null;
  return (
    <div class="message notice override-offers" role="status">
      {offered.map((choice) => {
        const { flag } = choice;
        const tasks = count.needOverride.find((x) => x.flag === flag)!.tasks;
        return (
          <div key={flag} class="offer">
            <p>
              {LEFT_OUT[flag](tasks)} {tasks === 1 ? 'It is' : 'They are'} left out unless you turn
              on “{choice.label}”.
            </p>
            <button type="button" onClick={() => onTurnOn(flag)}>
              {choice.label}
            </button>
          </div>
        );
      })}
    </div>
  );
}
