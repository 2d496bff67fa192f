/**
 * The options of the demo generator, checked in full before anything is created so that a typo in
 * a test or benchmark fails loudly instead of seeding a workspace other than the one asked for.
 */
import { EmulatorUsageError } from '../core/errors';

export interface DemoOptions {
  /** Rows of the tracking sheet, bad cases included (default 24, 1..50000). */
  tasks?: number;
  /** Files per valid task, the 3 base images included (default 8, 6..60). */
  filesPerTask?: number;
  /** Include one task of each bad case (default true). */
  invalid?: boolean;
  /** false: the legacy sheet without 'Export Status' and 'Staged Count' (default true). */
  withExportColumns?: boolean;
  /** Rows exported by the legacy one-phase export (default 2 when `invalid`, else 0). */
  alreadyExported?: number;
  /** A task whose id and folder name carry HTML and script markup (default false). */
  hostile?: boolean;
  /** Two rows sharing one Task ID (default false). */
  duplicateTaskId?: boolean;
}

export type ResolvedOptions = Required<DemoOptions>;

export const MAX_TASKS = 50_000;
export const MIN_FILES_PER_TASK = 6;
export const MAX_FILES_PER_TASK = 60;

const DEFAULTS = { tasks: 24, filesPerTask: 8, invalid: true, withExportColumns: true };

type Kind = 'integer' | 'boolean';
const SCHEMA: Record<keyof DemoOptions, Kind> = {
  tasks: 'integer',
  filesPerTask: 'integer',
  invalid: 'boolean',
  withExportColumns: 'boolean',
  alreadyExported: 'integer',
  hostile: 'boolean',
  duplicateTaskId: 'boolean',
};

/** The options with their defaults, or an EmulatorUsageError naming the first bad one. */
export function resolveOptions(options: unknown): ResolvedOptions {
  const given = checkShape(options);
  const invalid = given.invalid ?? DEFAULTS.invalid;
  const resolved: ResolvedOptions = {
    tasks: given.tasks ?? DEFAULTS.tasks,
    filesPerTask: given.filesPerTask ?? DEFAULTS.filesPerTask,
    invalid,
    withExportColumns: given.withExportColumns ?? DEFAULTS.withExportColumns,
    alreadyExported: given.alreadyExported ?? (invalid ? 2 : 0),
    hostile: given.hostile ?? false,
    duplicateTaskId: given.duplicateTaskId ?? false,
  };
  checkRange('tasks', resolved.tasks, 1, MAX_TASKS);
  checkRange('filesPerTask', resolved.filesPerTask, MIN_FILES_PER_TASK, MAX_FILES_PER_TASK);
  checkRange('alreadyExported', resolved.alreadyExported, 0, MAX_TASKS);
  return resolved;
}

function checkShape(options: unknown): DemoOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new EmulatorUsageError(`seedDemo options must be an object, got ${describe(options)}`);
  }
  const known = Object.keys(SCHEMA);
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) {
      throw new EmulatorUsageError(
        `unknown seedDemo option "${key}"; known options: ${known.join(', ')}`,
      );
    }
    if (value !== undefined) checkType(key, SCHEMA[key as keyof DemoOptions], value);
  }
  return options as DemoOptions;
}

function checkType(key: string, kind: Kind, value: unknown): void {
  const ok = kind === 'boolean' ? typeof value === 'boolean' : Number.isInteger(value);
  if (!ok) {
    const expected = kind === 'boolean' ? 'true or false' : 'an integer';
    throw new EmulatorUsageError(
      `seedDemo option "${key}" must be ${expected}, got ${describe(value)}`,
    );
  }
}

function checkRange(key: string, value: number, min: number, max: number): void {
  if (value < min || value > max) {
    throw new EmulatorUsageError(
      `seedDemo option "${key}" must be between ${min} and ${max}, got ${value}`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  return String(value);
}
