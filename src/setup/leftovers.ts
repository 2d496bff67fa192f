/**
 * What the setup check makes that must not outlive it: a probe folder in staging (with its files)
 * and a time-driven trigger. The folder's id is recorded before the folder exists and the trigger
 * runs a cleanup if it ever fires, so a check killed anywhere leaves only what the next check (or
 * that trigger) removes.
 */
import { RestSession } from '../drive/rest-session';
import { trashFolder } from '../drive/setup-probe';

/** Script property holding the id of the probe folder while one may exist. */
export const PROBE_PROPERTY = 'SETUP_CHECK_PROBE_FOLDER';
/** The probe folder's name starts so, so anyone who sees one knows what it is. */
export const PROBE_NAME_PREFIX = 'Export add-on setup check';
/** The global the probe trigger runs: the cleanup, in case the check died before deleting it. */
export const PROBE_TRIGGER_HANDLER = 'cleanUpSetupCheck';

function props(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getScriptProperties();
}

export function recordProbeFolder(id: string): void {
  props().setProperty(PROBE_PROPERTY, id);
}

/** Trashes the probe folder, if any, then forgets it (in that order: a kill between repeats it). */
export function trashProbeFolder(session: RestSession): boolean {
  const id = props().getProperty(PROBE_PROPERTY);
  if (!id) return false;
  const done = trashFolder(session, id) === 'trashed';
  props().deleteProperty(PROBE_PROPERTY);
  return done;
}

/** Deletes the probe's triggers; how many there were. */
export function deleteProbeTriggers(): number {
  let n = 0;
  for (const t of ScriptApp.getProjectTriggers()) {
    if (t.getHandlerFunction() === PROBE_TRIGGER_HANDLER) {
      ScriptApp.deleteTrigger(t);
      n += 1;
    }
  }
  return n;
}

/** Removes whatever an earlier check left; how many things it removed. */
export function cleanUpLeftovers(session: RestSession): number {
  const triggers = deleteProbeTriggers();
  return triggers + (trashProbeFolder(session) ? 1 : 0);
}
