import type { CeilingConfig } from './core/ceiling';
import type { LatencyTable } from './core/latency';
import type { LatenessBand } from './services/trigger-lateness';

/**
 * The emulator's latency model. Each figure names its public source; change a figure only with a
 * better source. Keys: `Service.method`, then `Service.read` / `Service.write`, then `default`.
 *
 * Sources:
 * [copy]   Public reports of sequential DriveApp `File.makeCopy` in Apps Script: about 1 to 2.7 s per
 *          file (Stack Overflow threads on copying folders, and the issue text of this project).
 * [rest]   Drive v3 over UrlFetchApp: a few hundred ms per request, a copy or a create (a write)
 *          slower than a get or a list. `fetchAll` sends its requests asynchronously and returns
 *          them in order once all have answered, so it takes about the time of its slowest request
 *          (K. Tanaike, "Benchmark: fetchAll method in UrlFetch service for Google Apps Script",
 *          gist.github.com/tanaikech/c0f383034045ab63c19604139ecb0728).
 * [quota]  Drive API usage limits (developers.google.com/drive/api/guides/limits): over the quota
 *          Drive answers 403 "User rate limit exceeded", and its backend may answer 429; clients
 *          should back off exponentially. Google also states about 3 sustained write requests
 *          (copies, inserts) per second per account, the ceiling modelled below.
 * [sheets] Apps Script best practices: a batched getValues/setValues costs about what one cell
 *          does (tens to a few hundred ms); alternating reads and writes is what is slow.
 * [props]  PropertiesService / CacheService / LockService: small, tens of ms per call.
 */
export const REALISTIC_LATENCY: LatencyTable = {
  default: { minMs: 20, maxMs: 60 },
  // [copy]
  'DriveApp.File.makeCopy': { minMs: 1000, maxMs: 2700 },
  'DriveApp.Folder.createFolder': { minMs: 400, maxMs: 900 },
  'DriveApp.Folder.createFile': { minMs: 400, maxMs: 900 },
  'DriveApp.write': { minMs: 300, maxMs: 800 },
  'DriveApp.read': { minMs: 60, maxMs: 200 },
  'DriveApp.FileIterator.next': { minMs: 20, maxMs: 60 },
  'DriveApp.FolderIterator.next': { minMs: 20, maxMs: 60 },
  // [rest]
  'UrlFetchApp.drive.files.copy': { minMs: 350, maxMs: 900 },
  'UrlFetchApp.drive.files.create': { minMs: 300, maxMs: 700 },
  'UrlFetchApp.drive.files.list': { minMs: 150, maxMs: 400 },
  'UrlFetchApp.drive.files.get': { minMs: 100, maxMs: 250 },
  'UrlFetchApp.read': { minMs: 100, maxMs: 300 },
  'UrlFetchApp.write': { minMs: 300, maxMs: 800 },
  // [sheets]
  'SpreadsheetApp.Range.getValues': { minMs: 80, maxMs: 250 },
  'SpreadsheetApp.Range.setValues': { minMs: 120, maxMs: 400 },
  'SpreadsheetApp.read': { minMs: 30, maxMs: 120 },
  'SpreadsheetApp.write': { minMs: 80, maxMs: 300 },
  'SpreadsheetApp.Spreadsheet.create': { minMs: 1500, maxMs: 3000 },
  // [props]
  'PropertiesService.read': { minMs: 10, maxMs: 40 },
  'PropertiesService.write': { minMs: 20, maxMs: 60 },
  'CacheService.read': { minMs: 5, maxMs: 20 },
  'CacheService.write': { minMs: 5, maxMs: 30 },
  'LockService.write': { minMs: 10, maxMs: 40 },
  'ScriptApp.write': { minMs: 100, maxMs: 300 },
  'ScriptApp.read': { minMs: 30, maxMs: 100 },
  'Session.read': { minMs: 1, maxMs: 5 },
  'Utilities.read': { minMs: 0, maxMs: 1 },
  'Logger.write': { minMs: 0, maxMs: 1 },
};

/**
 * Unit tests: every call costs a flat few ms, so the clock still runs (time budgets and the
 * 6-minute limit can be reached) without modelling real latency.
 */
export const FAST_LATENCY: LatencyTable = {
  default: { minMs: 5, maxMs: 5 },
};

/** [quota] The per-account sustained write ceiling, with a small burst. */
export const DRIVE_WRITE_CEILING: CeilingConfig = { perSecond: 3, burst: 3 };

/**
 * [trigger] How late Apps Script starts a time-driven trigger after the time it falls due, as
 * shares of firings and the range each falls in (uniform within it). Google gives no figure:
 * `after(ms)` is "the minimum duration ... The actual duration might vary, but won't be less than
 * your specified minimum" (developers.google.com/apps-script/reference/script/clock-trigger-builder,
 * `after`), and a recurring trigger's time "may be slightly randomized" (a 9 a.m. one runs between
 * 9 and 10 a.m.; developers.google.com/apps-script/guides/triggers/installable, time-driven
 * triggers). Public reports: a one-off `after(1000)` "may run between after installation and 1
 * minute later" (github.com/derekantrican/GAS-ICS-Sync, pull request 65); every-15-minutes
 * triggers posting every 30 or 45 minutes (github.com/zachwhalen/ssbot, issue 4). With no figure
 * from Google, the model is pessimistic: never prompt, nine firings in ten within a minute, a tail
 * of several minutes.
 */
export const TRIGGER_LATENESS: readonly LatenessBand[] = [
  { share: 0.9, minMs: 10_000, maxMs: 60_000 },
  { share: 0.08, minMs: 60_000, maxMs: 180_000 },
  { share: 0.02, minMs: 180_000, maxMs: 600_000 },
];
