/**
 * Filling task folders over the Drive REST API in rounds. Each round is one fetchAll: up to a
 * window's worth of writes (folder creations, copies), paced to Drive's sustained write rate, with
 * every read that is due riding along (source lookups, listings), since a fetchAll takes about the
 * time of its slowest request. Folders are worked in order, the next ones prepared while the
 * current one's copies go, so the write rate is kept up across task boundaries. What each folder
 * needs, and what an answer means for it, is folder-run.ts.
 */
import { FolderCopy, FolderCopyResult, NoteSending, SavePlans } from './copier';
import { FolderRun, RoundOptions } from './folder-run';
import { Exchange, IdPool, Parents } from './paged-listing';
import { kindOf } from './rest';
import { requireTransferRoom } from './daily-limit';
import { transferGate } from './daily-usage';
import { MAX_PER_FETCH, RestSession } from './rest-session';

/**
 * Tasks are planned ahead while this many rounds of writes are still queued before them: their
 * sources looked up (or their folders listed) and their ids given, riding along with the current
 * task's copies. Plans must be saved with the job before their first write goes, and a save stops
 * the rounds for a moment (the job's head, its ledger): planning several tasks ahead lets one save
 * cover them all rather than one save a task.
 */
const PLAN_AHEAD_ROUNDS = 10;
/**
 * While the folders whose plans are saved still have this many rounds of writes to send, the
 * folders planned since wait for the next save; below it, everything planned is saved at once.
 */
const SAVED_AHEAD_ROUNDS = 3;

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
  onSending?: NoteSending,
): FolderRun[] {
  const ctx = { session, parents: new Parents(session), ids: new IdPool(session) };
  const runs = copies.map((c) => new FolderRun(c, ctx, options, onResult));
  const saver = new Saver(runs, save);
  const transferSpent = transferGate();
  for (;;) {
    if (transferSpent() && runs.some((r) => r.stage !== 'settled' && r.writesLeft() > 0)) {
      // The day's 750 GB reached with copies still to make: what was learnt is saved, and the
      // job pauses until the window resets.
      saver.save(true);
      session.pacer.flush();
      requireTransferRoom(transferSpent);
    }
    const round = nextRound(session, runs, deadline, ctx.ids, saver);
    if (round === 'waited') continue;
    if (!round) break;
    // Nothing is sent for a folder whose plan or ids the job has not saved; one save keeps every
    // folder planned so far.
    if (round.writers.some((r) => r.unsaved)) saver.save();
    sendRound(session, round.writes, round.reads);
    if (onSending) noteSending(round.writers, onSending);
    for (const run of runs) if (run.stage !== 'settled') run.advance();
  }
  // What the last rounds learnt (sends of copies without ids, plans made ahead) is kept for the
  // next slice.
  saver.save(true);
  session.pacer.flush();
  return runs;
}

/** The first folder whose copies went in the round, a file it sent, and its copies landed. */
function noteSending(writers: readonly FolderRun[], onSending: NoteSending): void {
  const run = writers.find((r) => r.lastSent !== null);
  if (run) onSending(run.copy.key, run.lastSent!, run.copied());
}

/** Saves the plans that changed, and learns how long a save takes. */
class Saver {
  /** How long the last few saves took, newest last. */
  private readonly took: number[] = [];

  constructor(
    private readonly runs: readonly FolderRun[],
    private readonly saveTo: SavePlans,
  ) {}

  /** Some folder has a plan or ids the job has not saved. */
  pending(): boolean {
    return this.runs.some((r) => r.unsaved && r.plan.length > 0);
  }

  /**
   * How long a save is expected to take: the quickest of the last few (now and then a save also
   * writes the job's ledger, and takes longer), or 0 before the first.
   */
  expectedMs(): number {
    return this.took.length ? Math.min(...this.took) : 0;
  }

  save(last = false): void {
    const changed = this.runs.filter((r) => r.unsaved && r.plan.length > 0);
    if (changed.length === 0) return;
    const at = Date.now();
    this.saveTo(
      changed.map((r) => r.toSave()),
      last,
    );
    for (const r of changed) r.unsaved = false;
    this.took.push(Date.now() - at);
    if (this.took.length > RECENT_SAVES) this.took.shift();
  }
}

