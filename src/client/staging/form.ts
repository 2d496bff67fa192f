import type { ExportFilters, OverrideFlag } from '../../shared/rpc';

/** What the person entered in the filter step, as typed (numbers and dates still text). */
export interface FilterForm {
  batchIds: string[];
  agents: string[];
  dateFrom: string;
  dateTo: string;
  reviewStatuses: string[];
  scoreMin: string;
  scoreMax: string;
  reviewerEmails: string[];
  overrides: OverrideFlag[];
}

export const EMPTY_FORM: FilterForm = {
  batchIds: [],
  agents: [],
  dateFrom: '',
  dateTo: '',
  reviewStatuses: [],
  scoreMin: '',
  scoreMax: '',
  reviewerEmails: [],
  overrides: [],
};

/** What is wrong with the form, and the fields it is about (the page shows it under them). */
export type Checked =
  { ok: true; filters: ExportFilters } | { ok: false; problem: string; field: 'score' | 'date' };

/** The filters the server takes, or what is wrong with the form, before any call is made. */
export function toFilters(form: FilterForm): Checked {
  const min = score(form.scoreMin);
  const max = score(form.scoreMax);
  if (min === false || max === false) {
    return {
      ok: false,
      problem: 'The review scores must be numbers, for example 70.',
      field: 'score',
    };
  }
  if (min !== undefined && max !== undefined && min > max) {
    return {
      ok: false,
      problem: 'The minimum review score is higher than the maximum.',
      field: 'score',
    };
  }
  if (form.dateFrom && form.dateTo && form.dateFrom > form.dateTo) {
    return {
      ok: false,
      problem: 'The "completed from" date is after the "completed to" date.',
      field: 'date',
    };
  }
  const filters: ExportFilters = {};
  if (form.batchIds.length) filters.batchIds = form.batchIds;
  if (form.agents.length) filters.agents = form.agents;
  if (form.dateFrom) filters.dateFrom = form.dateFrom;
  if (form.dateTo) filters.dateTo = form.dateTo;
  if (form.reviewStatuses.length) filters.reviewStatuses = form.reviewStatuses;
  if (min !== undefined) filters.reviewScoreMin = min;
  if (max !== undefined) filters.reviewScoreMax = max;
  if (form.reviewerEmails.length) filters.reviewerEmails = form.reviewerEmails;
  for (const flag of form.overrides) filters[flag] = true;
  return { ok: true, filters };
}

function score(text: string): number | undefined | false {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : false;
}
