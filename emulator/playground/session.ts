/**
 * One playground session: the demo workspace, kept on disk between runs, and what the person at the
 * page sees of its user interface (the open sidebar or dialog, alerts, toasts). All of it runs on
 * the server's one thread, so a menu run, a page call and a clock tick never interleave.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Workspace } from '../workspace';
import { DEMO_DRIVE_LIMITS, seedDemo, type DemoOptions } from '../demo';
import type { AlertRecord, ButtonName, MenuSpec, ToastRecord } from '../spreadsheet/ui';
import { BUTTON } from '../spreadsheet/ui';
import type { RunResult } from '../core/runtime';
import {
  SHARED_DRIVES,
  SHARED_WITH_ME,
  driveFolderView,
  driveItemView,
  executionsView,
  sharedDrivesView,
  sharedWithOwnerView,
  spreadsheetView,
  triggersView,
  type DriveFolderView,
  type DriveItemView,
  type ExecutionView,
  type SpreadsheetView,
  type TriggerView,
} from './view';

/** Fixed, so every fresh playground starts from the same demo. */
export const DEMO_SEED = 20261124;

export interface SessionOptions {
  /** Where the workspace is saved (and loaded from on the next start). */
  file: string;
  /** The built deployment (Code.js, pages). */
  distDir: string;
  /** Start over from fresh demo data even if a saved workspace exists. */
  reset?: boolean;
  /** How fresh demo data is seeded (the generator's defaults otherwise). */
  demo?: DemoOptions;
  /** The sidebar's slice budget a fresh demo is configured with (the add-on's own otherwise). */
  sidebarSliceMs?: number;
}

/** The add-on's script property for the sidebar's slice budget (its src/jobs/budget.ts). */
const SIDEBAR_SLICE_PROPERTY = 'EXPORT_SIDEBAR_SLICE_MS';

export interface Answer {
  button: ButtonName;
  text?: string;
}

/** A page shown in the sidebar or a dialog; `seq` changes each time a call opens a new one. */
export interface Surface {
  seq: number;
  title: string;
  content: string;
  modal?: boolean;
}

export interface Notice extends AlertRecord {
  seq: number;
}

export interface Toast extends ToastRecord {
  seq: number;
}

export type MenuOutcome =
  | { kind: 'ask'; alert: AlertRecord; answers: Answer[] }
  | { kind: 'done'; ok: boolean; value?: unknown; error?: string; killed: boolean };

export type PageReply = { ok: true; value: unknown } | { ok: false; error: string };

export interface PlaygroundState {
  /** Changes when the server restarts: the page then reloads, as a reopened spreadsheet. */
  session: string;
  now: string;
  spreadsheet: SpreadsheetView | null;
  menus: MenuSpec[];
  sidebar: Omit<Surface, 'content'> | null;
  dialog: Omit<Surface, 'content'> | null;
  notices: Notice[];
  toasts: Toast[];
  triggers: TriggerView[];
  executions: ExecutionView[];
}

const KEEP_NOTICES = 20;
const KEEP_TOASTS = 5;
const SHOW_EXECUTIONS = 12;

export class PlaygroundSession {
  ws: Workspace;
  readonly id = randomUUID();
  private sidebar: Surface | null = null;
  private dialog: Surface | null = null;
  private seq = 0;
  /** How much of the Ui recorder's history the page has been given. */
  private seen = { sidebar: null as unknown, dialogs: 0, toasts: 0, alerts: 0 };
  private notices: Notice[] = [];
  private toasts: Toast[] = [];

  constructor(readonly options: SessionOptions) {
    this.ws = options.reset ? this.fresh() : this.loadOrFresh();
    this.markSeen();
    this.openSpreadsheet();
  }

  /**
   * What opening the spreadsheet does: no sidebar or dialog is open, and the simple trigger
   * onOpen builds the menu.
   */
  openSpreadsheet(): RunResult | null {
    this.sidebar = null;
    this.dialog = null;
    const result = this.ws.functions().includes('onOpen') ? this.ws.run('onOpen') : null;
    if (result && !result.ok) console.warn(`onOpen failed: ${result.error}`);
    this.observe();
    this.save();
    return result;
  }

