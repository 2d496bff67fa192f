/**
 * The continuation trigger: one time-driven trigger that resumes unfinished jobs when nobody drives
 * them from a sidebar. It is armed before a slice does any work, so even an execution that Apps
 * Script kills is picked up again.
 */
export const CONTINUATION_HANDLER = 'runExportJobs';
const TRIGGER_KEY = 'exportJobs.trigger';

/** A recorded trigger this much past its due time is taken as lost (its execution died early). */
const OVERDUE_MS = 15 * 60 * 1000;

interface Armed {
  uid: string;
  due: number;
}

function props() {
  return PropertiesService.getScriptProperties();
}

function recorded(): Armed | null {
  const raw = props().getProperty(TRIGGER_KEY);
  return raw ? (JSON.parse(raw) as Armed) : null;
}

function findTrigger(uid: string): GoogleAppsScript.Script.Trigger | undefined {
  return ScriptApp.getProjectTriggers().find((t) => t.getUniqueId() === uid);
}

/** Makes sure a continuation is due within `afterMs`; keeps the one already armed if it is. */
export function armContinuation(afterMs: number): void {
  const armed = recorded();
  const now = Date.now();
  if (armed && armed.due > now - OVERDUE_MS && findTrigger(armed.uid)) return;
  if (armed) deleteTrigger(armed.uid);
  const trigger = newContinuation(afterMs);
  props().setProperty(
    TRIGGER_KEY,
    JSON.stringify({ uid: trigger.getUniqueId(), due: now + afterMs }),
  );
}

/**
 * Called first by the trigger handler while work remains: arms the next continuation, then deletes
 * the trigger that fired (a one-off trigger stays listed after it fires). In that order, an
 * execution killed in between leaves two triggers, never none. When there is no room for a second
 * one (a person may have 20 triggers on a script), the fired one goes first; a kill in between
 * then leaves none, and the watchdog resumes the job.
 */
export function replaceFiredTrigger(uid: string | undefined, afterMs: number): void {
  let trigger: GoogleAppsScript.Script.Trigger;
  try {
    trigger = newContinuation(afterMs);
  } catch (e) {
    if (!uid) throw e;
    deleteTrigger(uid);
    uid = undefined;
    trigger = newContinuation(afterMs);
  }
  const next: Armed = { uid: trigger.getUniqueId(), due: Date.now() + afterMs };
  props().setProperty(TRIGGER_KEY, JSON.stringify(next));
  if (uid) deleteTrigger(uid);
}

function newContinuation(afterMs: number): GoogleAppsScript.Script.Trigger {
  return ScriptApp.newTrigger(CONTINUATION_HANDLER).timeBased().after(afterMs).create();
}

/**
 * Removes the continuation when no job is left to continue. Its record goes first: a kill after
 * that leaves a trigger, which finds no job when it fires and removes itself, never a record of a
 * trigger that is gone.
 */
export function disarmContinuation(): void {
  props().deleteProperty(TRIGGER_KEY);
  for (const t of ScriptApp.getProjectTriggers()) {
    if (t.getHandlerFunction() === CONTINUATION_HANDLER) ScriptApp.deleteTrigger(t);
  }
}

function deleteTrigger(uid: string): void {
  const trigger = findTrigger(uid);
  if (trigger) ScriptApp.deleteTrigger(trigger);
}
