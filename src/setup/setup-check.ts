/**
 * Check setup: proves on the user's own account and folders what the add-on relies on from
 * Google (and what the project's emulator assumes), and says plainly what is wrong and what to do.
 * Each check gives one line; a check that cannot run because an earlier one failed says so.
 */
import type { SetupCheckLine, SetupReport } from '../shared/rpc';
import { FolderInfo, FolderSettingError, requireStagingFolder } from '../config/settings';
import { RestSession } from '../drive/rest-session';
import { DEFAULT_WRITES_PER_SECOND } from '../drive/pacer';
import {
  copyWithId,
  createFolderWithId,
  createProbeFile,
  generateIds,
  listedFileIds,
} from '../drive/setup-probe';
import { DAILY_LIMITS, spentToday } from '../drive/daily-usage';
import { accountTier } from '../drive/capacity';
import { PER_FILE_COST } from '../selection/volume-plan';
import {
  PROBE_NAME_PREFIX,
  PROBE_TRIGGER_HANDLER,
  cleanUpLeftovers,
  deleteProbeTriggers,
  recordProbeFolder,
  trashProbeFolder,
} from './leftovers';

/**
 * The manifest's scopes (appsscript.json), each with what the add-on does with it; a unit test
 * keeps the two lists equal.
 */
export const REQUIRED_SCOPES: Record<string, string> = {
  'https://www.googleapis.com/auth/spreadsheets': 'read and update the tracking sheet',
  'https://www.googleapis.com/auth/drive': 'check and copy files in Google Drive',
  'https://www.googleapis.com/auth/script.scriptapp': 'finish exports in the background',
  'https://www.googleapis.com/auth/script.container.ui': 'show its menu and sidebars',
  'https://www.googleapis.com/auth/script.external_request': 'send its Drive requests',
  'https://www.googleapis.com/auth/userinfo.email': 'record who ran each export',
  'https://www.googleapis.com/auth/script.send_mail':
    'email you when an export you started finishes, pauses or needs attention',
};

/** Apps Script's quotas page: 20 triggers per user per script; 500 KB per property store. */
const TRIGGERS_PER_USER = 20;
const PROPERTY_STORE_BYTES = 500 * 1024;
/** How long the probe waits for its copy to show in a listing by parent. */
const LISTING_WAITS_MS = [1000, 2000, 4000, 8000];

/** ScriptApp's AuthorizationInfo as documented, with the scope list the typings lack. */
interface AuthInfo {
  getAuthorizedScopes(): string[] | null;
}
type AuthInfoFor = (mode: GoogleAppsScript.Script.AuthMode, scopes: string[]) => AuthInfo;

export function runSetupCheck(): SetupReport {
  const began = Date.now();
  const session = new RestSession(DEFAULT_WRITES_PER_SECOND);
  const lines: SetupCheckLine[] = [];
  const leftovers = leftoversLine(session);
  lines.push(scopesLine());
  // Every Drive request of the add-on, the staging folder's check included, goes in a batch.
  const ids = generateIds(session, 2);
  const [folderId, copyId] = ids.body?.ids ?? [];
  const batchOk = ids.kind === 'ok' && !!folderId && !!copyId;
  lines.push(batchLine(batchOk, ids.status));
  if (!batchOk) {
    lines.push(...notChecked(['staging', 'ids', 'listing'], BATCH_FIRST));
    lines.push(line('cleanup', PROBE_TITLES.cleanup, 'ok', 'Nothing was made.'));
  } else {
    const staging = stagingLine();
    lines.push(staging.line);
    if (staging.folder) {
      lines.push(...probeLines(session, staging.folder, folderId, copyId));
    } else {
      lines.push(...notChecked(['ids', 'listing'], STAGING_FIRST));
      lines.push(line('cleanup', PROBE_TITLES.cleanup, 'ok', 'Nothing was made.'));
    }
  }
  lines.push(triggerLine());
  lines.push(propertiesLine());
  lines.push(quotaLine());
  if (leftovers) lines.push(leftovers);
  return { checkedAt: new Date(began).toISOString(), tookMs: Date.now() - began, lines };
}