  /** Throws the saved workspace away and starts again from the demo data. */
  reset(): void {
    fs.rmSync(this.options.file, { force: true });
    this.ws = this.fresh();
    this.markSeen();
    this.notices = [];
    this.toasts = [];
    this.openSpreadsheet();
  }

  /**
   * Runs a menu item's function. An alert or prompt blocks the script until the person answers;
   * the emulator cannot pause a synchronous run, so a run that reaches a dialog the person has not
   * answered yet is undone (the workspace is reloaded from the copy saved just before it) and the
   * dialog is returned to be asked. The page then runs the item again with every answer so far,
   * and the script gets them in order, as if it had waited.
   */
  runMenu(functionName: string, answers: Answer[] = []): MenuOutcome {
    if (!menuRuns(this.ws.ui.menus, functionName)) {
      return {
        kind: 'done',
        ok: false,
        error: `No menu item runs "${functionName}".`,
        killed: false,
      };
    }
    this.save();
    const before = this.ws.ui.alerts.length;
    for (const a of answers) this.ws.ui.answerNext(a.button, a.text ?? '');
    if (!this.ws.functions().includes(functionName)) {
      // What Sheets says when a menu item names a function the project does not have.
      this.dropUnusedAnswers();
      const error = `Script function not found: ${functionName}`;
      return { kind: 'done', ok: false, error, killed: false };
    }
    const result = this.ws.run(functionName);
    const asked = this.ws.ui.alerts.slice(before);
    if (asked.length > answers.length) {
      const alert = asked[answers.length];
      this.rollback();
      return { kind: 'ask', alert, answers };
    }
    this.dropUnusedAnswers();
    // The person answered every alert of this run in person: none is a notice.
    this.seen.alerts = this.ws.ui.alerts.length;
    this.observe();
    this.save();
    return {
      kind: 'done',
      ok: result.ok,
      value: jsonSafe(result.value),
      error: result.error,
      killed: result.killed,
    };
  }

