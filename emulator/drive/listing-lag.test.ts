import { Workspace } from '../workspace';
import { FOLDER_MIME } from './store';

const OPS = 'ops@example.com';
const LAG = 30_000;
const API = 'https://www.googleapis.com/drive/v3/';

function setup(listingLagMs = LAG) {
  const ws = new Workspace({ listingLagMs });
  const g = ws.globals() as {
    DriveApp: GoogleAppsScript.Drive.DriveApp;
    UrlFetchApp: GoogleAppsScript.URL_Fetch.UrlFetchApp;
  };
  const root = ws.drive.rootId(OPS);
  // Made before the test's clock starts: long listed.
  const a = ws.drive.createFolder({ name: 'A', parentId: root, owner: OPS });
  const b = ws.drive.createFolder({ name: 'B', parentId: root, owner: OPS });
  ws.advance(LAG);
  const names = (
    it: GoogleAppsScript.Drive.FileIterator | GoogleAppsScript.Drive.FolderIterator,
  ) => {
    const out: string[] = [];
    while (it.hasNext()) out.push(it.next().getName());
    return out;
  };
  const driveApp = (folderId: string) =>
    ws.execute(() => names(g.DriveApp.getFolderById(folderId).getFiles())).value;
  const rest = (q: string) =>
    ws.execute(() => {
      const res = g.UrlFetchApp.fetch(`${API}files?q=${encodeURIComponent(q)}`, {
        headers: { Authorization: `Bearer emulated-token:${OPS}` },
      });
      return (JSON.parse(res.getContentText()) as { files: Array<{ name: string }> }).files.map(
        (f) => f.name,
      );
    }).value;
  const byName = (name: string) => ws.execute(() => names(g.DriveApp.getFilesByName(name))).value;
  const newFile = (name: string, parentId: string) =>
    ws.drive.createFile({ name, mimeType: 'model/obj', parentId, owner: OPS });
  return { ws, g, a, b, driveApp, rest, byName, newFile };
}

describe('listingLagMs', () => {
  test('a new file shows in listings by parent only after the lag; by id at once', () => {
    const s = setup();
    const f = s.newFile('scan.obj', s.a.id);
    expect(s.driveApp(s.a.id)).toEqual([]);
    expect(s.rest(`'${s.a.id}' in parents and trashed = false`)).toEqual([]);
    expect(s.ws.execute(() => s.g.DriveApp.getFileById(f.id).getName()).value).toBe('scan.obj');
    const get = s.ws.execute(() =>
      s.g.UrlFetchApp.fetch(`${API}files/${f.id}`, {
        headers: { Authorization: `Bearer emulated-token:${OPS}` },
      }).getResponseCode(),
    );
    expect(get.value).toBe(200);
    s.ws.advance(LAG);
    expect(s.driveApp(s.a.id)).toEqual(['scan.obj']);
    expect(s.rest(`'${s.a.id}' in parents and trashed = false`)).toEqual(['scan.obj']);
  });

  test('a moved file stays listed under its old parent, and not its new one, for the lag', () => {
    const s = setup();
    const f = s.newFile('scan.obj', s.a.id);
    s.ws.advance(LAG);
    s.ws.drive.move(f.id, s.b.id);
    expect(s.driveApp(s.a.id)).toEqual(['scan.obj']);
    expect(s.driveApp(s.b.id)).toEqual([]);
    expect(s.rest(`'${s.b.id}' in parents`)).toEqual([]);
    s.ws.advance(LAG);
    expect(s.driveApp(s.a.id)).toEqual([]);
    expect(s.driveApp(s.b.id)).toEqual(['scan.obj']);
  });

  test('a trashed file leaves listings and name searches only after the lag', () => {
    const s = setup();
    const f = s.newFile('scan.obj', s.a.id);
    s.ws.advance(LAG);
    expect(s.byName('scan.obj')).toEqual(['scan.obj']);
    s.ws.drive.trash(f.id);
    expect(s.driveApp(s.a.id)).toEqual(['scan.obj']);
    expect(s.rest(`'${s.a.id}' in parents and trashed = false`)).toEqual(['scan.obj']);
    expect(s.byName('scan.obj')).toEqual(['scan.obj']);
    s.ws.advance(LAG);
    expect(s.driveApp(s.a.id)).toEqual([]);
    expect(s.rest(`'${s.a.id}' in parents and trashed = true`)).toEqual(['scan.obj']);
    expect(s.byName('scan.obj')).toEqual([]);
  });

  test('name searches wait for the longer of the two lags', () => {
    const s = setup(60_000);
    s.newFile('late.obj', s.a.id);
    s.ws.advance(30_000);
    expect(s.byName('late.obj')).toEqual([]);
    expect(s.rest(`name = 'late.obj'`)).toEqual([]);
    s.ws.advance(30_000);
    expect(s.byName('late.obj')).toEqual(['late.obj']);
  });

  test('off by default: listings by parent are consistent', () => {
    const s = setup(0);
    s.newFile('now.obj', s.a.id);
    expect(s.driveApp(s.a.id)).toEqual(['now.obj']);
    expect(s.ws.drive.children(s.a.id).map((i) => i.mimeType)).not.toContain(FOLDER_MIME);
  });

  test('the option is validated', () => {
    expect(() => new Workspace({ listingLagMs: -1 })).toThrow(/listingLagMs must be a number/);
    expect(() => new Workspace({ listingLagMs: 'x' as never })).toThrow(/listingLagMs/);
    expect(() => new Workspace({ listingLagMs: Infinity })).toThrow(/listingLagMs/);
  });
});