function line(
  id: string,
  title: string,
  status: SetupCheckLine['status'],
  found: string,
  todo: string | null = null,
): SetupCheckLine {
  return { id, title, status, found, todo };
}

/** An earlier check that died part way may have left its probe: removed first, said last. */
function leftoversLine(session: RestSession): SetupCheckLine | null {
  try {
    const removed = cleanUpLeftovers(session);
    return removed > 0
      ? line(
          'leftovers',
          'Earlier check',
          'ok',
          'An earlier check was stopped before it finished; what it had made is now removed.',
        )
      : null;
  } catch {
    return line(
      'leftovers',
      'Earlier check',
      'warning',
      'An earlier check was stopped before it finished, and its test folder could not be removed yet because Google Drive did not answer.',
      'Run Check setup again in a few minutes; it removes the test folder then.',
    );
  }
}

function scopesLine(): SetupCheckLine {
  const wanted = Object.keys(REQUIRED_SCOPES);
  const info = (ScriptApp.getAuthorizationInfo as unknown as AuthInfoFor)(
    ScriptApp.AuthMode.FULL,
    wanted,
  );
  const granted = new Set(info.getAuthorizedScopes() ?? []);
  const missing = wanted.filter((s) => !granted.has(s));
  if (missing.length === 0) {
    return line(
      'scopes',
      'Permissions',
      'ok',
      'You have given the add-on every permission it needs.',
    );
  }
  return line(
    'scopes',
    'Permissions',
    'failed',
    `The add-on is missing ${missing.length === 1 ? 'a permission' : `${missing.length} permissions`}: it cannot ${missing.map((s) => REQUIRED_SCOPES[s]).join(', ')}.`,
    'Reload the spreadsheet, open a Production Tracker menu item and, when Google asks, tick every box and allow.',
  );
}

function stagingLine(): { line: SetupCheckLine; folder: FolderInfo | null } {
  try {
    const folder = requireStagingFolder();
    return {
      folder,
      line: line(
        'staging',
        'Staging folder',
        'ok',
        `"${folder.name}" exists and you can add files to it.`,
      ),
    };
  } catch (e) {
    const known = e instanceof FolderSettingError;
    return {
      folder: null,
      line: line(
        'staging',
        'Staging folder',
        'failed',
        known
          ? (e as Error).message
          : 'Google Drive did not answer when asked about the staging folder.',
        known
          ? 'Use Production Tracker › Tools › Configure staging folder to choose a folder you can edit.'
          : 'Run Check setup again in a few minutes.',
      ),
    };
  }
}

const PROBE_TITLES = {
  staging: 'Staging folder',
  ids: 'Copies made exactly once',
  listing: 'New copies listed',
  cleanup: 'Test files removed',
} as const;

const BATCH_FIRST = {
  found: 'Not checked: Google Drive did not answer (see above).',
  todo: 'Run Check setup again once the Google Drive requests line is OK.',
};
const STAGING_FIRST = {
  found: 'Not checked: the test runs in the staging folder, which is not usable (see above).',
  todo: 'Fix the staging folder, then run Check setup again.',
};

function notChecked(
  ids: Array<keyof typeof PROBE_TITLES>,
  why: { found: string; todo: string },
): SetupCheckLine[] {
  return ids.map((id) => line(id, PROBE_TITLES[id], 'warning', why.found, why.todo));
}

function batchLine(ok: boolean, status: number): SetupCheckLine {
  const title = 'Google Drive requests';
  if (ok) {
    return line(
      'batch',
      title,
      'ok',
      "Google Drive answers the add-on's requests, sent in groups as exports send them.",
    );
  }
  return line(
    'batch',
    title,
    'failed',
    `Google Drive did not answer the add-on's requests, sent in groups as exports send them (a "batch request"; code ${status || 'none'}). Exports cannot run.`,
    'Run Check setup again in a few minutes. If it fails again, ask your Google Workspace administrator whether Drive batch requests are blocked.',
  );
}

