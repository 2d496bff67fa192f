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

export function StatusCounts({ counts, total }: { counts: Record<string, number>; total: number }) {
  const known = new Set(ROWS.map(([s]) => s));
  const rows = [
    ...ROWS.filter(([s]) => s !== 'invalid' || (counts[s] ?? 0) > 0),
    // Anything the server counts that this page does not know yet is still shown.
    ...Object.keys(counts)
      .filter((s) => !known.has(s))
      .map((s): [string, string] => [s, s]),
  ];
  return (
    <div class="table-box">
      <table class="data counts" aria-label="Tasks per export status">
        <thead>
          <tr>
            <th>Export status</th>
            <th class="num">Tasks</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([status, label]) => (
            <tr
              key={status}
              data-status={status}
              class={status.endsWith('failed') && counts[status] ? 'alert' : ''}
            >
              <td>
                {label}
                {shownRaw(status, label) ? <div class="secondary">{status}</div> : null}
              </td>
              <td class="num">{counts[status] ?? 0}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>All tasks</th>
            <th class="num">{total}</th>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The sheet's own word under the label, where it differs from it (to find the rows by it). */
function shownRaw(status: string, label: string): boolean {
  if (status === 'not exported' || status === 'invalid') return false;
  return !label.toLowerCase().startsWith(status.replace('_', ' '));
}
