import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workspace } from '../workspace';
import { DemoKind, seedDemo } from '.';

type Globals = {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  DriveApp: GoogleAppsScript.Drive.DriveApp;
};

describe('a seeded Workspace, seen through the gated services', () => {
  const ws = new Workspace({ seed: 21 });
  const start = ws.clock.now();
  const demo = seedDemo(ws);
  const g = ws.globals() as Globals;
  const task = (kind: DemoKind) => demo.tasks.find((t) => t.kind === kind)!;

  it('spends no simulated time and runs no execution while seeding', () => {
    expect(ws.clock.now()).toBe(start);
    expect(ws.runtime.executions).toHaveLength(0);
  });

  it('shows the bound script the Tasks sheet of the active spreadsheet', () => {
    const result = ws.execute(() => {
      const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tasks')!;
      return sheet.getDataRange().getValues();
    });
    expect(result.ok).toBe(true);
    expect(result.value).toHaveLength(25);
    expect(result.value![0]).toEqual(demo.headers);
    expect(result.value![1][16]).toBeInstanceOf(Date);
  });

  it('lets the owner open a valid task’s files by id', () => {
    const valid = task('valid');
    const result = ws.execute(() =>
      valid.fileIds.map((id) => g.DriveApp.getFileById(id).getName()),
    );
    expect(result.ok).toBe(true);
    expect(result.value![3]).toBe(`${valid.folderName}.obj`);
  });

  it.each(['deadLink', 'noAccessFile'] as DemoKind[])('%s: DriveApp cannot open it', (kind) => {
    const id = task(kind).badFileId!;
    const result = ws.execute(() => g.DriveApp.getFileById(id).getName());
    expect(result.ok).toBe(false);
  });

  it('trashedFile: DriveApp reports it trashed', () => {
    const id = task('trashedFile').badFileId!;
    const result = ws.execute(() => g.DriveApp.getFileById(id).isTrashed());
    expect(result.value).toBe(true);
  });

  it('lets the viewer open the spreadsheet', () => {
    const result = ws.execute(() => g.SpreadsheetApp.getActiveSpreadsheet().getName(), {
      user: demo.users.viewer,
    });
    expect(result.ok).toBe(true);
  });

  it('survives a save and reload, dates included', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'demo-')), 'ws.json');
    ws.save(file);
    const loaded = Workspace.load(file);
    fs.rmSync(path.dirname(file), { recursive: true });
    expect(loaded.sheets.activeId).toBe(demo.spreadsheetId);
    expect(loaded.sheets.values(demo.spreadsheetId, 'Tasks')).toEqual(
      ws.sheets.values(demo.spreadsheetId, 'Tasks'),
    );
    expect(loaded.drive.get(task('valid').fileIds[0])).toEqual(
      ws.drive.get(task('valid').fileIds[0]),
    );
  });
});
