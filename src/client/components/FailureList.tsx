import type { TaskFailure } from '../../shared/rpc';

/** Tasks that did not make it, each with its reason in plain words. */
export function FailureList({ failures, title }: { failures: TaskFailure[]; title: string }) {
  if (failures.length === 0) return null;
  return (
    <section>
      <h2>{title}</h2>
      <ul class="plain failures">
        {failures.map((f) => (
          <li key={f.taskId}>
            <strong>{f.taskId}</strong>
            <br />
            <span class="secondary">{f.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
