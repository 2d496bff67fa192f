/** How long one slice may work. Well under Apps Script's 6 minutes, and configurable. */
export const TRIGGER_SLICE_PROPERTY = 'EXPORT_SLICE_BUDGET_MS';
export const SIDEBAR_SLICE_PROPERTY = 'EXPORT_SIDEBAR_SLICE_MS';

const DEFAULT_TRIGGER_SLICE_MS = 4.5 * 60 * 1000;
const DEFAULT_SIDEBAR_SLICE_MS = 45 * 1000;
/**
 * Time kept back at the end of a slice to write the sheet, the log and the job state: a quarter of
 * the budget, at most 20 s.
 */
export function wrapUpMs(budgetMs: number): number {
  return Math.min(20 * 1000, budgetMs / 4);
}
/** The hard ceiling whatever is configured: Apps Script stops executions at 6 minutes. */
const MAX_SLICE_MS = 5 * 60 * 1000;

export type Driver = 'sidebar' | 'trigger';

export function sliceBudgetMs(driver: Driver, all: Record<string, string>): number {
  const key = driver === 'sidebar' ? SIDEBAR_SLICE_PROPERTY : TRIGGER_SLICE_PROPERTY;
  const fallback = driver === 'sidebar' ? DEFAULT_SIDEBAR_SLICE_MS : DEFAULT_TRIGGER_SLICE_MS;
  const configured = Number(all[key]);
  const budget = configured > 0 ? configured : fallback;
  return Math.min(budget, MAX_SLICE_MS);
}

/** When the continuation should fire: after a whole slice could have run, plus a margin. */
export function continuationDelayMs(all: Record<string, string>): number {
  return sliceBudgetMs('trigger', all) + 60 * 1000;
}