/**
 * The probe: a test folder in staging, a small file in it, copied once with a generated id and
 * sent again, a listing of the folder, then the folder trashed.
 */
function probeLines(
  session: RestSession,
  staging: FolderInfo,
  folderId: string,
  copyId: string,
): SetupCheckLine[] {
  // Recorded before the folder exists: a check killed after creating it still has its id.
  recordProbeFolder(folderId);
  const made = createFolderWithId(
    session,
    staging.id,
    `${PROBE_NAME_PREFIX} ${new Date().toISOString()}`,
    folderId,
  );
  if (made.kind !== 'ok') {
    return [
      line(
        'ids',
        PROBE_TITLES.ids,
        'failed',
        `Google Drive did not let the add-on make a test folder in the staging folder (code ${made.status || 'none'}).`,
        'Check that you can add files to the staging folder, then run Check setup again.',
      ),
      line(
        'listing',
        PROBE_TITLES.listing,
        'warning',
        'Not checked: the test folder could not be made.',
      ),
      cleanupLine(session),
    ];
  }
  const sourceId = createProbeFile(folderId, 'probe.txt');
  return [
    exactlyOnceLine(session, sourceId, folderId, copyId),
    listingLine(session, folderId, copyId),
    cleanupLine(session),
  ];
}

function exactlyOnceLine(
  session: RestSession,
  sourceId: string,
  folderId: string,
  copyId: string,
): SetupCheckLine {
  const first = copyWithId(session, sourceId, folderId, 'probe copy.txt', copyId);
  if (first.kind !== 'ok') {
    return line(
      'ids',
      PROBE_TITLES.ids,
      'failed',
      `Google Drive did not copy a test file with an id made for it in advance (code ${first.status || 'none'}). The add-on copies every file this way.`,
      'Run Check setup again in a few minutes; if it fails again, the add-on cannot export on this account.',
    );
  }
  const again = copyWithId(session, sourceId, folderId, 'probe copy.txt', copyId);
  if (again.kind === 'exists') {
    return line(
      'ids',
      PROBE_TITLES.ids,
      'ok',
      'A copy sent twice was made once: when Google Drive does not answer, the add-on can send a copy again without making a second one.',
    );
  }
  return line(
    'ids',
    PROBE_TITLES.ids,
    'failed',
    `The same copy sent a second time was answered with code ${again.status || 'none'}, not 409 ("already exists"). The add-on could make duplicate copies on this account.`,
    'Do not run exports on this account; report this line to whoever maintains the add-on.',
  );
}

function listingLine(session: RestSession, folderId: string, copyId: string): SetupCheckLine {
  const began = Date.now();
  for (let i = 0; ; i++) {
    const listed = listedFileIds(session, folderId);
    if (listed?.includes(copyId)) {
      const took = Date.now() - began;
      return i === 0
        ? line('listing', PROBE_TITLES.listing, 'ok', 'A new copy shows in its folder at once.')
        : line(
            'listing',
            PROBE_TITLES.listing,
            'warning',
            `A new copy took ${seconds(took)} to show in its folder. The add-on still copes: it checks each copy by its id, not by listing the folder.`,
            'Nothing to do. Counts of files in a folder may be low for a few seconds after an export.',
          );
    }
    if (i >= LISTING_WAITS_MS.length) break;
    Utilities.sleep(LISTING_WAITS_MS[i]);
  }
  return line(
    'listing',
    PROBE_TITLES.listing,
    'warning',
    `A new copy did not show in its folder within ${seconds(Date.now() - began)}. The add-on still copes: it checks each copy by its id, not by listing the folder.`,
    'Nothing to do. Counts of files in a folder may be low for a while after an export.',
  );
}

