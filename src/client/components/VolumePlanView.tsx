import type { VolumePlan } from '../../shared/rpc';
import { Notice, Warning } from './messages';

/**
 * The volume plan in plain words: how long the export should take and whether it will pause in
 * view; what it uses of each of the day's limits, and what was used so far today, behind
 * "Details"; a refusal (Drive cannot take it) as a warning of its own. Nothing when nothing is
 * copied: there is no time or limit to tell of.
 */
export function VolumePlanView({ plan }: { plan: VolumePlan | null }) {
  if (!plan || (plan.files === 0 && plan.bytes === 0 && !plan.refusal)) return null;
  const { text } = plan;
  const pausing = plan.sidebarPause !== null || plan.unattendedPause !== null;
  const pauses = [text.sidebarPause, text.unattendedPause]
    .filter((s) => s !== '')
    .map((s) => (
      <p key={s} class={pausing ? 'plan-pause' : 'plan-pause secondary'}>
        {s}
      </p>
    ));
  return (
    <section class="volume-plan">
      <h2>Time and daily limits</h2>
      {plan.refusal ? (
        <Warning>
          <p class="plan-refusal">{plan.refusal}</p>
        </Warning>
      ) : null}
      <p class="plan-duration">{text.duration}</p>
      {pausing ? <Notice>{pauses}</Notice> : pauses}
      <details class="plan-details">
        <summary>Details</summary>
        <p class="hint">{text.account}</p>
        <dl class="plan-usage">
          {text.limits.map((l) => (
            <div key={l.kind} class="plan-limit">
              <dt>{l.name}</dt>
              <dd>
                This export: {l.needs}
                {l.note ? `, ${l.note}` : ''}.
                {l.spent === null ? null : <span class="plan-spent">So far today: {l.spent}.</span>}
              </dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}
