/**
 * The spreadsheet's user interface (SpreadsheetApp.getUi()): custom menus, the sidebar, dialogs,
 * alerts, prompts and toasts. `UiRecorder` holds what a user would see, for the playground to show
 * and tests to assert, and the answers a test scripts for the next alerts and prompts.
 */
import { ServiceContext, asReal } from '../core/context';
import { EmulatorUsageError, ScriptException } from '../core/errors';

export type ButtonName = 'OK' | 'CANCEL' | 'YES' | 'NO' | 'CLOSE';
export type ButtonSetName = 'OK' | 'OK_CANCEL' | 'YES_NO' | 'YES_NO_CANCEL';

/** Button and ButtonSet with Google's names; values compare with === as the real enums do. */
export const BUTTON: Readonly<Record<ButtonName, ButtonName>> = Object.freeze({
  CLOSE: 'CLOSE',
  OK: 'OK',
  CANCEL: 'CANCEL',
  YES: 'YES',
  NO: 'NO',
});

export const BUTTON_SET: Readonly<Record<ButtonSetName, ButtonSetName>> = Object.freeze({
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
});

const BUTTONS_OF: Record<ButtonSetName, ButtonName[]> = {
  OK: ['OK'],
  OK_CANCEL: ['OK', 'CANCEL'],
  YES_NO: ['YES', 'NO'],
  YES_NO_CANCEL: ['YES', 'NO', 'CANCEL'],
};

export type MenuItemSpec =
  | { caption: string; functionName: string }
  | { separator: true }
  | { caption: string; submenu: MenuSpec };

export interface MenuSpec {
  title: string;
  items: MenuItemSpec[];
  /** Made with createAddonMenu: shown under Extensions with the project's name. */
  addon?: boolean;
}

export interface DialogRecord {
  title: string;
  content: string;
  modal: boolean;
  file?: string;
}

export interface AlertRecord {
  kind: 'alert' | 'prompt';
  title?: string;
  prompt: string;
  buttons: ButtonSetName;
  /** The button the (scripted) user pressed. */
  answer: ButtonName;
  /** What the user typed, for prompts. */
  responseText?: string;
}

export interface ToastRecord {
  message: string;
  title: string;
  timeoutSeconds: number;
}

interface ScriptedAnswer {
  button: ButtonName;
  text: string;
}

/** The project name Apps Script shows for an add-on menu of an unnamed project. */
const ADDON_MENU_TITLE = 'Untitled project';

export class UiRecorder {
  menus: MenuSpec[] = [];
  sidebar: { title: string; content: string; file?: string } | null = null;
  dialogs: DialogRecord[] = [];
  alerts: AlertRecord[] = [];
  toasts: ToastRecord[] = [];
  private answers: ScriptedAnswer[] = [];

  constructor(readonly addonMenuTitle = ADDON_MENU_TITLE) {}

  /** The user's answer to the next alert or prompt, in order of asking. */
  answerNext(button: ButtonName, text = ''): this {
    if (!(button in BUTTON)) throw new EmulatorUsageError(`unknown button "${String(button)}"`);
    this.answers.push({ button, text });
    return this;
  }

  pendingAnswers(): number {
    return this.answers.length;
  }

  /** Drops scripted answers no dialog used (so they do not leak into the next run). */
  clearAnswers(): void {
    this.answers = [];
  }

  /** Adds or replaces (a reopened spreadsheet runs onOpen again) a top-level menu. */
  addMenu(menu: MenuSpec): void {
    const at = this.menus.findIndex((m) => m.title === menu.title && !!m.addon === !!menu.addon);
    if (at >= 0) this.menus[at] = menu;
    else this.menus.push(menu);
  }

  /**
   * The scripted answer, or the user closing the dialog: an alert that offers OK is taken as OK,
   * anything else as the close button (CLOSE), with no text typed.
   */
  answer(kind: 'alert' | 'prompt', buttons: ButtonSetName): ScriptedAnswer {
    const next = this.answers.shift();
    if (!next) {
      const ok = kind === 'alert' && BUTTONS_OF[buttons].includes('OK');
      return { button: ok ? 'OK' : 'CLOSE', text: '' };
    }
    if (next.button !== 'CLOSE' && !BUTTONS_OF[buttons].includes(next.button)) {
      throw new EmulatorUsageError(
        `scripted answer ${next.button} is not a button of a ${buttons} ${kind}`,
      );
    }
    return next;
  }

  toJSON(): UiRecorderJSON {
    return JSON.parse(
      JSON.stringify({
        addonMenuTitle: this.addonMenuTitle,
        menus: this.menus,
        sidebar: this.sidebar,
        dialogs: this.dialogs,
        alerts: this.alerts,
        toasts: this.toasts,
        answers: this.answers,
      }),
    );
  }

