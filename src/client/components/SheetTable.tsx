/** The first rows of a sheet, as a preview: every cell as text, internal columns marked. */
export function SheetTable({
  columns,
  rows,
}: {
  columns: ReadonlyArray<{ name: string; internal?: boolean }>;
  rows: readonly (readonly string[])[];
}) {
  return (
    <div class="table-box">
      <table class="data sheet">
        <thead>
          <tr>
            {columns.map((c, j) => (
              <th key={j} class={c.internal ? 'internal' : undefined}>
                {c.name}
                {c.internal ? ' (internal)' : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j} title={cell}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
