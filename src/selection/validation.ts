import { SourceFile } from '../drive/copier';
import { extractFileIdFromUrl, shorten } from '../drive/links';
import { FOLDER_MIME, SHORTCUT_MIME } from '../drive/rest';
import { COLUMNS } from '../sheet/schema';
import { Task } from '../sheet/task';
import { plural } from '../shared/format';

/** PLAN 2.2: 3 base images + at least 3 production files. */
export const MIN_FILE_COUNT = 6;

export interface TaskFile extends SourceFile {
  link: string;
  isBaseImage: boolean;
}

export interface ValidationResult {
  isValid: boolean;
  missingTypes: string[];
  fileCount: number;
  totalBytes: number;
  errors: string[];
  files: TaskFile[];
}

interface LinkRef {
  link: string;
  column: string;
  isBaseImage: boolean;
}

function linksOf(task: Task): LinkRef[] {
  return [
    ...task.baseImageLinks.map((link) => ({
      link,
      column: 'a Base Image column',
      isBaseImage: true,
    })),
    ...task.productionLinks.map(({ column, link }) => ({
      link,
      column: `"${COLUMNS[column]}"`,
      isBaseImage: false,
    })),
  ];
}

/**
 * The files the task links: their ids, each once, in the order of the columns, and the resource key
 * of each one whose link carries a key (the first such link's), which every request about the file
 * sends.
 */
export function linkedSources(task: Task): {
  ids: string[];
  resourceKeys: Record<string, string>;
} {
  const ids = new Set<string>();
  const resourceKeys: Record<string, string> = {};
  const add = (link: string) => {
    const parsed = extractFileIdFromUrl(link);
    if (!parsed.ok) return;
    ids.add(parsed.id);
    if (parsed.resourceKey && !(parsed.id in resourceKeys)) {
      resourceKeys[parsed.id] = parsed.resourceKey;
    }
  };
  for (const link of task.baseImageLinks) add(link);
  for (const { link } of task.productionLinks) add(link);
  return { ids: [...ids], resourceKeys };
}

/** Unusable links named one by one in a message; the rest are counted, so a reason stays short. */
const LINKS_NAMED = 3;

/**
 * The linked files, looked up beforehand (`sources`: null or absent for a file that cannot be
 * opened; a shortcut is looked up as its target); each unusable link becomes a problem naming its
 * column and the link or file. A file reached by two links (one of them a shortcut) counts once.
 */
function resolveFiles(
  task: Task,
  sources: ReadonlyMap<string, SourceFile | null>,
): { files: TaskFile[]; problems: string[] } {
  const files: TaskFile[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const seenFiles = new Set<string>();
  for (const ref of linksOf(task)) {
    const parsed = extractFileIdFromUrl(ref.link);
    if (!parsed.ok) {
      problems.push(`${ref.column}: ${parsed.reason}`);
      continue;
    }
    if (seen.has(parsed.id)) continue;
    seen.add(parsed.id);
    const file = sources.get(parsed.id);
    const problem = file ? unusable(file) : unavailable(parsed);
    if (problem) problems.push(`${ref.column}: ${problem}`);
    else if (file && !seenFiles.has(file.id)) {
      seenFiles.add(file.id);
      files.push({ ...file, link: ref.link, isBaseImage: ref.isBaseImage });
    }
  }
  return { files, problems };
}

/**
 * A link to a file that cannot be opened. Drive answers the same for a file that does not exist,
 * one not shared with the user, and one shared by a link whose resource key the pasted link lacks
 * (developers.google.com/drive/api/guides/resource-keys), so a link without a key names all three.
 */
function unavailable(link: { id: string; resourceKey?: string }): string {
  const file = `the file ${shorten(link.id)} does not exist or is not shared with you`;
  if (link.resourceKey) return file;
  return `${file}, or it was shared by a link that only works whole (with its "resourcekey"): paste the whole link from Drive's Share › Copy link`;
}

/** Why a file that opens cannot be copied, or null when it can be. */
function unusable(file: SourceFile): string | null {
  const name = shorten(file.name);
  if (file.trashed) return `the file "${name}" is in the trash`;
  if (file.mimeType === SHORTCUT_MIME) {
    return `the shortcut "${name}" leads to a file that no longer exists or is not shared with you; link the file itself`;
  }
  if (file.mimeType === FOLDER_MIME) {
    const what = file.shortcutName === undefined ? 'a folder' : 'a shortcut to a folder';
    return `"${name}" is ${what}, not a file; link the file itself`;
  }
  if (file.canCopy === false) {
    return `"${name}" cannot be copied: its owner has turned off downloading, printing and copying for viewers and commenters. Ask the owner to allow it in the file's sharing settings, or to make you an editor`;
  }
  return null;
}

function namedProblems(problems: readonly string[]): string[] {
  if (problems.length <= LINKS_NAMED) return [...problems];
  const more = problems.length - LINKS_NAMED;
  return [
    ...problems.slice(0, LINKS_NAMED),
    `${more === 1 ? '1 more link cannot' : `${plural(more, 'more link')} cannot`} be used either`,
  ];
}

const REQUIRED_TYPES = [
  { ext: '.obj', label: '.obj', production: false },
  { ext: '.jpg', label: '.jpg (not a base image)', production: true },
  { ext: '.mp4', label: '.mp4', production: false },
] as const;

/**
 * PLAN 2.2: at least one .obj, one .jpg that is not a base image and one .mp4 whose names contain
 * the folder name, and at least 6 files in all, with the task's source files already looked up
 * (several tasks at once). Dead, trashed and unshared links are failures that name the link, never
 * crashes.
 */
export function validateWithSources(
  task: Task,
  sources: ReadonlyMap<string, SourceFile | null>,
): ValidationResult {
  const { files, problems } = resolveFiles(task, sources);
  const errors = namedProblems(problems);
  if (!task.folderName) errors.unshift('the Folder Name cell is empty');
  const missingTypes = REQUIRED_TYPES.filter((type) => !hasType(task, files, type)).map(
    (type) => type.label,
  );
  if (files.length === 0) {
    // Saying that each type and the count are missing too would only repeat it.
    errors.push(
      problems.length > 0
        ? 'none of its links leads to a file that can be copied'
        : 'none of its file cells holds a link',
    );
  } else {
    const folder = shorten(task.folderName);
    // Without a folder name no file can match it: the empty cell is the one thing to fix.
    for (const label of task.folderName ? missingTypes : []) {
      errors.push(`no ${label} file whose name contains "${folder}"`);
    }
    if (files.length < MIN_FILE_COUNT) {
      errors.push(
        `only ${plural(files.length, 'usable file')}; at least ${MIN_FILE_COUNT} are needed`,
      );
    }
  }
  return {
    isValid: errors.length === 0,
    missingTypes,
    fileCount: files.length,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    errors,
    files,
  };
}

function hasType(
  task: Task,
  files: readonly TaskFile[],
  type: (typeof REQUIRED_TYPES)[number],
): boolean {
  const folder = task.folderName.toLowerCase();
  return files.some(
    (f) =>
      f.name.toLowerCase().endsWith(type.ext) &&
      folder !== '' &&
      f.name.toLowerCase().includes(folder) &&
      !(type.production && f.isBaseImage),
  );
}

/** One line for the log and the wizard: "Task X: reason; reason". */
export function describeFailure(task: Task, result: ValidationResult): string {
  return `Task ${task.taskId}: ${result.errors.join('; ')}.`;
}