  /**
   * A google.script.run call from the open sidebar or dialog. Dialogs it opens cannot be answered
   * from here: they take the answer a user closing them would give and are shown afterwards.
   */
  callFromPage(fn: string, args: unknown[]): PageReply {
    let result: RunResult;
    try {
      result = this.ws.callFromPage(fn, args);
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    this.observe();
    this.save();
    return result.ok
      ? { ok: true, value: result.value ?? null }
      : { ok: false, error: result.error ?? 'Unknown error' };
  }

  /** Moves the simulated clock on, firing the triggers that fall due; true if any fired. */
  tick(simulatedMs: number): boolean {
    const fired = this.ws.advance(simulatedMs);
    this.observe();
    return fired.length > 0;
  }

  close(surface: 'sidebar' | 'dialog'): void {
    if (surface === 'sidebar') this.sidebar = null;
    else this.dialog = null;
  }

  surface(which: 'sidebar' | 'dialog'): Surface | null {
    return which === 'sidebar' ? this.sidebar : this.dialog;
  }

  /** The functions google.script.run offers a page: public ones (Google hides names ending in _). */
  publicFunctions(): string[] {
    return this.ws.functions().filter((fn) => !fn.endsWith('_'));
  }

  state(): PlaygroundState {
    const ws = this.ws;
    const meta = (s: Surface | null) => {
      if (!s) return null;
      const { content, ...rest } = s;
      void content;
      return rest;
    };
    return {
      session: this.id,
      now: new Date(ws.clock.now()).toISOString(),
      spreadsheet: spreadsheetView(ws),
      menus: ws.ui.menus,
      sidebar: meta(this.sidebar),
      dialog: meta(this.dialog),
      notices: this.notices,
      toasts: this.toasts,
      triggers: triggersView(ws),
      executions: executionsView(ws, SHOW_EXECUTIONS),
    };
  }

  drive(folderId?: string): DriveFolderView | null {
    if (folderId === SHARED_WITH_ME) return sharedWithOwnerView(this.ws);
    if (folderId === SHARED_DRIVES) return sharedDrivesView(this.ws);
    return driveFolderView(this.ws, folderId);
  }

  driveItem(id: string): DriveItemView | null {
    return driveItemView(this.ws, id);
  }

  /** Written to a temporary file first, so a stop mid-write never leaves a broken save. */
  save(): void {
    const partial = `${this.options.file}.partial`;
    this.ws.save(partial);
    fs.renameSync(partial, this.options.file);
  }

  private fresh(): Workspace {
    // The script's own work moves the clock as in Apps Script (cpuScale 1, see emulator/README.md).
    const ws = new Workspace({
      seed: DEMO_SEED,
      latency: 'fast',
      cpuScale: 1,
      distDir: this.options.distDir,
      driveLimits: DEMO_DRIVE_LIMITS,
    });
    seedDemo(ws, this.options.demo);
    if (this.options.sidebarSliceMs) {
      ws.properties.script.set(SIDEBAR_SLICE_PROPERTY, String(this.options.sidebarSliceMs));
    }
    ws.loadBundle(this.options.distDir);
    this.ws = ws;
    this.save();
    return ws;
  }

  private loadOrFresh(): Workspace {
    if (!fs.existsSync(this.options.file)) return this.fresh();
    try {
      return this.load();
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      console.warn(`Could not load ${this.options.file} (${reason}); starting a fresh demo.`);
      return this.fresh();
    }
  }

  private load(): Workspace {
    const ws = Workspace.load(this.options.file, { distDir: this.options.distDir, cpuScale: 1 });
    return ws.loadBundle(this.options.distDir);
  }

  /**
   * Back to the copy saved before the run. What a save leaves out carries over: the Ui's menus and
   * the list of executions (the undone one, the last, dropped).
   */
  private rollback(): void {
    const before = this.ws;
    this.ws = this.load();
    this.ws.ui.menus = before.ui.menus;
    this.ws.runtime.executions.push(...before.runtime.executions.slice(0, -1));
    this.markSeen();
  }

  /** A run that asked fewer questions than it was given answers must not pass them to the next. */
  private dropUnusedAnswers(): void {
    while (this.ws.ui.pendingAnswers() > 0) {
      try {
        this.ws.ui.answer('prompt', 'YES_NO_CANCEL');
      } catch {
        // An answer that does not fit is still taken off the queue, which is all this wants.
      }
    }
  }

  /** Notes what the last call changed in the Ui: a new sidebar or dialog, toasts and alerts. */
  private observe(): void {
    const ui = this.ws.ui;
    if (ui.sidebar && ui.sidebar !== this.seen.sidebar) {
      this.sidebar = { seq: ++this.seq, title: ui.sidebar.title, content: ui.sidebar.content };
    }
    if (ui.dialogs.length > this.seen.dialogs) {
      this.dialog = { seq: ++this.seq, ...ui.dialogs[ui.dialogs.length - 1] };
    }
    for (const toast of ui.toasts.slice(this.seen.toasts)) {
      this.toasts.push({ seq: ++this.seq, ...toast });
    }
    for (const alert of ui.alerts.slice(this.seen.alerts)) {
      this.notices.push({ seq: ++this.seq, ...alert });
    }
    this.notices = this.notices.slice(-KEEP_NOTICES);
    this.toasts = this.toasts.slice(-KEEP_TOASTS);
    this.markSeen();
  }

  private markSeen(): void {
    const ui = this.ws.ui;
    this.seen = {
      sidebar: ui.sidebar,
      dialogs: ui.dialogs.length,
      toasts: ui.toasts.length,
      alerts: ui.alerts.length,
    };
  }
}

function menuRuns(menus: MenuSpec[], functionName: string): boolean {
  const walk = (menu: MenuSpec): boolean =>
    menu.items.some((item) =>
      'functionName' in item
        ? item.functionName === functionName
        : 'submenu' in item && walk(item.submenu),
    );
  return menus.some(walk);
}

/** A menu function's return value, as text if it cannot be sent as JSON. */
function jsonSafe(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    return String(value);
  }
}

export function isButton(value: unknown): value is ButtonName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(BUTTON, value);
}
