import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { TaskStatusChoices } from '../shared/rpc';
import { ErrorMessage, Loading, Notice, Success, Warning } from './components/messages';
import { Buttons } from './components/layout';
import { statusWords } from './format';
import { OVERRIDE_LABELS } from '../shared/override-labels';
import { useAction } from './hooks';
import { call, closeSidebar, pageOptions } from './rpc';

/** What each change a person may make means, in words. */
const MEANING: Record<string, string> = {
  'not exported':
    'The task leaves its export batch and can be staged again with Stage tasks for export.',
  staged: 'The task can be delivered again from its export batch.',
};

/** PLAN 4.1: change one task's export status by hand, with a reason kept in the Export Log. */
function StatusChangePage() {
  const looking = useAction();
  const saving = useAction();
  const [taskId, setTaskId] = useState(pageOptions().taskId ?? '');
  const [task, setTask] = useState<TaskStatusChoices | null>(null);
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<{ taskId: string; from: string; to: string } | null>(null);

  const look = (id = taskId) =>
    void looking.run(`find task ${id.trim() || '(no Task ID typed)'}`, async () => {
      setTask(null);
      saving.clearError();
      const found = await call('getTaskStatusChoices', id);
      setTask(found);
      setTarget(found.choices.length === 1 ? found.choices[0] : '');
    });
  useEffect(() => {
    if (taskId.trim()) look();
  }, []);

  const save = () => {
    if (!task) return;
    const { taskId: id, status: from } = task;
    void saving.run(`change the status of task ${id}`, async () => {
      await call('resetTaskExportStatus', id, target === 'not exported' ? '' : target, reason);
      setDone({ taskId: id, from, to: target });
      setReason('');
      setTask(await call('getTaskStatusChoices', id));
      setTarget('');
    });
  };

  const busy = looking.busy !== null || saving.busy !== null;
  return (
    <div>
      <h1>Change a task’s status</h1>
      <p class="secondary">
        For the rare task that must be put back by hand. The change and your reason are kept in the
        Export Log, with your name.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          look();
        }}
      >
        <div class="field">
          <label class="label" for="task-id">
            Task ID
          </label>
          <input
            id="task-id"
            type="text"
            value={taskId}
            autocomplete="off"
            onInput={(e) => setTaskId((e.target as HTMLInputElement).value)}
          />
        </div>
        <Buttons>
          <button type="submit" disabled={busy || !taskId.trim()}>
            Find task
          </button>
        </Buttons>
      </form>
      <ErrorMessage text={looking.error} />
      {looking.busy ? <Loading what="Looking for the task" /> : null}
      {done ? (
        <Success>
          <p>
            Task <strong>{done.taskId}</strong> changed from “{statusWords(done.from)}” to “
            {statusWords(done.to)}”. The change and your reason are in the Export Log.
          </p>
        </Success>
      ) : null}
      {task ? (
        <section class="card" aria-label={`Task ${task.taskId}`}>
          <h3>Task {task.taskId}</h3>
          <p>
            Export status now: <strong>{statusWords(task.status)}</strong>
            {task.batchId ? (
              <span>
                <br />
                Export batch: {task.batchId}
              </span>
            ) : null}
          </p>
          <Choices
            task={task}
            target={target}
            onTarget={setTarget}
            reason={reason}
            onReason={setReason}
          />
          <ErrorMessage text={saving.error} />
          {task.choices.length > 0 ? (
            <Buttons>
              <button
                type="button"
                class="action"
                disabled={busy || !target || !reason.trim()}
                onClick={save}
              >
                Change status
              </button>
            </Buttons>
          ) : null}
          {task.choices.length > 0 && (!target || !reason.trim()) ? (
            <p class="hint">
              {!target ? 'Choose the new status' : 'Type the reason'} to change the status.
            </p>
          ) : null}
        </section>
      ) : null}
      <Buttons>
        <button type="button" disabled={busy} onClick={closeSidebar}>
          Close
        </button>
      </Buttons>
    </div>
  );
}

function Choices({
  task,
  target,
  onTarget,
  reason,
  onReason,
}: {
  task: TaskStatusChoices;
  target: string;
  onTarget(status: string): void;
  reason: string;
  onReason(text: string): void;
}) {
  if (task.running) {
    return (
      <Notice>
        <p>
          Its export batch is being {task.running === 'staging' ? 'staged' : 'delivered'} right now.
          Wait for that export to finish, then change the status here.
        </p>
      </Notice>
    );
  }
  if (!task.known) {
    return (
      <Warning>
        <p>
          Its Export Status cell holds “{task.status}”, which is not an export status. Correct the
          cell in the sheet (or empty it if the task was never exported).
        </p>
      </Warning>
    );
  }
  if (task.choices.length === 0) {
    return <p>{whyNoChoice(task.status)}</p>;
  }
  return (
    <div>
      <fieldset>
        <legend>New status</legend>
        {task.choices.map((s) => (
          <label class="check" key={s}>
            <input
              type="radio"
              name="target"
              value={s}
              checked={target === s}
              onChange={() => onTarget(s)}
            />
            <span>
              {statusWords(s)}
              <div class="hint">{MEANING[s] ?? ''}</div>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label class="label" for="reason">
          Reason (required)
        </label>
        <textarea
          id="reason"
          rows={3}
          value={reason}
          onInput={(e) => onReason((e.target as HTMLTextAreaElement).value)}
        />
        <div class="hint">For example: the client asked for this task again.</div>
      </div>
    </div>
  );
}

function whyNoChoice(status: string): string {
  switch (status) {
    case 'delivered':
      return `A delivered task cannot be changed by hand: it is with the client. To send it again, stage it with “${OVERRIDE_LABELS.includeAlreadyExported}” turned on in Stage tasks for export.`;
    case 'not exported':
      return 'A task that is not exported has nothing to put back. Stage it with Stage tasks for export when it is ready.';
    case 'staging':
    case 'delivering':
      return 'No export is working on this task any more, but it was left half done. Finish it with Resume failed exports first.';
    default:
      return 'This status cannot be changed by hand.';
  }
}

render(<StatusChangePage />, document.getElementById('app') as HTMLElement);
