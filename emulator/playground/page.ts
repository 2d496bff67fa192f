/**
 * The playground page: polls /api/state every second and draws the sheet, the menu, the open
 * sidebar or dialog, alerts, toasts and a start-here panel. Every value from the sheet or Drive is set as text
 * (textContent), never parsed as HTML.
 */
import type { AlertRecord, MenuItemSpec, MenuSpec } from '../spreadsheet/ui';
import type { Answer, MenuOutcome, PlaygroundState, Surface } from './session';
import type { DriveEntryView, DriveFolderView, DriveItemView, SpreadsheetView } from './view';

const POLL_MS = 1000;
const BUTTON_LABELS: Record<string, string> = {
  OK: 'OK',
  CANCEL: 'Cancel',
  YES: 'Yes',
  NO: 'No',
};
const BUTTONS_OF: Record<string, string[]> = {
  OK: ['OK'],
  OK_CANCEL: ['OK', 'CANCEL'],
  YES_NO: ['YES', 'NO'],
  YES_NO_CANCEL: ['YES', 'NO', 'CANCEL'],
};

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) node.setAttribute(key, value ?? '');
  if (text !== undefined) node.textContent = text;
  return node;
}

async function api<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

// ---- what has been drawn, so a poll only redraws what changed ----
const drawn = { menus: '', sheet: '', activity: '', sidebar: 0, dialog: 0, notice: -1, toast: -1 };
let selectedSheet = '';

/**
 * Every call answers the whole state; answers can arrive out of order (a poll sent before a menu
 * run may land after it), so only a state newer than the one drawn is drawn.
 */
let requested = 0;
let applied = 0;

async function fetchState<T extends { state?: PlaygroundState }>(
  path: string,
  body?: unknown,
  pick: (reply: T) => PlaygroundState = (reply) => reply as unknown as PlaygroundState,
): Promise<T> {
  const id = ++requested;
  const reply = await api<T>(path, body);
  if (id > applied) {
    applied = id;
    draw(pick(reply));
  }
  return reply;
}

// ---- modal boxes: one at a time, answered by a button ----
let modalQueue = Promise.resolve<unknown>(undefined);

function showModal(
  title: string,
  text: string,
  buttons: string[],
  input: boolean,
): Promise<Answer> {
  const run = () =>
    new Promise<Answer>((resolve) => {
      $('modal-title').textContent = title;
      $('modal-text').textContent = text;
      const field = $<HTMLInputElement>('modal-input');
      field.hidden = !input;
      field.value = '';
      const row = $('modal-buttons');
      row.replaceChildren();
      const answer = (button: string) => {
        $('modal').hidden = true;
        resolve({ button: button as Answer['button'], text: field.value });
      };
      for (const button of buttons) {
        const b = el('button', { type: 'button' }, BUTTON_LABELS[button] ?? button);
        b.addEventListener('click', () => answer(button));
        row.append(b);
      }
      field.onkeydown = (e) => {
        if (e.key === 'Enter') answer(buttons[0]);
      };
      // Closing the box with Escape is the dialog's close button: Apps Script answers CLOSE.
      $('modal').onkeydown = (e) => {
        if (e.key === 'Escape') answer('CLOSE');
      };
      $('modal').hidden = false;
      ((input ? field : row.firstElementChild) as HTMLElement | null)?.focus();
    });
  const next = modalQueue.then(run);
  modalQueue = next.catch(() => undefined);
  return next;
}

function askAlert(alert: AlertRecord): Promise<Answer> {
  return showModal(
    alert.title ?? '',
    alert.prompt,
    BUTTONS_OF[alert.buttons],
    alert.kind === 'prompt',
  );
}

