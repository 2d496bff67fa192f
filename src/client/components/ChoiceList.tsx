/**
 * A folded list of checkboxes: all choices when none is ticked. Folded, so that long lists (work
 * batches, agents, reviewers) keep the 300 px sidebar short.
 */
export function ChoiceList({
  label,
  options,
  chosen,
  onChange,
  noneMeans,
  describe = (o) => o,
}: {
  label: string;
  options: readonly string[];
  chosen: readonly string[];
  onChange(chosen: string[]): void;
  /** What nothing ticked means, e.g. "all". */
  noneMeans: string;
  describe?: (option: string) => string;
}) {
  const toggle = (option: string, on: boolean) =>
    onChange(
      on
        ? options.filter((o) => o === option || chosen.includes(o))
        : chosen.filter((o) => o !== option),
    );
  const shown = chosen.length === 0 ? noneMeans : chosen.map(describe).join(', ');
  return (
    <details class="choices">
      <summary>
        <strong>{label}:</strong> {shown}
      </summary>
      <div role="group" aria-label={label}>
        {options.length === 0 ? <p class="secondary">None in the sheet.</p> : null}
        {options.map((option) => (
          <label class="check" key={option}>
            <input
              type="checkbox"
              checked={chosen.includes(option)}
              onChange={(e) => toggle(option, (e.currentTarget as HTMLInputElement).checked)}
            />
            <span>{describe(option)}</span>
          </label>
        ))}
      </div>
    </details>
  );
}
