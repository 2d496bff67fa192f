import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const code = fs.readFileSync(path.join(root, 'dist/Code.js'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'appsscript.json'), 'utf8'));

/** Which scope each service the bundle calls needs (Apps Script's authorization scopes). */
const SCOPE_OF: Array<{ uses: RegExp; scope: string }> = [
  { uses: /\bSpreadsheetApp\./, scope: 'https://www.googleapis.com/auth/spreadsheets' },
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
];

describe('appsscript.json asks for exactly the scopes the code calls', () => {
  test('every scope is used, and every service used has its scope', () => {
    const needed = SCOPE_OF.filter((s) => s.uses.test(code)).map((s) => s.scope);
    expect([...manifest.oauthScopes].sort()).toEqual([...new Set(needed)].sort());
  });

  test('the bundle calls no service outside the known list', () => {
    const known = [
      'SpreadsheetApp',
      'DriveApp',
      'ScriptApp',
      'HtmlService',
      'UrlFetchApp',
      'Session',
    ];
    const quiet = ['PropertiesService', 'CacheService', 'LockService', 'Utilities', 'Logger'];
    const services = [...code.matchAll(/\b([A-Z][A-Za-z]+(?:App|Service))\./g)].map((m) => m[1]);
    for (const service of new Set(services)) expect([...known, ...quiet]).toContain(service);
    expect(code).not.toMatch(/\b(GmailApp|MailApp|CalendarApp|DocumentApp|FormApp)\b/);
  });
});
