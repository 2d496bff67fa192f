/** How long one slice may work. Well under Apps Script's 6 minutes, and configurable. */
export const TRIGGER_SLICE_PROPERTY = 'EXPORT_SLICE_BUDGET_MS';
export const SIDEBAR_SLICE_PROPERTY = 'EXPORT_SIDEBAR_SLICE_MS';

const DEFAULT_TRIGGER_SLICE_MS = 4.5 * 60 * 1000;
/**
 * Time kept back at the end of a slice to write the sheet, the log and the job state: a quarter of
 * the budget, at most 20 s.
 */
export function wrapUpMs(budgetMs: number): number {
  return Math.min(20 * 1000, budgetMs / 4);
}
/** The hard ceiling whatever is configured: Apps Script stops executions at 6 minutes. */
const MAX_SLICE_MS = 5 * 60 * 1000;
/**
 * When an execution's work ends at the latest, counted from its own start: a slice that first
 * waited for its turn (jobs/turn.ts) gets a shorter budget rather than run into the 6 minutes.
 */
export const EXECUTION_WORK_ENDS_MS = 5.5 * 60 * 1000;

export type Driver = 'sidebar' | 'trigger';

/**
 * A sidebar slice is, unless configured, as long as a trigger's. Each slice pays a few seconds of
 * fixed cost while Drive takes no copies (the sheet read and the outcomes' write, the job state,
 * the first listings), and the sidebar shows the saved progress while a slice runs, so a long
 * slice costs the person watching nothing.
 */
export function sliceBudgetMs(driver: Driver, all: Record<string, string>): number {
  const configured = (key: string) => (Number(all[key]) > 0 ? Number(all[key]) : null);
  const trigger = configured(TRIGGER_SLICE_PROPERTY) ?? DEFAULT_TRIGGER_SLICE_MS;
  const budget = driver === 'sidebar' ? (configured(SIDEBAR_SLICE_PROPERTY) ?? trigger) : trigger;
  return Math.min(budget, MAX_SLICE_MS);
}

/**
 * When the guard continuation should fire: after a whole slice of either driver could have run,
 * plus a margin for one that overran its budget a little.
 */
export function continuationDelayMs(all: Record<string, string>): number {
  return Math.max(sliceBudgetMs('trigger', all), sliceBudgetMs('sidebar', all)) + 60 * 1000;
}
