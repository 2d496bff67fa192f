import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const code = fs.readFileSync(path.join(root, 'dist/Code.js'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'appsscript.json'), 'utf8'));

/** Which scope each service the bundle calls needs (Apps Script's authorization scopes). */
const SCOPE_OF: Array<{ uses: RegExp; scope: string }> = [
  // Other spreadsheets than the bound one (the export sheets) need the full scope, else the
  // bound one alone would do.
  {
    uses: /\bSpreadsheetApp\.(openById|openByUrl|create)\b/,
    scope: 'https://www.googleapis.com/auth/spreadsheets',
  },
  {
    uses: /\bSpreadsheetApp\.(?!openById|openByUrl|create)/,
    scope: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
  },
  { uses: /\bDriveApp\./, scope: 'https://www.googleapis.com/auth/drive' },
  {
    uses: /\bScriptApp\.(newTrigger|getOAuthToken|getProjectTriggers|deleteTrigger)\b/,
    scope: 'https://www.googleapis.com/auth/script.scriptapp',
  },
  {
    uses: /\.getUi\(\)|\bHtmlService\./,
    scope: 'https://www.googleapis.com/auth/script.container.ui',
  },
  { uses: /\bUrlFetchApp\./, scope: 'https://www.googleapis.com/auth/script.external_request' },
  {
    uses: /\bSession\.get(Active|Effective)User\(\)/,
    scope: 'https://www.googleapis.com/auth/userinfo.email',
  },
  { uses: /\bMailApp\./, scope: 'https://www.googleapis.com/auth/script.send_mail' },
];

describe('appsscript.json asks for exactly the scopes the code calls', () => {
  test('every scope is used, and every service used has its scope', () => {
    const needed = new Set(SCOPE_OF.filter((s) => s.uses.test(code)).map((s) => s.scope));
    // The full scope covers the bound spreadsheet too.
    if (needed.has('https://www.googleapis.com/auth/spreadsheets')) {
      needed.delete('https://www.googleapis.com/auth/spreadsheets.currentonly');
    }
    expect([...manifest.oauthScopes].sort()).toEqual([...needed].sort());
  });

  test('URL Fetch goes to Drive’s API only, with the token of the drive scope; no advanced service', () => {
    const hosts = new Set([...code.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)].map((m) => m[1]));
    // drive.google.com and docs.google.com are the links people paste and the folder links shown.
    expect([...hosts].sort()).toEqual(['drive.google.com', 'www.googleapis.com']);
    // Scope names (googleapis.com/auth/...) are identifiers, not addresses fetched.
    const apis = [...code.matchAll(/https:\/\/www\.googleapis\.com(\/[a-z0-9/]*)/gi)]
      .map((m) => m[1])
      .filter((api) => !api.startsWith('/auth/'));
    // Drive's own calls, and Drive's batch endpoint that carries them.
    expect(new Set(apis)).toEqual(new Set(['/drive/v3', '/batch/drive/v3']));
    expect(manifest.oauthScopes).toContain('https://www.googleapis.com/auth/drive');
    expect(manifest.dependencies?.enabledAdvancedServices ?? []).toEqual([]);
    expect(code).not.toMatch(/\b(Drive|Sheets)\.(Files|Spreadsheets|Permissions)\./);
  });

  test('the bundle calls no service outside the known list', () => {
    const known = [
      'SpreadsheetApp',
      'DriveApp',
      'ScriptApp',
      'HtmlService',
      'UrlFetchApp',
      'Session',
      'MailApp',
    ];
    const quiet = ['PropertiesService', 'CacheService', 'LockService', 'Utilities', 'Logger'];
    const services = [...code.matchAll(/\b([A-Z][A-Za-z]+(?:App|Service))\./g)].map((m) => m[1]);
    for (const service of new Set(services)) expect([...known, ...quiet]).toContain(service);
    // MailApp only sends; GmailApp could read the person's mail, and is never needed.
    expect(code).not.toMatch(/\b(GmailApp|CalendarApp|DocumentApp|FormApp)\b/);
  });
});
