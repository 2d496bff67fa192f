/**
 * The export status state machine (PLAN 1.1 and 4, DESIGN invariant 2). Every status write goes
 * through `assertTransition`; an illegal move is an error, never a silent write.
 */
export const EXPORT_STATUS = {
  STAGING: 'staging',
  STAGED: 'staged',
  DELIVERING: 'delivering',
  DELIVERED: 'delivered',
  STAGING_FAILED: 'staging_failed',
  DELIVERY_FAILED: 'delivery_failed',
} as const;

export type ExportStatus = (typeof EXPORT_STATUS)[keyof typeof EXPORT_STATUS];
/** null: never exported (an empty cell). */
export type ExportState = ExportStatus | null;

export const EXPORT_STATUS_VALUES: readonly ExportStatus[] = Object.values(EXPORT_STATUS);

/** Why a status changes; some edges are open to one cause only. */
export type TransitionCause =
  | 'stage'
  | 'validate'
  | 'copy'
  | 'deliver'
  | 'verify'
  | 'retry'
  | 'resume'
  | 'manualReset'
  | 'cleanup'
  | 'migration'
  | 'reexport';

type Edge = readonly [from: ExportState, to: ExportState, causes: readonly TransitionCause[]];

const EDGES: readonly Edge[] = [
  [null, 'staging', ['stage']],
  ['staging', 'staged', ['copy']],
  // 'resume': a task left in flight by a job whose state was lost, and which cannot be resumed.
  ['staging', 'staging_failed', ['validate', 'copy', 'resume']],
  ['staging_failed', 'staging', ['retry', 'stage']],
  // PLAN 2.2: a task whose files fail the check is marked failed when staging starts, not copied.
  [null, 'staging_failed', ['validate']],
  ['delivered', 'staging_failed', ['validate']],
  ['staged', 'delivering', ['deliver']],
  ['delivering', 'delivered', ['verify']],
  ['delivering', 'delivery_failed', ['verify', 'deliver', 'resume']],
  ['delivery_failed', 'staged', ['retry', 'manualReset', 'cleanup']],
  ['delivery_failed', 'delivering', ['retry']],
  // Manual resets and clean-up put a task back to "never exported"; never from delivered.
  ['staging_failed', null, ['manualReset', 'cleanup']],
  ['delivery_failed', null, ['manualReset']],
  ['staged', null, ['manualReset']],
  // Legacy exports: an Export Time without a status means the task was delivered before.
  [null, 'delivered', ['migration']],
  // "Include already exported" override: a delivered task may be staged again, on purpose.
  ['delivered', 'staging', ['reexport']],
];

export class IllegalTransitionError extends Error {
  constructor(
    readonly taskId: string,
    readonly from: ExportState,
    readonly to: ExportState,
  ) {
    super(
      `Task ${taskId}: its export status cannot change from "${label(from)}" to "${label(to)}".`,
    );
    this.name = 'IllegalTransitionError';
  }
}

export function label(state: ExportState): string {
  return state ?? 'not exported';
}

export function canTransition(from: ExportState, to: ExportState, cause: TransitionCause): boolean {
  return EDGES.some(([f, t, causes]) => f === from && t === to && causes.includes(cause));
}

export function assertTransition(
  taskId: string,
  from: ExportState,
  to: ExportState,
  cause: TransitionCause,
): void {
  if (!canTransition(from, to, cause)) throw new IllegalTransitionError(taskId, from, to);
}

/** Reads a status cell; anything that is not a known status is reported, not guessed. */
export function parseExportState(cell: unknown): ExportState | { invalid: string } {
  const text = String(cell ?? '').trim();
  if (text === '') return null;
  const known = EXPORT_STATUS_VALUES.find((s) => s === text.toLowerCase());
  return known ?? { invalid: text };
}

/** Statuses held while a job is working on a task: no second job may take it. */
export const IN_FLIGHT: readonly ExportStatus[] = ['staging', 'delivering'];
