/**
 * A task's staging manifest: each file its staged folder held when staging settled it (name, size,
 * type, and the MD5 of a binary file's content), kept internal in the batch's export sheet
 * (staging/manifest-sheet.ts). Delivery copies exactly those files and checks the client's task
 * folder against them file by file: a count is not a proof.
 *
 * One rule for every file: a binary file matches when its name, size, type and (where both sides
 * tell it) MD5 match; a Google Docs, Sheets or Slides file has no checksum and no size a copy
 * keeps, so it matches by name and type. The DriveApp copier cannot read checksums at all: with it,
 * binary files match by name, size and type.
 */
import type { ExpectedFile, FolderEntry } from '../drive/copier';
import { shorten } from '../drive/links';
import { isNative } from '../drive/rest';

/** One staged file, as the manifest records it. */
export interface StagedFile {
  /** The staged copy's id in the staging folder: what delivery copies. */
  id: string;
  /** Its name; cut (see `cutName`) when too long to keep whole. */
  name: string;
  size: number;
  /** '' when the listing did not tell it. */
  mimeType: string;
  md5Checksum?: string;
}

/**
 * A file name is kept whole up to this many characters (Drive allows longer ones, and a task of a
 * dozen such names would not fit the job's ledger cell, nor a name its sheet cell); a longer one
 * is kept cut, ending with CUT_MARK, and matched by its start.
 */
const NAME_CHARS = 1000;
const CUT_MARK = '…';

export function cutName(name: string): string {
  return name.length > NAME_CHARS ? name.slice(0, NAME_CHARS) + CUT_MARK : name;
}

/** Whether `name` is the name a manifest recorded as `recorded` (whole, or cut). */
export function sameName(recorded: string, name: string): boolean {
  if (recorded === name) return true;
  const cut = recorded.length === NAME_CHARS + CUT_MARK.length && recorded.endsWith(CUT_MARK);
  return cut && name.length > NAME_CHARS && name.startsWith(recorded.slice(0, NAME_CHARS));
}

/**
 * The manifest of a task folder from its listing, as staging took it once its copies were made,
 * in the order of the names (a listing's order says nothing).
 */
export function manifestOf(present: readonly FolderEntry[]): StagedFile[] {
  const byName = [...present].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return byName.map((f) => {
    const file: StagedFile = {
      id: f.id,
      name: cutName(f.name),
      size: f.size,
      mimeType: f.mimeType ?? '',
    };
    if (f.md5Checksum) file.md5Checksum = f.md5Checksum;
    return file;
  });
}

/** What a copy of a staged file must match. */
export function expectedOf(file: StagedFile | FolderEntry): ExpectedFile {
  const expected: ExpectedFile = { size: file.size };
  if (file.mimeType) expected.mimeType = file.mimeType;
  if (file.md5Checksum) expected.md5Checksum = file.md5Checksum;
  return expected;
}

/** Whether a file differs from what it should be, by the rule above. */
export function differs(expected: ExpectedFile, found: FolderEntry): boolean {
  const typeDiffers =
    !!expected.mimeType && !!found.mimeType && found.mimeType !== expected.mimeType;
  if (isNative(expected.mimeType ?? '')) return typeDiffers;
  const md5Differs =
    !!expected.md5Checksum && !!found.md5Checksum && found.md5Checksum !== expected.md5Checksum;
  return found.size !== expected.size || md5Differs || typeDiffers;
}

/** How a task's staged folder stands against its manifest, matched by the staged files' ids. */
export interface StagingChanges {
  /** Manifest files no longer in the folder (trashed, deleted or moved). */
  removed: StagedFile[];
  /** Manifest files whose size, type or content changed. */
  changed: StagedFile[];
  /** Files in the folder the manifest does not list: they are not delivered. */
  added: FolderEntry[];
  /** The folder's entry of each manifest file still there, by id. */
  found: Map<string, FolderEntry>;
}

export function stagingChanges(
  manifest: readonly StagedFile[],
  files: readonly FolderEntry[],
): StagingChanges {
  const byId = new Map(files.map((f) => [f.id, f]));
  const ids = new Set(manifest.map((f) => f.id));
  const found = new Map<string, FolderEntry>();
  const removed: StagedFile[] = [];
  const changed: StagedFile[] = [];
  for (const file of manifest) {
    const entry = byId.get(file.id);
    if (!entry) removed.push(file);
    else {
      found.set(file.id, entry);
      if (differs(expectedOf(file), entry)) changed.push(file);
    }
  }
  const added = files.filter((f) => !ids.has(f.id));
  return { removed, changed, added, found };
}

/** What a delivered task folder holds against what should be there, by name. */
export interface DeliveredDifferences {
  missing: string[];
  /** Names the plan does not have. */
  extra: string[];
  changed: string[];
  /** Planned names more than one file has. */
  doubled: string[];
}

/**
 * Compares a client task folder (`present`) with the copies planned for it: a planned name absent
 * is missing; a name the plan does not have is extra; a planned name several files have is
 * doubled; a file of a planned name that differs from its staged file is changed. A plan kept without
 * expectations (by an earlier version) is compared by name only.
 */
export function deliveredDifferences(
  plan: ReadonlyArray<{ targetName: string; expected?: ExpectedFile }>,
  present: readonly FolderEntry[],
): DeliveredDifferences {
  const byName = new Map<string, FolderEntry[]>();
  for (const f of present) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  const result: DeliveredDifferences = { missing: [], extra: [], changed: [], doubled: [] };
  const planned = new Set<string>();
  for (const r of plan) {
    planned.add(r.targetName);
    const named = byName.get(r.targetName) ?? [];
    if (named.length === 0) {
      result.missing.push(r.targetName);
      continue;
    }
    if (named.length > 1) result.doubled.push(r.targetName);
    else if (r.expected && differs(r.expected, named[0])) result.changed.push(r.targetName);
  }
  for (const f of present) if (!planned.has(f.name)) result.extra.push(f.name);
  return result;
}

/** How many file names a message quotes before it counts the rest. */
const NAMES_QUOTED = 3;

/** `"a.mp4", "b.jpg" and 2 more`: names quoted (cut short when long), the rest counted. */
export function quotedNames(names: readonly string[]): string {
  const quoted = names.slice(0, NAMES_QUOTED).map((n) => `"${shorten(n)}"`);
  const more = names.length - quoted.length;
  const list =
    quoted.length > 1
      ? `${quoted.slice(0, -1).join(', ')}${more > 0 ? ', ' : ' and '}${quoted[quoted.length - 1]}`
      : quoted.join('');
  return more > 0 ? `${list} and ${more} more` : list;
}
