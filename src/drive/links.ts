/**
 * Drive links as people paste them into the tracking sheet. Accepted shapes:
 * `https://drive.google.com/file/d/ID/view?usp=sharing`, `.../open?id=ID`, `.../uc?id=ID&export=...`,
 * Docs/Sheets/Slides links (`https://docs.google.com/spreadsheets/d/ID/edit`), and a bare id. A link
 * may carry the file's resource key (`...&resourcekey=0-AbC`): files shared by link before Drive's
 * 2021 security update open only with it for people who reach them through the link
 * (developers.google.com/drive/api/guides/resource-keys), so it is kept with the id.
 */
const ID = '[A-Za-z0-9_-]{20,}';
const BARE_ID = new RegExp(`^${ID}$`);
const PATH_ID = new RegExp(
  `^https?://(?:drive|docs)\\.google\\.com/(?:a/[^/]+/)?(?:file|document|spreadsheets|presentation|drawings|forms)/d/(${ID})(?:[/?#].*)?$`,
);
const QUERY_ID = new RegExp(
  `^https?://drive\\.google\\.com/(?:a/[^/]+/)?(?:open|uc|file/view)\\?(?:.*&)?id=(${ID})(?:&.*)?$`,
);
const FOLDER_LINK = new RegExp(
  `^https?://drive\\.google\\.com/(?:a/[^/]+/)?drive/(?:u/\\d+/)?folders/(${ID})`,
);

const RESOURCE_KEY = /[?&#]resourcekey=([A-Za-z0-9_.-]+)/i;

/** `resourceKey`: the key the link carries, when it carries one. */
export type LinkResult =
  { ok: true; id: string; resourceKey?: string } | { ok: false; reason: string };

export function extractFileIdFromUrl(text: string): LinkResult {
  const link = text.trim();
  if (link === '') return { ok: false, reason: 'the cell is empty' };
  if (BARE_ID.test(link)) return { ok: true, id: link };
  // Cheap checks first: this runs for every link of every row of big sheets.
  const match =
    (link.includes('/d/') ? PATH_ID.exec(link) : null) ??
    (link.includes('id=') ? QUERY_ID.exec(link) : null);
  if (match) {
    const key = RESOURCE_KEY.exec(link);
    return key ? { ok: true, id: match[1], resourceKey: key[1] } : { ok: true, id: match[1] };
  }
  if (FOLDER_LINK.test(link)) {
    return { ok: false, reason: `"${shorten(link)}" is a link to a folder, not to a file` };
  }
  if (/^https?:\/\//i.test(link)) {
    return { ok: false, reason: `"${shorten(link)}" is not a Google Drive file link` };
  }
  return { ok: false, reason: `"${shorten(link)}" is not a link` };
}

const EDITOR_LINK = new RegExp(
  `^https?://docs\\.google\\.com/(?:a/[^/]+/)?(spreadsheets|document|presentation)/`,
);
const EDITOR_KIND: Record<string, string> = {
  spreadsheets: 'a spreadsheet',
  document: 'a document',
  presentation: 'a presentation',
};
const FILE_LINK = new RegExp(`^https?://drive\\.google\\.com/(?:a/[^/]+/)?(?:file/|open\\?|uc\\?)`);
const WHAT_TO_DO = 'Open the folder in Drive and copy its address, or browse to it.';

/**
 * The id of a folder link or a bare id (settings and client folder fields). A link to a
 * spreadsheet, document or file is refused as such: Drive has no folder behind it, and saying
 * "does not exist" would send the person looking for a missing folder. `reason` is a whole
 * sentence with what to do.
 */
export function extractFolderId(text: string): LinkResult {
  const link = text.trim();
  if (BARE_ID.test(link)) return { ok: true, id: link };
  const folder = FOLDER_LINK.exec(link);
  if (folder) return { ok: true, id: folder[1] };
  const editor = EDITOR_LINK.exec(link);
  if (editor || FILE_LINK.test(link)) {
    const kind = editor ? EDITOR_KIND[editor[1]] : 'a file';
    return { ok: false, reason: `That is a link to ${kind}, not to a folder. ${WHAT_TO_DO}` };
  }
  return { ok: false, reason: `"${shorten(link)}" is not a Drive folder link. ${WHAT_TO_DO}` };
}

/**
 * A cell may hold several links, one per line or separated by commas; links separated by spaces
 * are split too, but free text ("see slack") stays whole so the message quotes what was typed.
 * Runs for every link cell of every row of sheets of 20,000 rows, so a cell holding one link is
 * not split at all.
 */
export function splitLinks(cell: unknown): string[] {
  const raw = cell === null || cell === undefined ? '' : String(cell);
  const links: string[] = [];
  if (raw === '') return links;
  if (!HAS_SEPARATOR.test(raw)) {
    addPart(raw.trim(), links);
    return links;
  }
  for (const piece of raw.split(SEPARATORS)) addPart(piece.trim(), links);
  return links;
}

const HAS_SEPARATOR = /[\r\n,;]/;
const SEPARATORS = /[\r\n,;]+/;
const HAS_SPACE = /\s/;
const SPACES = /\s+/;
const LINK_START = /^https?:\/\//i;

function addPart(part: string, links: string[]): void {
  if (part === '') return;
  if (!HAS_SPACE.test(part)) {
    links.push(part);
    return;
  }
  const words = part.split(SPACES);
  if (words.every((w) => LINK_START.test(w) || BARE_ID.test(w))) links.push(...words);
  else links.push(part);
}

/** Text quoted in a message, cut to 80 characters: a cell may hold thousands. */
export function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