  static fromJSON(json: unknown): UiRecorder {
    const data = json as UiRecorderJSON;
    if (!data || !Array.isArray(data.menus)) throw new EmulatorUsageError('not a saved Ui state');
    const ui = new UiRecorder(data.addonMenuTitle ?? ADDON_MENU_TITLE);
    ui.menus = data.menus;
    ui.sidebar = data.sidebar ?? null;
    ui.dialogs = data.dialogs ?? [];
    ui.alerts = data.alerts ?? [];
    ui.toasts = data.toasts ?? [];
    ui.answers = data.answers ?? [];
    return ui;
  }
}

export interface UiRecorderJSON {
  addonMenuTitle: string;
  menus: MenuSpec[];
  sidebar: UiRecorder['sidebar'];
  dialogs: DialogRecord[];
  alerts: AlertRecord[];
  toasts: ToastRecord[];
  answers: ScriptedAnswer[];
}

/**
 * Apps Script refuses the Ui where no user is looking: in an execution started by a trigger,
 * SpreadsheetApp.getUi() throws.
 */
export function assertUiContext(ctx: ServiceContext): void {
  if (ctx.runtime.current().triggerUid) {
    throw new ScriptException('Cannot call SpreadsheetApp.getUi() from this context.');
  }
}

function uiCall<T>(ctx: ServiceContext, method: string, kind: 'read' | 'write', body: () => T): T {
  return ctx.runtime.guard('SpreadsheetApp', method, kind, () => {
    assertUiContext(ctx);
    return body();
  });
}

type Menu = GoogleAppsScript.Base.Menu;

export class FakeMenu implements Pick<Menu, 'addItem' | 'addSeparator' | 'addSubMenu' | 'addToUi'> {
  /** What this builder holds; a sub-menu is copied when its parent is added to the Ui. */
  readonly spec: MenuSpec;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly recorder: UiRecorder,
    title: string,
    addon = false,
  ) {
    this.spec = addon ? { title, items: [], addon: true } : { title, items: [] };
  }

  addItem(caption: string, functionName: string): Menu {
    return uiCall(this.ctx, 'Menu.addItem', 'read', () => {
      this.spec.items.push({ caption: String(caption), functionName: String(functionName) });
      return asReal<Menu>(this);
    });
  }

  addSeparator(): Menu {
    return uiCall(this.ctx, 'Menu.addSeparator', 'read', () => {
      this.spec.items.push({ separator: true });
      return asReal<Menu>(this);
    });
  }

  addSubMenu(menu: Menu): Menu {
    return uiCall(this.ctx, 'Menu.addSubMenu', 'read', () => {
      const sub: unknown = menu;
      if (!(sub instanceof FakeMenu)) {
        throw new ScriptException('Invalid argument: menu');
      }
      this.spec.items.push({ caption: sub.spec.title, submenu: sub.spec });
      return asReal<Menu>(this);
    });
  }

  addToUi(): void {
    uiCall(this.ctx, 'Menu.addToUi', 'write', () => {
      this.recorder.addMenu(JSON.parse(JSON.stringify(this.spec)));
    });
  }
}

type PromptResponse = GoogleAppsScript.Base.PromptResponse;

export class FakePromptResponse implements Pick<
  PromptResponse,
  'getResponseText' | 'getSelectedButton'
> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly text: string,
    private readonly button: ButtonName,
  ) {}

  getResponseText(): string {
    return this.ctx.runtime.guard('SpreadsheetApp', 'PromptResponse.getResponseText', 'read', () =>
      String(this.text),
    );
  }

  getSelectedButton(): GoogleAppsScript.Base.Button {
    return this.ctx.runtime.guard(
      'SpreadsheetApp',
      'PromptResponse.getSelectedButton',
      'read',
      () => asReal<GoogleAppsScript.Base.Button>(this.button),
    );
  }
}

/**
 * What the Ui reads of an HtmlOutput: its content and title, and (emulator only) the file it was
 * made from. An emulated HtmlOutput's ungated snapshot is preferred, so showing a page stays the
 * one call it is in Apps Script rather than also counting the Ui's own reads as script calls.
 */
interface HtmlLike {
  getContent(): string;
  getTitle(): string;
  __file?: unknown;
  __snapshot?: () => { content: unknown; title: unknown; file?: unknown };
}

function readHtml(output: unknown): { content: string; title: string; file?: string } {
  const html = output as HtmlLike | null;
  if (!html || typeof html.getContent !== 'function' || typeof html.getTitle !== 'function') {
    throw new ScriptException('Invalid argument: userInterface');
  }
  const snap =
    typeof html.__snapshot === 'function'
      ? html.__snapshot()
      : { content: html.getContent(), title: html.getTitle(), file: html.__file };
  const read = { content: String(snap.content ?? ''), title: String(snap.title ?? '') };
  return typeof snap.file === 'string' ? { ...read, file: snap.file } : read;
}

