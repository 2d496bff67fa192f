/**
 * The continuation triggers that resume unfinished jobs when nobody drives them from a sidebar.
 * Two kinds, one handler:
 * - the guard, armed before a slice does any work and due after the slice could have ended, so
 *   that even an execution Apps Script kills is picked up again;
 * - the prompt, armed once a trigger's slice has ended with work left (and when a job starts), due
 *   when the job can go on (at once, unless the slice stopped to wait for something timed), so
 *   that the next slice starts as soon as Apps Script fires it rather than when the guard falls
 *   due. It only saves time: when Google refuses it (a person may have at most 20 triggers on a
 *   script), the guard goes on as before.
 * A one-off trigger stays listed after it fires: the execution a trigger starts deletes it.
 */
export const CONTINUATION_HANDLER = 'runExportJobs';
const GUARD_KEY = 'exportJobs.trigger';
const PROMPT_KEY = 'exportJobs.prompt';

interface Armed {
  uid: string;
  due: number;
}

function props() {
  return PropertiesService.getScriptProperties();
}

function recordedGuard(): Armed | null {
  const raw = props().getProperty(GUARD_KEY);
  return raw ? (JSON.parse(raw) as Armed) : null;
}

function findTrigger(uid: string): GoogleAppsScript.Script.Trigger | undefined {
  return ScriptApp.getProjectTriggers().find((t) => t.getUniqueId() === uid);
}

/**
 * Makes sure the guard falls due within `afterMs`, and not before `notBeforeMs` (a guard firing
 * while the slice it guards still runs finds the job busy and is wasted): the one armed is kept if
 * it does, and replaced otherwise.
 */
export function armContinuation(afterMs: number, notBeforeMs = 0): void {
  const armed = recordedGuard();
  const now = Date.now();
  const fits = armed && armed.due >= now + notBeforeMs && armed.due <= now + afterMs;
  if (fits && findTrigger(armed.uid)) return;
  replaceGuard(armed?.uid, undefined, afterMs);
}

/**
 * Called first by the trigger handler: arms a fresh guard, then deletes the guard it replaces and
 * the trigger that fired (a prompt, the guard itself, or one a killed execution left unrecorded).
 */
export function renewContinuation(firedUid: string | undefined, afterMs: number): void {
  replaceGuard(recordedGuard()?.uid, firedUid, afterMs);
}

/**
 * The new guard is armed before the old one and the fired trigger are deleted: an execution
 * killed in between leaves two triggers, never none. When there is no room for one more (a person
 * may have 20 triggers on a script), the fired one goes first, then, if still needed, the old
 * guard; a kill in between then leaves none, and the watchdog resumes the job.
 */
function replaceGuard(oldUid: string | undefined, firedUid: string | undefined, afterMs: number) {
  const spare: string[] = [];
  for (const uid of [firedUid, oldUid]) if (uid && !spare.includes(uid)) spare.push(uid);
  let trigger: GoogleAppsScript.Script.Trigger | undefined;
  for (;;) {
    try {
      trigger = newContinuation(afterMs);
      break;
    } catch (e) {
      const uid = spare.shift();
      if (!uid) throw e;
      deleteTriggers([uid]);
    }
  }
  props().setProperty(
    GUARD_KEY,
    JSON.stringify({ uid: trigger.getUniqueId(), due: Date.now() + afterMs } satisfies Armed),
  );
  deleteTriggers(spare);
}

/**
 * The prompt armed last, and when it fell due (unknown for one recorded by an older version),
 * from the script properties already read, or read now.
 */
export function recordedPrompt(all?: Record<string, string>): { uid: string; due?: number } | null {
  return promptOf(all ? all[PROMPT_KEY] : props().getProperty(PROMPT_KEY));
}

function promptOf(raw: string | null | undefined): { uid: string; due?: number } | null {
  if (!raw) return null;
  return raw.startsWith('{') ? (JSON.parse(raw) as Armed) : { uid: raw };
}

/**
 * Arms the prompt, due in `afterMs`, and returns its id. The one armed before, if Apps Script has
 * not fired it yet, is deleted first (`deletedUid`: a trigger already deleted): one pending prompt
 * is enough. Never throws: without a prompt, the guard resumes the job.
 */
export function armPromptContinuation(afterMs = 0, deletedUid?: string): string | null {
  try {
    const previous = recordedPrompt();
    // The trigger that started this execution was deleted when it began (renewContinuation).
    if (previous && previous.uid !== deletedUid) deleteTriggers([previous.uid]);
    const uid = newContinuation(afterMs).getUniqueId();
    props().setProperty(PROMPT_KEY, JSON.stringify({ uid, due: Date.now() + afterMs }));
    return uid;
  } catch (e) {
    console.warn(`Export: the next slice waits for its guard trigger: ${(e as Error).message}`);
    return null;
  }
}

/**
 * Forgets the prompt record if it is `uid`'s: a prompt that fired and could not take its turn
 * tells the slice it waited for to arm another one when it ends.
 */
export function forgetPrompt(uid: string | undefined): void {
  if (uid && recordedPrompt()?.uid === uid) props().deleteProperty(PROMPT_KEY);
}

function newContinuation(afterMs: number): GoogleAppsScript.Script.Trigger {
  return ScriptApp.newTrigger(CONTINUATION_HANDLER).timeBased().after(afterMs).create();
}

/**
 * Removes the continuations when no job is left to continue. The records go first: a kill after
 * that leaves a trigger, which finds no job when it fires and removes itself, never a record of a
 * trigger that is gone.
 */
export function disarmContinuation(): void {
  props().deleteProperty(GUARD_KEY);
  props().deleteProperty(PROMPT_KEY);
  for (const t of ScriptApp.getProjectTriggers()) {
    if (t.getHandlerFunction() === CONTINUATION_HANDLER) ScriptApp.deleteTrigger(t);
  }
}

function deleteTriggers(uids: readonly string[]): void {
  if (uids.length === 0) return;
  for (const t of ScriptApp.getProjectTriggers()) {
    if (uids.includes(t.getUniqueId())) ScriptApp.deleteTrigger(t);
  }
}
