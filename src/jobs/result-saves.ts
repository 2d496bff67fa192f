import type { Copier } from '../drive/copier';

/**
 * How often a slice saves the tasks it finished. Results mostly ride with the saves of the next
 * plans (which go before the writes they cover), but an execution can die at any call (the
 * 6-minute limit stops a script wherever it is). A result lost that way is found again from its
 * task's plan, at the cost of checking the task again; so results wait at most this long.
 */
const RESULT_SAVE_MS = 10_000;

/**
 * Wraps a job's checkpoint: `finished` after each result saves when the last save is old. With
 * the DriveApp copier every result is saved at once: its calls throw wherever Drive fails (the
 * REST copier gets such failures as answers), so its slices may die every few seconds, and each
 * must keep what it finished for the job to move forward; its copies, one by one, take far longer
 * than a save.
 */
export function resultSaves(
  checkpoint: () => void,
  copier: Pick<Copier, 'kind'>,
): { finished(): void; save(): void } {
  const every = copier.kind === 'driveapp' ? 0 : RESULT_SAVE_MS;
  let savedAt = Date.now();
  const save = () => {
    checkpoint();
    savedAt = Date.now();
  };
  return {
    finished: () => {
      if (Date.now() - savedAt >= every) save();
    },
    save,
  };
}
