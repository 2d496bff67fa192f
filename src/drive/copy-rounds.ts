/**
 * Filling task folders over the Drive REST API in rounds. Each round is one fetchAll: up to a
 * window's worth of writes (folder creations, copies), paced to Drive's sustained write rate, with
 * every read that is due riding along (source lookups, listings), since a fetchAll takes about the
 * time of its slowest request. Folders are worked in order, the next ones prepared while the
 * current one's copies go, so the write rate is kept up across task boundaries. What each folder
 * needs, and what an answer means for it, is folder-run.ts.
 */
import { FolderCopy, FolderCopyResult, SavePlans } from './copier';
import { FolderRun, RoundOptions } from './folder-run';
import { Exchange, IdPool, Parents } from './paged-listing';
import { kindOf } from './rest';
import { requireTransferRoom } from './daily-limit';
import { transferGate } from './daily-usage';
import { MAX_PER_FETCH, RestSession } from './rest-session';

/**
 * Tasks are prepared ahead while this many rounds of writes are still queued before them: enough
 * for the next task to be listed and planned (a listing may take two pages) and its folder made
 * while the current task's copies still go, so that no round goes out with a folder alone.
 */
const LOOKAHEAD_ROUNDS = 6;

/**
 * Works the folders in order until all are settled or `deadline` comes; returns every folder's
 * run (settled or not) and reports each settled one through `onResult` as it happens. Plans and
 * ids that changed are handed to `save` before any round of writes goes.
 */
export function runCopyRounds(
  session: RestSession,
  copies: readonly FolderCopy[],
  deadline: number,
  onResult: (result: FolderCopyResult) => void,
  save: SavePlans,
  options: RoundOptions = {},
): FolderRun[] {
  const ctx = { session, parents: new Parents(session), ids: new IdPool(session) };
  const runs = copies.map((c) => new FolderRun(c, ctx, options, onResult));
  const transferSpent = transferGate();
  for (;;) {
    if (transferSpent() && runs.some((r) => r.stage !== 'settled' && r.writesLeft() > 0)) {
      // The day's 750 GB reached with copies still to make: what was learnt is saved, and the
      // job pauses until the window resets.
      saveChanged(runs, save);
      requireTransferRoom(transferSpent);
    }
    const round = nextRound(session, runs, deadline, ctx.ids);
    if (round === 'waited') continue;
    if (!round) break;
    if (round.writes.length > 0) saveChanged(runs, save);
    sendRound(session, round.writes, round.reads);
    for (const run of runs) if (run.stage !== 'settled') run.advance();
  }
  // What the last rounds learnt (sends of copies without ids) is kept for the next slice.
  saveChanged(runs, save);
  return runs;
}

function saveChanged(runs: readonly FolderRun[], save: SavePlans): void {
  const changed = runs.filter((r) => r.unsaved && r.plan.length > 0);
  if (changed.length === 0) return;
  save(changed.map((r) => r.toSave()));
  for (const r of changed) r.unsaved = false;
}

interface Round {
  writes: Exchange[];
  reads: Exchange[];
}

/**
 * What to send next: a round, nothing ('waited' after sleeping for the pacer or the backoff), or
 * null when nothing more can be done before the deadline.
 */
function nextRound(
  session: RestSession,
  runs: FolderRun[],
  deadline: number,
  ids: IdPool,
): Round | 'waited' | null {
  const now = Date.now();
  const writeCutoff = deadline - session.roundAllowanceMs();
  const hold = session.backoff.holdUntil();
  if (hold > now) return session.sleepUntil(hold, writeCutoff) ? 'waited' : null;
  const perWindow = session.pacer.perWindow;
  const active = lookahead(runs, perWindow);
  const wanted = Math.min(
    perWindow,
    active.reduce((n, run) => n + run.writesReady(), 0),
  );
  const readyAt = wanted > 0 ? session.pacer.readyAt(wanted, now) : now;
  const canWrite = wanted > 0 && readyAt < writeCutoff;
  // Once writes cannot go any more, only reads that can finish a folder are worth sending.
  const finishing = now >= writeCutoff || (wanted > 0 && !canWrite);
  if (canWrite && readyAt > now) {
    // Reads that fit in the wait go now; otherwise they ride along with the writes.
    const reads = readyAt - now >= session.readRoundMs() ? collectReads(active, false) : [];
    if (reads.length > 0) return { writes: [], reads };
    return session.sleepUntil(readyAt) ? 'waited' : null;
  }
  const reads = now < deadline ? collectReads(active, finishing) : [];
  const idRead = finishing ? null : ids.next();
  if (idRead) reads.unshift(idRead);
  const writes = canWrite ? collectWrites(active, perWindow) : [];
  if (writes.length === 0 && reads.length === 0) {
    // Copies that may have landed wait for a listing that can tell: wait for it if there is time.
    const wake = Math.min(...active.map((r) => r.wakeAt() ?? Infinity));
    return wake > now && wake < writeCutoff && session.sleepUntil(wake, writeCutoff)
      ? 'waited'
      : null;
  }
  return { writes, reads };
}

/** The unsettled folders from the front, while fewer than a few rounds of writes are queued. */
function lookahead(runs: FolderRun[], perWindow: number): FolderRun[] {
  const active: FolderRun[] = [];
  let queued = 0;
  for (const run of runs) {
    if (run.stage === 'settled') continue;
    if (queued >= LOOKAHEAD_ROUNDS * perWindow) break;
    active.push(run);
    queued += run.writesLeft();
  }
  return active;
}

/** Folder creations first (so the next task's copies are ready in time), then copies in order. */
function collectWrites(active: FolderRun[], max: number): Exchange[] {
  const out: Exchange[] = [];
  for (const run of active) {
    if (run.stage === 'folder') out.push(...run.writes(max - out.length));
  }
  for (const run of active) {
    if (run.stage === 'copy') out.push(...run.writes(max - out.length));
  }
  return out;
}

function collectReads(active: FolderRun[], finishing: boolean): Exchange[] {
  const out: Exchange[] = [];
  for (const run of active) {
    if (out.length >= MAX_PER_FETCH) break;
    out.push(...run.reads(finishing));
  }
  return out;
}

/** One fetchAll: writes first, then reads; each answer goes back to its folder. */
function sendRound(session: RestSession, writes: Exchange[], reads: Exchange[]): void {
  const all = [...writes, ...reads];
  const answers = session.send(
    all.map((e) => e.request),
    writes.length,
  );
  const kinds = answers.map((a) => kindOf(a));
  session.noteRound(kinds, writes.length);
  all.forEach((e, i) => e.answered(answers[i], kinds[i]));
}