function cleanupLine(session: RestSession): SetupCheckLine {
  try {
    trashProbeFolder(session);
    return line(
      'cleanup',
      PROBE_TITLES.cleanup,
      'ok',
      'The test folder and its files are in the trash.',
    );
  } catch {
    return line(
      'cleanup',
      PROBE_TITLES.cleanup,
      'warning',
      'The test folder could not be put in the trash because Google Drive did not answer.',
      'Run Check setup again later: it removes the test folder first.',
    );
  }
}

function triggerLine(): SetupCheckLine {
  const title = 'Background work (triggers)';
  const inUse = ScriptApp.getProjectTriggers().length;
  const use = `Triggers in use: ${inUse} of the ${TRIGGERS_PER_USER} Google allows you in this spreadsheet`;
  if (inUse >= TRIGGERS_PER_USER) {
    return line(
      'triggers',
      title,
      'failed',
      `${use}, so exports cannot go on by themselves when the sidebar is closed.`,
      'Open Extensions › Apps Script › Triggers and delete the triggers you no longer need.',
    );
  }
  try {
    ScriptApp.newTrigger(PROBE_TRIGGER_HANDLER)
      .timeBased()
      .after(10 * 60 * 1000)
      .create();
    deleteProbeTriggers();
  } catch {
    deleteProbeTriggers();
    return line(
      'triggers',
      title,
      'failed',
      `Google did not let the add-on create a trigger. ${use}.`,
      'Reload the spreadsheet and allow the add-on’s permissions, then run Check setup again.',
    );
  }
  const crowded = inUse >= TRIGGERS_PER_USER - 3;
  return line(
    'triggers',
    title,
    crowded ? 'warning' : 'ok',
    `The add-on can set up background work, so exports go on when the sidebar is closed. ${use}.`,
    crowded
      ? 'An export needs up to 2 triggers. Delete the ones you no longer need in Extensions › Apps Script › Triggers.'
      : null,
  );
}

function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

function propertiesLine(): SetupCheckLine {
  const all = PropertiesService.getScriptProperties().getProperties();
  const used = Object.entries(all).reduce((n, [k, v]) => n + utf8Length(k) + utf8Length(v), 0);
  const share = used / PROPERTY_STORE_BYTES;
  const percent = share < 0.01 ? 'under 1 %' : `${Math.round(share * 100)} %`;
  const found = `The add-on's saved settings and progress use ${kb(used)} of the ${kb(PROPERTY_STORE_BYTES)} Google allows (${percent}).`;
  if (share < 0.8) return line('properties', 'Saved settings', 'ok', found);
  return line(
    'properties',
    'Saved settings',
    share < 0.95 ? 'warning' : 'failed',
    found,
    'Finish or clean up old exports (Resume failed exports › clean up) to free room.',
  );
}

function quotaLine(): SetupCheckLine {
  const tier = accountTier() ?? 'consumer';
  const spent = spentToday();
  const fetchLimit = DAILY_LIMITS.urlFetch[tier];
  const runtimeLimit = DAILY_LIMITS.triggerRuntime[tier];
  const filesByFetch = Math.floor(fetchLimit / PER_FILE_COST.urlFetchPerFileStaged);
  const filesByRuntime = Math.floor(runtimeLimit / 1000 / PER_FILE_COST.runtimeSecondsPerFile);
  const found =
    `Used today, as the add-on counts it: ${count(spent.urlFetch)} of ${count(fetchLimit)} Drive requests, ` +
    `${Math.round(spent.triggerRuntime / 60000)} of ${Math.round(runtimeLimit / 60000)} minutes of background work. ` +
    `Google's daily limits let you export about ${count(filesByFetch)} files a day with the sidebar open, about ${count(filesByRuntime)} with it closed.`;
  const high = spent.urlFetch >= 0.8 * fetchLimit || spent.triggerRuntime >= 0.8 * runtimeLimit;
  return line(
    'quota',
    "Today's Google limits",
    high ? 'warning' : 'ok',
    found,
    high
      ? 'Large exports may pause until the limits reset, 24 hours after the day’s first use.'
      : null,
  );
}

function seconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

function kb(bytes: number): string {
  return `${count(Math.ceil(bytes / 1024))} KB`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
