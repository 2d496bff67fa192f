/**
 * Google's daily quotas (Apps Script quotas page): a call past one throws, and keeps throwing until
 * the quota resets, 24 hours after the first call it counted. Apps Script's error text is localised
 * and not to be parsed, so a limit is told by where the refusal came from: URL Fetch that gives no
 * answer at all, round after round, or a new spreadsheet refused.
 */
import type { DailyLimit } from '../shared/rpc';

export class DailyLimitError extends Error {
  constructor(
    readonly limit: DailyLimit,
    cause: unknown,
  ) {
    super(
      limit === 'urlFetch'
        ? `Google gave no answer to the export's requests to Drive: most likely this Google account has reached its daily limit of URL Fetch calls (20,000 a day for a personal account, 100,000 for Google Workspace), which resets 24 hours after the day's first call. Try again later. (Google said: ${messageOf(cause)})`
        : `Google did not let the export create a spreadsheet: most likely this Google account has reached its daily limit of new spreadsheets (250 a day for a personal account, 3,200 for Google Workspace). Try again later. (Google said: ${messageOf(cause)})`,
    );
    this.name = 'DailyLimitError';
  }
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
