/**
 * Google's daily quotas (Apps Script quotas page): a call past one throws, and keeps throwing until
 * the quota resets, 24 hours after the first call it counted. Apps Script's error text is localised
 * and not to be parsed, so a limit is told by where the refusal came from: URL Fetch that gives no
 * answer at all, round after round, or a new spreadsheet refused. Google's 750 GB a day of copies
 * is answered by Drive as a rate limit: the add-on counts its own copies and stops at it.
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
        : limit === 'driveTransfer'
          ? `The export has copied as much today as it may: Google Drive lets one person copy or upload at most 750 GB a day, and the export counts its own copies. It goes on 24 hours after the day's first copy.`
          : limit === 'triggerRuntime'
            ? `The export has run by itself as long as Google allows in a day (90 minutes for a personal account, 6 hours for Google Workspace). It goes on by itself when the day resets, or at once with this sidebar open.`
            : `Google did not let the export create a spreadsheet: most likely this Google account has reached its daily limit of new spreadsheets (250 a day for a personal account, 3,200 for Google Workspace). Try again later. (Google said: ${messageOf(cause)})`,
    );
    this.name = 'DailyLimitError';
  }
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** Throws the daily limit on copies when the day's copies have reached it (`transferGate`). */
export function requireTransferRoom(spent: () => boolean): void {
  if (spent()) throw new DailyLimitError('driveTransfer', "the day's copies reached the limit");
}
