import type { VolumePlan } from '../../shared/rpc';
import { Notice, Warning } from './messages';

/**
 * The volume plan in plain words: how long the export should take, what it uses of the day's
 * limits, whether it will pause; a refusal (Drive cannot take it) as a warning of its own.
 */
export function VolumePlanView({ plan }: { plan: VolumePlan | null }) {
  if (!plan) return null;
  const [duration, limitsHeading, ...rest] = plan.sentences;
  const limits = rest.filter((s) => s !== plan.refusal);
  const pauses = limits.slice(-2);
  const usage = limits.slice(0, -2);
  const pausing = plan.sidebarPause !== null || plan.unattendedPause !== null;
  return (
    <div class="volume-plan">
      <h2>Time and daily limits</h2>
      {plan.refusal ? (
        <Warning>
          <p class="plan-refusal">{plan.refusal}</p>
        </Warning>
      ) : null}
      <p class="plan-duration">{duration}</p>
      <p class="hint">{limitsHeading}</p>
      <ul class="plain plan-usage">
        {usage.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      {pausing ? (
        <Notice>
          {pauses.map((s) => (
            <p key={s} class="plan-pause">
              {s}
            </p>
          ))}
        </Notice>
      ) : (
        pauses.map((s) => (
          <p key={s} class="plan-pause hint">
            {s}
          </p>
        ))
      )}
    </div>
  );
}
