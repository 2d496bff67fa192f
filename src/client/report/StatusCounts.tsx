import type { WaitingGroup } from '../../shared/rpc';
import { plural } from '../format';
import { Bar, StatusBars } from './charts';

/** Tasks per export status, in the order a task moves through them. */
const ROWS: Array<[status: string, label: string]> = [
  ['not exported', 'Not exported'],
  ['staging', 'Being staged'],
  ['staged', 'Staged, awaiting delivery'],
  ['delivering', 'Being delivered'],
  ['delivered', 'Delivered'],
  ['staging_failed', 'Staging failed'],
  ['delivery_failed', 'Delivery failed'],
  ['invalid', 'Unknown status in the cell'],
];

/**
 * Tasks per export status, as a chart and a table. "Not exported" is split: the tasks the staging
 * wizard would take now, and the others by why they wait, since the two call for different work.
 */
export function StatusCounts({
  counts,
  total,
  readyToStage,
  waiting,
}: {
  counts: Record<string, number>;
  total: number;
  readyToStage: number;
  waiting: WaitingGroup[];
}) {
  const known = new Set(ROWS.map(([s]) => s));
  const rows = [
    ...ROWS.filter(([s]) => s !== 'invalid' || (counts[s] ?? 0) > 0),
    // Anything the server counts that this page does not know yet is still shown.
    ...Object.keys(counts)
      .filter((s) => !known.has(s))
      .map((s): [string, string] => [s, s]),
  ];
  const waitingTotal = waiting.reduce((n, w) => n + w.tasks, 0);
  const bars: Bar[] = rows.flatMap(([status, label]): Bar[] =>
    status === 'not exported'
      ? [
          { key: 'ready', label: 'Ready to stage', value: readyToStage },
          { key: 'waiting', label: 'Not ready yet', value: waitingTotal },
        ]
      : [{ key: status, label, value: counts[status] ?? 0, alert: status.endsWith('failed') }],
  );
  return (
    <div>
      <p>
        <strong>{plural(readyToStage, 'task')}</strong> ready to stage
        {waitingTotal > 0 ? `; ${plural(waitingTotal, 'other task')} not ready yet` : ''}.
      </p>
      <StatusBars bars={bars} title="Tasks by export status" />
      <div class="table-box">
        <table class="data counts" aria-label="Tasks per export status">
          <thead>
            <tr>
              <th>Export status</th>
              <th class="num">Tasks</th>
            </tr>
          </thead>
          <tbody>
            {rows.flatMap(([status, label]) => [
              <tr
                key={status}
                data-status={status}
                class={status.endsWith('failed') && counts[status] ? 'alert' : ''}
              >
                <td>{label}</td>
                <td class="num">{counts[status] ?? 0}</td>
              </tr>,
              ...(status === 'not exported' ? notExportedRows(readyToStage, waiting) : []),
            ])}
          </tbody>
          <tfoot>
            <tr>
              <th>All tasks</th>
              <th class="num">{total}</th>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

/**
 * Under "Not exported": ready to stage, and not ready yet (the chart's words for the same tasks)
 * with each reason they wait, most first.
 */
function notExportedRows(ready: number, waiting: WaitingGroup[]) {
  const waitingTotal = waiting.reduce((n, w) => n + w.tasks, 0);
  return [
    <tr key="ready" class="part" data-part="Ready to stage">
      <td>Ready to stage</td>
      <td class="num">{ready}</td>
    </tr>,
    <tr key="waiting" class="part" data-part="Not ready yet">
      <td>Not ready yet</td>
      <td class="num">{waitingTotal}</td>
    </tr>,
    ...waiting.map((w) => (
      <tr key={`waiting ${w.why}`} class="part why" data-part={w.why}>
        <td>{w.why}</td>
        <td class="num">{w.tasks}</td>
      </tr>
    )),
  ];
}