// ---- the menu ----
function menuItem(item: MenuItemSpec): HTMLLIElement {
  if ('separator' in item) return el('li', { class: 'sep', role: 'separator' });
  const li = el('li', { role: 'none' });
  const button = el('button', { type: 'button', role: 'menuitem' }, item.caption);
  li.append(button);
  if ('submenu' in item) {
    button.classList.add('more');
    button.setAttribute('aria-haspopup', 'menu');
    li.append(menuList(item.submenu, item.caption));
  } else {
    button.addEventListener('click', () => {
      closeMenus();
      void runMenu(item.functionName);
    });
  }
  return li;
}

function menuList(menu: MenuSpec, label: string): HTMLUListElement {
  const ul = el('ul', { role: 'menu', 'aria-label': label });
  ul.append(...menu.items.map(menuItem));
  return ul;
}

function closeMenus(): void {
  for (const b of document.querySelectorAll('#menubar .menu > button')) {
    b.setAttribute('aria-expanded', 'false');
    (b.nextElementSibling as HTMLElement).hidden = true;
  }
}

function drawMenus(menus: MenuSpec[]): void {
  const bar = $('menubar');
  bar.replaceChildren(
    ...menus.map((menu) => {
      const wrap = el('div', { class: 'menu' });
      const top = el(
        'button',
        { type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false' },
        menu.title,
      );
      const list = menuList(menu, menu.title);
      list.hidden = true;
      top.addEventListener('click', (e) => {
        e.stopPropagation();
        const open = top.getAttribute('aria-expanded') !== 'true';
        closeMenus();
        top.setAttribute('aria-expanded', String(open));
        list.hidden = !open;
      });
      wrap.append(top, list);
      return wrap;
    }),
  );
}

document.addEventListener('click', (e) => {
  if (!(e.target as HTMLElement).closest('.menu')) closeMenus();
});

async function runMenu(functionName: string, answers: Answer[] = []): Promise<void> {
  const outcome = await fetchState<MenuOutcome & { state: PlaygroundState }>(
    '/api/menu',
    { functionName, answers },
    (reply) => reply.state,
  );
  if (outcome.kind === 'ask') {
    const answer = await askAlert(outcome.alert);
    await runMenu(functionName, [...outcome.answers, answer]);
  } else if (!outcome.ok) {
    await showModal('Error', outcome.error ?? 'The script failed.', ['OK'], false);
  }
}

// ---- the sheet ----
/** The columns the export writes, which the add-on finds by header wherever they are. */
const EXPORT_HEADERS = ['Export Status', 'Staged Count'];
const HIGHLIGHT_MS = 4000;
/** When each cell (sheet, row, column) last changed, as seen between two refreshes. */
const changedAt = new Map<string, number>();
let lastBook: SpreadsheetView | null = null;

const cellKey = (sheet: string, row: number, column: number) => `${sheet}\n${row}\n${column}`;

function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** Notes the cells a refresh changed; the first drawing of a sheet changes nothing. */
function noteChanges(book: SpreadsheetView | null): void {
  const now = Date.now();
  for (const sheet of book?.sheets ?? []) {
    const before = lastBook?.sheets.find((s) => s.name === sheet.name)?.rows;
    if (!before) continue;
    sheet.rows.forEach((row, r) => {
      row.forEach((text, c) => {
        if ((before[r]?.[c] ?? '') !== text) changedAt.set(cellKey(sheet.name, r, c), now);
      });
    });
  }
  lastBook = book;
}

/**
 * The order the grid shows the columns in: the sheet's own, or with the export columns moved next
 * to Task ID, so a person watching an export sees them beside the task they belong to.
 */
function columnOrder(headers: string[], width: number): number[] {
  const order = Array.from({ length: width }, (_, i) => i);
  const taskId = headers.indexOf('Task ID');
  const moved = EXPORT_HEADERS.map((h) => headers.indexOf(h)).filter((i) => i >= 0);
  if (!$<HTMLInputElement>('export-first').checked || taskId < 0 || moved.length === 0) {
    return order;
  }
  const rest = order.filter((i) => !moved.includes(i));
  rest.splice(rest.indexOf(taskId) + 1, 0, ...moved);
  return rest;
}

function drawSheet(book: SpreadsheetView | null): void {
  const tabs = $('tabs');
  const grid = $('grid');
  if (!book) {
    tabs.replaceChildren();
    grid.replaceChildren(el('caption', {}, 'The script is not bound to a spreadsheet.'));
    return;
  }
  $('title').textContent = `${book.name} (emulated)`;
  if (!book.sheets.some((s) => s.name === selectedSheet))
    selectedSheet = book.sheets[0]?.name ?? '';
  tabs.replaceChildren(
    ...book.sheets.map((sheet) => {
      const tab = el(
        'button',
        { type: 'button', role: 'tab', 'aria-selected': String(sheet.name === selectedSheet) },
        sheet.name,
      );
      tab.addEventListener('click', () => {
        selectedSheet = sheet.name;
        drawSheet(book);
      });
      return tab;
    }),
  );
  const rows = book.sheets.find((s) => s.name === selectedSheet)?.rows ?? [];
  const headers = rows[0] ?? [];
  const width = Math.max(0, ...rows.map((r) => r.length));
  const order = columnOrder(headers, width);
  const movable = EXPORT_HEADERS.filter((h) => headers.includes(h));
  $('export-first').parentElement!.hidden = movable.length === 0 || !headers.includes('Task ID');
  $('export-first-label').textContent =
    `Show ${movable.join(' and ')} next to Task ID (in the sheet: column` +
    `${movable.length === 1 ? '' : 's'} ` +
    `${movable.map((h) => columnLetter(headers.indexOf(h))).join(' and ')})`;
  const movedIndexes = new Set(
    order.filter((c, at) => c !== at && EXPORT_HEADERS.includes(headers[c] ?? '')),
  );
  const now = Date.now();
  const head = el('thead');
  const headRow = el('tr');
  headRow.append(
    el('th', {}, ''),
    ...order.map((c) => {
      const th = el(
        'th',
        { title: `${headers[c] ?? ''} (column ${columnLetter(c)})` },
        headers[c] ?? '',
      );
      if (movedIndexes.has(c)) th.classList.add('moved');
      return th;
    }),
  );
  head.append(headRow);
  const body = el('tbody');
  rows.slice(1).forEach((row, i) => {
    const tr = el('tr');
    tr.append(
      el('td', { class: 'row' }, String(i + 2)),
      ...order.map((c) => {
        const td = el('td', { title: row[c] ?? '' }, row[c] ?? '');
        if (movedIndexes.has(c)) td.classList.add('moved');
        const left = (changedAt.get(cellKey(selectedSheet, i + 1, c)) ?? -Infinity) + HIGHLIGHT_MS;
        if (left > now) {
          td.classList.add('changed');
          setTimeout(() => td.classList.remove('changed'), left - now);
        }
        return td;
      }),
    );
    body.append(tr);
  });
  grid.replaceChildren(head, body);
}

$('export-first').addEventListener('change', () => drawSheet(lastBook));

// ---- sidebar and dialog ----
function drawSurface(which: 'sidebar' | 'dialog', meta: Omit<Surface, 'content'> | null): void {
  const seq = meta?.seq ?? 0;
  if (drawn[which] === seq) return;
  drawn[which] = seq;
  const box = $(which);
  const frame = $<HTMLIFrameElement>(`${which}-frame`);
  if (!meta) {
    box.hidden = true;
    frame.removeAttribute('src');
    return;
  }
  $(`${which}-title`).textContent = meta.title;
  box.classList.toggle('modeless', which === 'dialog' && meta.modal === false);
  frame.src = `/${which}?seq=${seq}`;
  box.hidden = false;
}

async function closeSurface(which: 'sidebar' | 'dialog'): Promise<void> {
  await fetchState('/api/close', { surface: which });
}

$('sidebar-close').addEventListener('click', () => void closeSurface('sidebar'));
$('dialog-close').addEventListener('click', () => void closeSurface('dialog'));

/** google.script.host in a page posts here: only the open sidebar or dialog is listened to. */
window.addEventListener('message', (e) => {
  if (e.origin !== window.location.origin) return;
  const which = (['sidebar', 'dialog'] as const).find(
    (w) => $<HTMLIFrameElement>(`${w}-frame`).contentWindow === e.source,
  );
  const message = e.data as { playgroundHost?: string; value?: unknown };
  if (!which || !message?.playgroundHost) return;
  const frame = $<HTMLIFrameElement>(`${which}-frame`);
  const { value } = message;
  if (message.playgroundHost === 'close') void closeSurface(which);
  else if (message.playgroundHost === 'openDrive' && typeof value === 'string')
    void openDriveLink(value);
  else if (typeof value !== 'number') return;
  else if (message.playgroundHost === 'setHeight' && which === 'dialog')
    frame.style.height = `${value}px`;
  else if (message.playgroundHost === 'setWidth' && which === 'dialog')
    frame.style.width = `${value}px`;
});

// ---- notices, toasts, activity ----
function drawNotices(state: PlaygroundState, first: boolean): void {
  for (const notice of state.notices) {
    if (notice.seq <= drawn.notice) continue;
    drawn.notice = notice.seq;
    if (!first) void showModal(notice.title ?? '', notice.prompt, ['OK'], false);
  }
  for (const toast of state.toasts) {
    if (toast.seq <= drawn.toast) continue;
    drawn.toast = toast.seq;
    if (first) continue;
    const box = el('div', { class: 'toast', role: 'status' });
    box.append(el('strong', {}, toast.title), el('div', {}, toast.message));
    $('toasts').append(box);
    // Google documents a negative timeout as "stays until closed"; the playground keeps it 30 s.
    const seconds = toast.timeoutSeconds < 0 ? 30 : toast.timeoutSeconds;
    setTimeout(() => box.remove(), seconds * 1000);
  }
}

function drawActivity(state: PlaygroundState): void {
  const key = JSON.stringify([state.triggers, state.executions]);
  if (key === drawn.activity) return;
  drawn.activity = key;
  refreshDrive();
  $('triggers').replaceChildren(
    ...(state.triggers.length
      ? state.triggers.map((t) =>
          el(
            'li',
            {},
            `${t.handlerFunction} (${t.owner}) ${t.dueAt ? `due ${t.dueAt}` : 'fired, one-shot'}` +
              `${t.everyMinutes ? `, every ${t.everyMinutes} min` : ''}, fired ${t.firedCount}×`,
          ),
        )
      : [el('li', { class: 'secondary' }, 'No triggers.')]),
  );
  $('executions').replaceChildren(
    ...state.executions.map((x) =>
      el(
        'li',
        { class: x.outcome === 'ok' ? '' : 'error' },
        `${x.startedAt} ${x.fn}${x.byTrigger ? ' (trigger)' : ''}: ${x.outcome}` +
          `${x.durationMs === null ? '' : ` in ${x.durationMs} ms`}${x.error ? `: ${x.error}` : ''}`,
      ),
    ),
  );
}

// ---- Drive: folders load when opened, and load again as scripts run ----
/** The page's id for "Shared with me" (SHARED_WITH_ME of view.ts, which the page does not bundle). */
const SHARED_WITH_ME = 'shared-with-me';
/** Likewise "Shared drives" (SHARED_DRIVES of view.ts). */
const SHARED_DRIVES = 'shared-drives';
/** Each open folder's list and the folder it shows (undefined: My Drive). */
const openFolders = new Map<HTMLElement, string | undefined>();

/** The item's link as text, and a button that copies it. */
function linkParts(link: string): HTMLElement[] {
  const text = el('span', { class: 'drive-link', title: link }, link);
  const copy = el('button', { type: 'button', class: 'copy' }, 'Copy link');
  copy.addEventListener('click', (e) => {
    // Inside a folder's summary, the click copies and leaves the folder as it was.
    e.preventDefault();
    e.stopPropagation();
    navigator.clipboard.writeText(link).then(
      () => flash(copy, 'Copied'),
      () => {
        // No clipboard (the browser refused it): the link is selected for Ctrl+C instead.
        window.getSelection()?.selectAllChildren(text);
        flash(copy, 'Press Ctrl+C to copy');
      },
    );
  });
  return [text, copy];
}

function flash(button: HTMLElement, text: string): void {
  button.textContent = text;
  setTimeout(() => (button.textContent = 'Copy link'), 2000);
}

function driveEntry(entry: DriveEntryView, open = false): HTMLLIElement {
  const li = el('li', { 'data-id': entry.id });
  if (!entry.folder) {
    li.append(el('span', { title: entry.mimeType }, entry.name));
    if (entry.link) li.append(...linkParts(entry.link));
    return li;
  }
  const details = el('details');
  const list = el('ul');
  // Folders end in "/", as paths do: the names are all text, no icons needed.
  const summary = el('summary');
  summary.append(el('span', {}, `${entry.name}/`));
  if (entry.link) summary.append(...linkParts(entry.link));
  details.append(summary, list);
  details.addEventListener('toggle', () => {
    if (details.open) void loadFolder(list, entry.id);
    else openFolders.delete(list);
  });
  details.open = open;
  li.append(details);
  return li;
}

/** The id a Drive, Docs or Sheets link names, in the shapes Google's links take. */
function idOfLink(link: string): string | null {
  try {
    const url = new URL(link);
    const inPath = /\/(?:d|folders)\/([A-Za-z0-9_-]+)/.exec(url.pathname);
    return inPath ? inPath[1] : url.searchParams.get('id');
  } catch {
    return null;
  }
}

/** A Drive link followed in a page: the item shown at the top of the Drive panel. */
async function openDriveLink(link: string): Promise<void> {
  const drive = $<HTMLDetailsElement>('drive');
  if (!drive.open) drive.open = true;
  const focus = $('drive-focus');
  const id = idOfLink(link);
  let item: DriveItemView | null = null;
  if (id) {
    const response = await fetch(`/api/drive/item?id=${encodeURIComponent(id)}`);
    if (response.ok) item = (await response.json()) as DriveItemView;
  }
  focus.replaceChildren(el('h3', {}, 'Opened from a link'));
  if (!item) {
    focus.append(
      el(
        'p',
        { class: 'error' },
        id
          ? 'The link points at nothing the owner can see in this Drive: it was removed, is in the trash or is not shared with them.'
          : 'The link names no Drive item.',
      ),
      el('p', { class: 'drive-link' }, link),
    );
  } else {
    const where = item.parents.map((p) => p.name).join(' / ');
    focus.append(
      el('p', { class: 'secondary' }, where ? `In ${where}` : 'Shared with the owner'),
      el('ul', {}),
    );
    focus.querySelector('ul')!.append(driveEntry(item.entry, true));
  }
  focus.hidden = false;
  focus.scrollIntoView({ block: 'nearest' });
}

/** Links to Drive in the playground page itself open in its Drive panel too. */
document.addEventListener(
  'click',
  (e) => {
    const anchor = (e.target as Element).closest?.('a[href]') as HTMLAnchorElement | null;
    if (!anchor || !/^(drive|docs)\.google\.com$/.test(new URL(anchor.href).hostname)) return;
    e.preventDefault();
    void openDriveLink(anchor.href);
  },
  true,
);

/**
 * Lists a folder. Entries already shown are kept as they are (with their open sub-folders), so a
 * folder listed again while a job runs only gains and loses what changed.
 */
async function loadFolder(list: HTMLElement, id?: string): Promise<void> {
  openFolders.set(list, id);
  const folder = await api<DriveFolderView>(
    `/api/drive${id ? `?id=${encodeURIComponent(id)}` : ''}`,
  );
  const entries = [...folder.children];
  if (!id) {
    entries.push({
      id: SHARED_WITH_ME,
      name: 'Shared with me',
      folder: true,
      mimeType: '',
      link: '',
    });
    entries.push({
      id: SHARED_DRIVES,
      name: 'Shared drives',
      folder: true,
      mimeType: '',
      link: '',
    });
  }
  const shown = new Map<string, Element>();
  for (const li of list.querySelectorAll(':scope > li[data-id]')) {
    shown.set(li.getAttribute('data-id') ?? '', li);
  }
  list.replaceChildren(
    ...(entries.length
      ? entries.map((entry) => shown.get(entry.id) ?? driveEntry(entry))
      : [el('li', { class: 'secondary' }, '(empty)')]),
  );
}

/** Lists every open folder again: called when a script ran, which may have changed Drive. */
function refreshDrive(): void {
  if (!($('drive') as HTMLDetailsElement).open) return;
  for (const [list, id] of openFolders) {
    if (list.isConnected) void loadFolder(list, id).catch(() => undefined);
    else openFolders.delete(list);
  }
}

$('drive').addEventListener('toggle', () => {
  if (($('drive') as HTMLDetailsElement).open) void loadFolder($('drive-root'));
  else openFolders.clear();
});

// ---- start here: open until dismissed, on this browser ----
const START_HERE_KEY = 'playground.startHere.dismissed';

function showStartHere(show: boolean): void {
  $('start-here').hidden = !show;
  $('start-here-open').setAttribute('aria-expanded', String(show));
}

function readDismissed(): boolean {
  try {
    return window.localStorage.getItem(START_HERE_KEY) === 'yes';
  } catch {
    // Storage refused (a private window's setting): the panel simply shows again next time.
    return false;
  }
}

function writeDismissed(dismissed: boolean): void {
  try {
    if (dismissed) window.localStorage.setItem(START_HERE_KEY, 'yes');
    else window.localStorage.removeItem(START_HERE_KEY);
  } catch {
    // As above: only the memory of the choice is lost.
  }
}

$('start-here-close').addEventListener('click', () => {
  writeDismissed(true);
  showStartHere(false);
});
$('start-here-open').addEventListener('click', () => {
  const show = $('start-here').hidden;
  writeDismissed(!show);
  showStartHere(show);
});
showStartHere(!readDismissed());

// ---- the loop ----
let session = '';

function draw(state: PlaygroundState, first = false): void {
  if (session && state.session !== session) {
    window.location.reload();
    return;
  }
  session = state.session;
  $('now').textContent = state.now.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const menus = JSON.stringify(state.menus);
  if (menus !== drawn.menus) {
    drawn.menus = menus;
    drawMenus(state.menus);
  }
  const sheet = JSON.stringify(state.spreadsheet);
  if (sheet !== drawn.sheet) {
    drawn.sheet = sheet;
    // A reopened spreadsheet (a new session or a reset demo) is drawn as new: nothing highlighted.
    if (first) lastBook = null;
    noteChanges(state.spreadsheet);
    drawSheet(state.spreadsheet);
  }
  drawSurface('sidebar', state.sidebar);
  drawSurface('dialog', state.dialog);
  drawNotices(state, first);
  drawActivity(state);
}

async function poll(): Promise<void> {
  try {
    await fetchState('/api/state');
  } catch {
    // The server may be restarting; the next poll tries again.
  }
  setTimeout(() => void poll(), POLL_MS);
}

$('reset').addEventListener('click', async () => {
  if (!window.confirm('Start over from fresh demo data? Everything done so far is lost.')) return;
  await fetchState('/api/reset', {});
});

void api<PlaygroundState>('/api/state').then((state) => {
  draw(state, true);
  setTimeout(() => void poll(), POLL_MS);
});
