/**
 * Starting a job so that however the starting execution ends, the job is either not there at all
 * or is resumed by a trigger: the continuation and the watchdog are armed first (finding nothing to
 * do, they remove themselves), then the job is registered in one write. When Google refuses a step
 * (too many triggers, the properties store full), what this start armed is taken back and the
 * person is told what to do; nothing else has changed. Once the start is done, a prompt
 * continuation gives the job its first slice should no sidebar drive it.
 */
import { continuationDelayMs } from './budget';
import {
  CONTINUATION_HANDLER,
  armContinuation,
  armPromptContinuation,
  disarmContinuation,
} from './continuation';
import { onceUnlocked } from './lock';
import { JobState, activeJobIds, forgetJob, headOf, registerJob } from './job';
import { LEDGER_COLUMNS } from './ledger';
import { WATCHDOG_HANDLER, ensureWatchdog, retireWatchdogIfIdle } from './watchdog-trigger';
import { plural } from '../shared/format';

/** A job could not be started; the message says why and what to do. */
export class JobStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobStartError';
  }
}

/** Google's quotas: triggers per person on a script, and bytes in the script's properties. */
const TRIGGERS_PER_PERSON = 20;
const STORE_BYTES = 500 * 1024;
/**
 * What a job's head grows by while it runs (copy plans of the tasks in flight and planned ahead,
 * and the ledger rows of the last half minute's results: up to about 40 KB for 12-file tasks; the
 * trigger record); its tasks are in its ledger sheet, which does not count here.
 */
const GROWTH_FIXED_BYTES = 48 * 1024;
/** Google's limit of cells in a spreadsheet, for the ledger sheet a job adds to the tracking one. */
const SPREADSHEET_CELLS = 10_000_000;

const DELETE_TRIGGERS =
  'Delete triggers you no longer need (Extensions > Apps Script > Triggers), or ask the script owner to, then start again. Nothing was exported.';
const FREE_PROPERTIES =
  'Ask the script owner to remove properties no longer needed (Extensions > Apps Script > Project Settings), then start again. Nothing was exported.';
const TRIGGER_REFUSED = `Google did not let the export add the time-driven trigger that keeps it going when nobody watches (a person may have at most ${TRIGGERS_PER_PERSON} triggers on a script). ${DELETE_TRIGGERS}`;
const STORE_REFUSED = `Google did not let the export save its progress record (the script's properties hold at most 500 KB). ${FREE_PROPERTIES}`;

/**
 * Checks there is room, arms the job's triggers, then registers it. The prompt waits until the
 * start has let go of the script lock (starts hold it), which the first slice needs.
 */
export function startJob(job: JobState): void {
  const all = requireRoomFor(job);
  attempt(() => armContinuation(continuationDelayMs(all)), TRIGGER_REFUSED);
  attempt(ensureWatchdog, TRIGGER_REFUSED);
  attempt(() => registerJob(job), STORE_REFUSED);
  onceUnlocked(armPromptContinuation);
}

/**
 * Refuses, before anything changes, a job that the quotas leave no room for: the triggers it needs
 * on top of the person's others, and its record, as it will grow, in the script's properties.
 * Returns the script's properties as read.
 */
export function requireRoomFor(job: JobState): Record<string, string> {
  const mine = ScriptApp.getProjectTriggers().map((t) => t.getHandlerFunction());
  const needed = [CONTINUATION_HANDLER, WATCHDOG_HANDLER].filter((h) => !mine.includes(h)).length;
  if (mine.length + needed > TRIGGERS_PER_PERSON) {
    throw new JobStartError(
      `You have ${mine.length} of the ${TRIGGERS_PER_PERSON} triggers a person may have on this script, and the export needs ${needed} more to keep going when nobody watches. ${DELETE_TRIGGERS}`,
    );
  }
  const all = PropertiesService.getScriptProperties().getProperties();
  const free = STORE_BYTES - Object.entries(all).reduce((n, [k, v]) => n + bytes(k) + bytes(v), 0);
  const need = bytes(JSON.stringify(headOf(job))) + GROWTH_FIXED_BYTES;
  if (need > free) {
    throw new JobStartError(
      `The script's properties hold at most 500 KB and only ${kb(free)} KB are free, while this export needs about ${kb(need)} KB to keep track of its ${plural(job.taskIds.length, 'task')}. ${FREE_PROPERTIES}`,
    );
  }
  requireCellsFor(job);
  return all;
}

/** The job's ledger sheet must fit in the tracking spreadsheet's 10 million cells. */
function requireCellsFor(job: JobState): void {
  const sheets = SpreadsheetApp.getActiveSpreadsheet().getSheets();
  const used = sheets.reduce((n, s) => n + s.getMaxRows() * s.getMaxColumns(), 0);
  const need = (job.taskIds.length + 1) * LEDGER_COLUMNS;
  if (used + need > SPREADSHEET_CELLS) {
    throw new JobStartError(
      `This spreadsheet uses ${used.toLocaleString('en-US')} of the ${SPREADSHEET_CELLS.toLocaleString('en-US')} cells Google allows, and the export needs ${need.toLocaleString('en-US')} more to keep track of its ${plural(job.taskIds.length, 'task')}. Delete empty rows and columns, or old sheets, then start again. Nothing was exported.`,
    );
  }
}

/**
 * Takes back a job registered by a start that then failed before claiming anything: its state,
 * and its triggers when no other job needs them.
 */
export function abandonJob(job: JobState): void {
  forgetJob(job.id);
  withdrawTriggersIfIdle();
}

function attempt(step: () => void, message: string): void {
  try {
    step();
  } catch (e) {
    withdrawTriggersIfIdle();
    throw new JobStartError(`${message} (Google said: ${(e as Error).message})`);
  }
}

function withdrawTriggersIfIdle(): void {
  try {
    if (activeJobIds().length > 0) return;
    disarmContinuation();
    retireWatchdogIfIdle();
  } catch {
    // Left armed, they find nothing to do when they fire and remove themselves.
  }
}

/** Size in UTF-8, as the properties service counts it. */
function bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      // A surrogate pair: one character of four bytes.
      n += 4;
      i += 1;
    } else n += 3;
  }
  return n;
}

function kb(n: number): number {
  return Math.max(0, Math.ceil(n / 1024));
}
