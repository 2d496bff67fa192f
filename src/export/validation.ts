import { Copier, SourceFile, sourceFilesOf } from '../drive/copier';
import { extractFileIdFromUrl } from '../drive/links';
import { COLUMNS } from '../sheet/schema';
import { Task } from '../sheet/task';

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

/** The ids of the task's usable links, each once, in the order of the columns. */
export function sourceIdsOf(task: Task): string[] {
  const ids = new Set<string>();
  const add = (link: string) => {
    const parsed = extractFileIdFromUrl(link);
    if (parsed.ok) ids.add(parsed.id);
  };
  for (const link of task.baseImageLinks) add(link);
  for (const { link } of task.productionLinks) add(link);
  return [...ids];
}

/**
 * The linked files, looked up beforehand (`sources`: null or absent for a file that cannot be
 * opened); each unusable link becomes an error naming it.
 */
function resolveFiles(
  task: Task,
  sources: ReadonlyMap<string, SourceFile | null>,
): { files: TaskFile[]; errors: string[] } {
  const files: TaskFile[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const ref of linksOf(task)) {
    const parsed = extractFileIdFromUrl(ref.link);
    if (!parsed.ok) {
      errors.push(`${ref.column}: ${parsed.reason}`);
      continue;
    }
    if (seen.has(parsed.id)) continue;
    seen.add(parsed.id);
    const file = sources.get(parsed.id);
    if (!file) {
      errors.push(`${ref.column}: ${ref.link} does not exist or is not shared with you`);
      continue;
    }
    if (file.trashed) {
      errors.push(`${ref.column}: the file "${file.name}" (${ref.link}) is in the trash`);
      continue;
    }
    files.push({ ...file, link: ref.link, isBaseImage: ref.isBaseImage });
  }
  return { files, errors };
}

const REQUIRED_TYPES = [
  { ext: '.obj', label: '.obj', production: false },
  { ext: '.jpg', label: '.jpg (not a base image)', production: true },
  { ext: '.mp4', label: '.mp4', production: false },
] as const;

/**
 * PLAN 2.2: at least one .obj, one .jpg that is not a base image and one .mp4 whose names contain
 * the folder name, and at least 6 files in all. Dead, trashed and unshared links are failures that
 * name the link, never crashes.
 */
export function validateProductionFiles(task: Task, copier: Copier): ValidationResult {
  return validateWithSources(task, sourceFilesOf(copier, sourceIdsOf(task)));
}

/** The same check, with the task's source files already looked up (several tasks at once). */
export function validateWithSources(
  task: Task,
  sources: ReadonlyMap<string, SourceFile | null>,
): ValidationResult {
  const { files, errors } = resolveFiles(task, sources);
  const folder = task.folderName.toLowerCase();
  const missingTypes: string[] = [];
  if (!task.folderName) errors.unshift('the Folder Name cell is empty');
  for (const type of REQUIRED_TYPES) {
    const found = files.some(
      (f) =>
        f.name.toLowerCase().endsWith(type.ext) &&
        folder !== '' &&
        f.name.toLowerCase().includes(folder) &&
        !(type.production && f.isBaseImage),
    );
    if (!found) {
      missingTypes.push(type.label);
      errors.push(`no ${type.label} file whose name contains "${task.folderName}"`);
    }
  }
  if (files.length < MIN_FILE_COUNT) {
    errors.push(`only ${files.length} usable file(s); at least ${MIN_FILE_COUNT} are needed`);
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

/** One line for the log and the wizard: "Task X: reason; reason". */
export function describeFailure(task: Task, result: ValidationResult): string {
  return `Task ${task.taskId}: ${result.errors.join('; ')}.`;
}