/** Saves whose times say how long the next one will take. */
const RECENT_SAVES = 5;

interface Round {
  writes: Exchange[];
  /** The folders the writes are for. */
  writers: FolderRun[];
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
  saver: Saver,
): Round | 'waited' | null {
  const now = Date.now();
  const writeCutoff = deadline - session.roundAllowanceMs();
  const hold = session.backoff.holdUntil();
  if (hold > now) return session.sleepUntil(hold, writeCutoff) ? 'waited' : null;
  const perWindow = session.pacer.perWindow;
  const active = lookahead(runs, PLAN_AHEAD_ROUNDS * perWindow);
  const writing = writable(active, perWindow);
  const wanted = Math.min(
    perWindow,
    writing.reduce((n, run) => n + run.writesReady(), 0),
  );
  const readyAt = wanted > 0 ? session.pacer.readyAt(wanted, now) : now;
  const canWrite = wanted > 0 && readyAt < writeCutoff;
  // Once writes cannot go any more, only reads that can finish a folder are worth sending.
  const finishing = now >= writeCutoff || (wanted > 0 && !canWrite);
  if (canWrite && readyAt > now) {
    // Reads that fit in the wait go now; otherwise they ride along with the writes.
    const reads = readyAt - now >= session.readRoundMs() ? collectReads(active, false) : [];
    if (reads.length > 0) return { writes: [], writers: [], reads };
    // So does a save of plans made meanwhile: the writes that need it then go without one.
    if (saver.pending() && readyAt - now >= saver.expectedMs()) {
      saver.save();
      return 'waited';
    }
    return session.sleepUntil(readyAt) ? 'waited' : null;
  }
  const reads = now < deadline ? collectReads(active, finishing) : [];
  const idRead = finishing ? null : ids.next();
  if (idRead) reads.unshift(idRead);
  const { writes, writers } = canWrite
    ? collectWrites(writing, perWindow)
    : { writes: [], writers: [] };
  if (writes.length === 0 && reads.length === 0) {
    // Copies that may have landed wait for a listing that can tell: wait for it if there is time.
    const wake = Math.min(...active.map((r) => r.wakeAt() ?? Infinity));
    return wake > now && wake < writeCutoff && session.sleepUntil(wake, writeCutoff)
      ? 'waited'
      : null;
  }
  return { writes, writers, reads };
}

/** The unsettled folders from the front, while fewer than `ahead` writes are queued. */
function lookahead(runs: FolderRun[], ahead: number): FolderRun[] {
  const active: FolderRun[] = [];
  let queued = 0;
  for (const run of runs) {
    if (run.stage === 'settled') continue;
    if (queued >= ahead) break;
    active.push(run);
    queued += run.writesLeft();
  }
  return active;
}

/**
 * The folders whose writes may go now: those saved with the job while they have a few rounds of
 * writes left and a round ready; otherwise every folder (the round then saves all planned ones).
 */
function writable(active: FolderRun[], perWindow: number): FolderRun[] {
  const saved = active.filter((r) => !r.unsaved && r.stage !== 'plan');
  const left = saved.reduce((n, r) => n + r.writesLeft(), 0);
  const ready = saved.reduce((n, r) => n + r.writesReady(), 0);
  return left >= SAVED_AHEAD_ROUNDS * perWindow && ready >= perWindow ? saved : active;
}

/** Folder creations first (so the next task's copies are ready in time), then copies in order. */
function collectWrites(
  active: FolderRun[],
  max: number,
): { writes: Exchange[]; writers: FolderRun[] } {
  const writes: Exchange[] = [];
  const writers: FolderRun[] = [];
  const take = (run: FolderRun) => {
    const got = run.writes(max - writes.length);
    if (got.length > 0) writers.push(run);
    writes.push(...got);
  };
  for (const run of active) if (run.stage === 'folder') take(run);
  for (const run of active) if (run.stage === 'copy') take(run);
  return { writes, writers };
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