interface DialogArgs {
  title?: string;
  prompt: string;
  buttons: ButtonSetName;
}

function isButtonSet(v: unknown): v is ButtonSetName {
  return typeof v === 'string' && v in BUTTON_SET;
}

/** The three overloads: (prompt), (prompt, buttons), (title, prompt, buttons). */
function dialogArgs(method: string, args: unknown[]): DialogArgs {
  const [a, b, c] = args;
  if (args.length === 1 && a !== undefined) return { prompt: String(a), buttons: 'OK' };
  if (args.length === 2 && isButtonSet(b)) return { prompt: String(a), buttons: b };
  if (args.length === 3 && isButtonSet(c)) {
    return { title: String(a), prompt: String(b), buttons: c };
  }
  const types = args.map((x) => (x === null ? 'null' : typeof x)).join(',');
  throw new ScriptException(
    `The parameters (${types}) don't match the method signature for Ui.${method}.`,
  );
}

type Ui = GoogleAppsScript.Base.Ui;
type HtmlOutput = GoogleAppsScript.HTML.HtmlOutput;
type ButtonSet = GoogleAppsScript.Base.ButtonSet;

export class FakeUi implements Pick<
  Ui,
  | 'Button'
  | 'ButtonSet'
  | 'alert'
  | 'prompt'
  | 'createMenu'
  | 'createAddonMenu'
  | 'showSidebar'
  | 'showModalDialog'
  | 'showModelessDialog'
> {
  readonly Button = asReal<typeof GoogleAppsScript.Base.Button>(BUTTON);
  readonly ButtonSet = asReal<typeof GoogleAppsScript.Base.ButtonSet>(BUTTON_SET);

  constructor(
    private readonly ctx: ServiceContext,
    private readonly recorder: UiRecorder,
  ) {}

  createMenu(caption: string): Menu {
    return uiCall(this.ctx, 'Ui.createMenu', 'read', () =>
      asReal<Menu>(new FakeMenu(this.ctx, this.recorder, String(caption))),
    );
  }

  createAddonMenu(): Menu {
    return uiCall(this.ctx, 'Ui.createAddonMenu', 'read', () =>
      asReal<Menu>(new FakeMenu(this.ctx, this.recorder, this.recorder.addonMenuTitle, true)),
    );
  }

  /** Opens the sidebar; a sidebar already open is replaced, as Sheets shows one at a time. */
  showSidebar(userInterface: HtmlOutput): void {
    uiCall(this.ctx, 'Ui.showSidebar', 'write', () => {
      this.recorder.sidebar = readHtml(userInterface);
    });
  }

  showModalDialog(userInterface: HtmlOutput, title: string): void {
    uiCall(this.ctx, 'Ui.showModalDialog', 'write', () => this.dialog(userInterface, title, true));
  }

  showModelessDialog(userInterface: HtmlOutput, title: string): void {
    uiCall(this.ctx, 'Ui.showModelessDialog', 'write', () =>
      this.dialog(userInterface, title, false),
    );
  }

  alert(
    prompt: string,
    buttons?: string | ButtonSet,
    third?: ButtonSet,
  ): GoogleAppsScript.Base.Button {
    const args = [prompt, buttons, third].slice(0, arguments.length);
    return uiCall(this.ctx, 'Ui.alert', 'write', () => {
      const dialog = dialogArgs('alert', args);
      const { button } = this.recorder.answer('alert', dialog.buttons);
      this.recorder.alerts.push({ kind: 'alert', ...dialog, answer: button });
      return asReal<GoogleAppsScript.Base.Button>(button);
    });
  }

  prompt(prompt: string, buttons?: string | ButtonSet, third?: ButtonSet): PromptResponse {
    const args = [prompt, buttons, third].slice(0, arguments.length);
    return uiCall(this.ctx, 'Ui.prompt', 'write', () => {
      const dialog = dialogArgs('prompt', args);
      const { button, text } = this.recorder.answer('prompt', dialog.buttons);
      this.recorder.alerts.push({ kind: 'prompt', ...dialog, answer: button, responseText: text });
      return asReal<PromptResponse>(new FakePromptResponse(this.ctx, text, button));
    });
  }

  private dialog(userInterface: HtmlOutput, title: string, modal: boolean): void {
    const html = readHtml(userInterface);
    const record: DialogRecord = {
      title: String(title ?? html.title),
      content: html.content,
      modal,
    };
    if (html.file) record.file = html.file;
    this.recorder.dialogs.push(record);
  }
}
