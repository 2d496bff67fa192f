import type { WeekActivity } from '../../shared/rpc';
import { plural } from '../format';
import { WeeklyBars, weekLabel } from './charts';

/** Tasks staged and delivered per week over the last weeks, as a chart and, on demand, a table. */
export function WeeklyActivity({ weeks }: { weeks: WeekActivity[] }) {
  const staged = weeks.reduce((n, w) => n + w.staged, 0);
  const delivered = weeks.reduce((n, w) => n + w.delivered, 0);
  return (
    <div>
      <p>
        In the last {weeks.length} weeks: <strong>{plural(staged, 'task')}</strong> staged,{' '}
        <strong>{plural(delivered, 'task')}</strong> delivered.
      </p>
      <p class="legend secondary">
        <span class="swatch staged" /> Staged <span class="swatch delivered" /> Delivered
      </p>
      <WeeklyBars weeks={weeks} />
      <details class="figures-table">
        <summary>Figures per week</summary>
        <div class="table-box">
          <table class="data weeks" aria-label="Tasks staged and delivered per week">
            <thead>
              <tr>
                <th>Week of</th>
                <th class="num">Staged</th>
                <th class="num">Delivered</th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.weekStart}>
                  <td>{weekLabel(w.weekStart)}</td>
                  <td class="num">{w.staged}</td>
                  <td class="num">{w.delivered}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
