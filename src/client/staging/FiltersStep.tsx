import { useState } from 'preact/hooks';
import type { ExportFilters, StagingConfiguration, StagingWizardSetup } from '../../shared/rpc';
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
  const [problem, setProblem] = useState<string | null>(null);
  const set = <K extends keyof FilterForm>(key: K, value: FilterForm[K]) =>
    onChange({ ...form, [key]: value });
  const text = (key: 'dateFrom' | 'dateTo' | 'scoreMin' | 'scoreMax') => ({
    value: form[key],
    onInput: (e: Event) => set(key, (e.currentTarget as HTMLInputElement).value),
  });
  const preview = () => {
    const checked = toFilters(form);
    setProblem(checked.ok ? null : checked.problem);
    if (checked.ok) onPreview(checked.filters);
  };
  const options = setup.filterOptions;
  const range = options.reviewScoreRange;
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
        </fieldset>
        <ChoiceList
          label="Review status"
          options={options.reviewStatuses}
          chosen={form.reviewStatuses}
          onChange={(v) => set('reviewStatuses', v)}
          noneMeans="all"
          describe={capitalized}
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
      <ErrorMessage text={problem ?? error} />
      <Buttons>
        <button type="button" class="action" disabled={busy} onClick={preview}>
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
