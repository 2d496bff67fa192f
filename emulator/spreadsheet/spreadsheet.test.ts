import { SHEET_MIME } from './store';
import { OWNER, sheetsFixture } from './testing';

describe('SpreadsheetApp', () => {
  test('create makes a Drive file of the spreadsheet type in the user root, with one sheet', () => {
    const f = sheetsFixture();
    const got = f.ok(() => {
      const ss = f.app.create('Export_B1_Data');
      const sheets = ss.getSheets();
      return {
        id: ss.getId(),
        name: ss.getName(),
        sheets: sheets.map((s) => [s.getName(), s.getSheetId(), s.getMaxRows(), s.getMaxColumns()]),
      };
    });
    const file = f.drive.get(got.id)!;
    expect(file.mimeType).toBe(SHEET_MIME);
    expect(file.parentId).toBe(f.drive.rootId(OWNER));
    expect(file.owner).toBe(OWNER);
    expect(got.name).toBe('Export_B1_Data');
    expect(got.sheets).toEqual([['Sheet1', 0, 1000, 26]]);
  });

  test('create with a size; the spreadsheet name follows its Drive file', () => {
    const f = sheetsFixture();
    const ss = f.ok(() => f.app.create('Small', 5, 3));
    expect(f.ok(() => [ss.getSheets()[0].getMaxRows(), ss.getSheets()[0].getMaxColumns()])).toEqual(
      [5, 3],
    );
    f.drive.get(f.ok(() => ss.getId()))!.name = 'Renamed in Drive';
    expect(f.ok(() => ss.getName())).toBe('Renamed in Drive');
  });

  test('openById and openByUrl find the spreadsheet; an unknown id is refused', () => {
    const f = sheetsFixture();
    const byUrl = f.ok(() => {
      const url = f.app.openById(f.id).getUrl();
      return f.app.openByUrl(url).getId();
    });
    expect(byUrl).toBe(f.id);
    expect(f.run(() => f.app.openById('nope')).error).toMatch(/missing/);
    expect(f.run(() => f.app.openByUrl('https://example.com/x')).ok).toBe(false);
  });

  test('getActiveSpreadsheet is the bound one; null when the script is not bound', () => {
    const f = sheetsFixture();
    expect(f.ok(() => f.app.getActiveSpreadsheet().getId())).toBe(f.id);
    f.store.setActive(null);
    expect(f.ok(() => f.app.getActiveSpreadsheet())).toBeNull();
  });

  test('a user without access can neither open nor read it', () => {
    const f = sheetsFixture();
    const stranger = 'stranger@example.com';
    expect(f.run(() => f.app.openById(f.id), stranger).ok).toBe(false);
    const range = f.ok(() => f.app.openById(f.id).getSheets()[0].getRange('A1'));
    const read = f.run(() => range.getValues(), stranger);
    expect(read.ok).toBe(false);
    expect(read.error).toMatch(/don't have read access/);
  });

  test('a viewer can read but not write', () => {
    const f = sheetsFixture();
    const viewer = 'viewer@example.com';
    f.drive.share(f.id, viewer, 'viewer');
    f.store.setValues(f.id, 'Sheet1', [['x']]);
    const sheet = () => f.app.openById(f.id).getSheets()[0];
    expect(f.run(() => sheet().getRange('A1').getValue(), viewer).value).toBe('x');
    const write = f.run(() => sheet().getRange('A1').setValue('y'), viewer);
    expect(write.error).toMatch(/permission/);
    expect(f.run(() => sheet().appendRow(['y']), viewer).ok).toBe(false);
    expect(f.run(() => f.app.openById(f.id).insertSheet('Mine'), viewer).ok).toBe(false);
    expect(f.store.values(f.id, 'Sheet1')).toEqual([['x']]);
  });

  test('a trashed spreadsheet still opens by id', () => {
    const f = sheetsFixture();
    f.drive.get(f.id)!.trashed = true;
    expect(f.ok(() => f.app.openById(f.id).getName())).toBe('Tracker');
  });

  test('every call is gated: an injected fault surfaces as an exception without effect', () => {
    const f = sheetsFixture();
    const range = f.ok(() => f.app.getActiveSheet().getRange('A1'));
    f.ctx.runtime.faults.add({
      kind: 'error',
      nth: 1,
      match: (c) => c.method === 'Range.setValues',
    });
    expect(f.run(() => range.setValues([[1]])).ok).toBe(false);
    expect(f.store.values(f.id, 'Sheet1')).toEqual([]);
    const before = f.ctx.runtime.callCount;
    f.ok(() => f.app.flush());
    expect(f.ctx.runtime.callCount - before).toBe(1);
  });
});

describe('Spreadsheet sheets', () => {
  test('insertSheet places the new sheet after the active one and activates it', () => {
    const f = sheetsFixture();
    const names = f.ok(() => {
      const ss = f.app.getActiveSpreadsheet();
      ss.insertSheet('Log');
      ss.setActiveSheet(ss.getSheetByName('Sheet1')!);
      ss.insertSheet('Export', 0);
      const unnamed = ss.insertSheet();
      return [
        ss.getSheets().map((s) => s.getName()),
        ss.getActiveSheet().getName(),
        unnamed.getIndex(),
      ];
    });
    expect(names).toEqual([['Export', 'Sheet4', 'Sheet1', 'Log'], 'Sheet4', 2]);
  });

  test('insertSheet refuses a name already used, whatever its case', () => {
    const f = sheetsFixture();
    const result = f.run(() => f.app.getActiveSpreadsheet().insertSheet('sheet1'));
    expect(result.error).toBe(
      'A sheet with the name "sheet1" already exists. Please enter another name.',
    );
  });

  test('getSheetByName answers null for an unknown name; sheets have distinct ids', () => {
    const f = sheetsFixture();
    const got = f.ok(() => {
      const ss = f.app.getActiveSpreadsheet();
      const a = ss.insertSheet('A');
      const b = ss.insertSheet('B');
      return [ss.getSheetByName('C'), a.getSheetId() !== b.getSheetId(), a.getSheetId() > 0];
    });
    expect(got).toEqual([null, true, true]);
  });

  test('insertSheet with a template copies its content', () => {
    const f = sheetsFixture();
    f.store.setValues(f.id, 'Sheet1', [['h1', 'h2']]);
    f.ok(() => {
      const ss = f.app.getActiveSpreadsheet();
      ss.insertSheet('Copy', { template: ss.getSheets()[0] });
    });
    expect(f.store.values(f.id, 'Copy')).toEqual([['h1', 'h2']]);
  });

  test('deleteSheet removes a sheet, but never the last one; a deleted sheet is gone', () => {
    const f = sheetsFixture();
    const result = f.run(() => {
      const ss = f.app.getActiveSpreadsheet();
      const extra = ss.insertSheet('Extra');
      ss.deleteSheet(extra);
      return ss.getSheets().length;
    });
    expect(result.value).toBe(1);
    expect(
      f.run(() => f.app.getActiveSpreadsheet().deleteSheet(f.app.getActiveSheet())).error,
    ).toMatch(/remove all the sheets/);
    const stale = f.ok(() => f.app.getActiveSpreadsheet().insertSheet('Tmp'));
    f.ok(() => f.app.getActiveSpreadsheet().deleteSheet(stale));
    expect(f.run(() => stale.getName()).ok).toBe(false);
  });

  test('Spreadsheet.getRange reads A1 notation with or without a sheet name', () => {
    const f = sheetsFixture();
    f.store.addSheet(f.id, 'Tasks');
    f.store.setValues(f.id, 'Tasks', [['T-1']]);
    f.store.setValues(f.id, 'Sheet1', [['S']]);
    const got = f.ok(() => {
      const ss = f.app.getActiveSpreadsheet();
      return [ss.getRange('Tasks!A1').getValue(), ss.getRange('A1').getValue()];
    });
    expect(got).toEqual(['T-1', 'S']);
  });

  test('toast is recorded with Google defaults', () => {
    const f = sheetsFixture();
    f.ok(() => {
      const ss = f.app.getActiveSpreadsheet();
      ss.toast('Staged 3 tasks');
      ss.toast('Done', 'Export', -1);
    });
    expect(f.ui.toasts).toEqual([
      { message: 'Staged 3 tasks', title: '', timeoutSeconds: 5 },
      { message: 'Done', title: 'Export', timeoutSeconds: -1 },
    ]);
  });

  test('the spreadsheet cell limit refuses growth past 10 million cells', () => {
    const f = sheetsFixture();
    const result = f.run(() => f.app.getActiveSheet().insertRowsAfter(1000, 400_000));
    expect(result.error).toMatch(/above the limit of 10000000 cells/);
    expect(f.ok(() => f.app.getActiveSheet().getMaxRows())).toBe(1000);
  });
});

describe('the 10-million-cell limit (Google Drive Help: "Up to 10 million cells")', () => {
  const LIMIT_TEXT =
    'This action would increase the number of cells in the workbook above the limit of 10000000 cells.';

  test('create takes a spreadsheet of exactly 10 million cells and refuses one more row', () => {
    const f = sheetsFixture();
    const size = f.ok(() => {
      const sheet = f.app.create('Full', 1_000_000, 10).getSheets()[0];
      return sheet.getMaxRows() * sheet.getMaxColumns();
    });
    expect(size).toBe(10_000_000);
    const refused = f.run(() => f.app.create('Too big', 1_000_001, 10));
    expect(refused.error).toBe(LIMIT_TEXT);
    expect(f.run(() => f.app.create('Too wide', 10, 1_000_001)).error).toBe(LIMIT_TEXT);
    expect([...f.drive.files.values()].map((file) => file.name)).toEqual(['Tracker', 'Full']);
  });

  test('rows, columns and sheets count across the whole spreadsheet', () => {
    const f = sheetsFixture();
    // The bound spreadsheet has one sheet of 1000 x 26: grow it to 9,999,000 cells.
    f.ok(() => f.app.getActiveSheet().insertColumnsAfter(26, 9_973));
    expect(f.ok(() => f.app.getActiveSheet().getMaxColumns())).toBe(9_999);
    // A new sheet is 1000 x 26 = 26,000 cells: 1,000 too many.
    const sheet = f.run(() => f.app.getActiveSpreadsheet().insertSheet('More'));
    expect(sheet.error).toBe(LIMIT_TEXT);
    expect(f.ok(() => f.app.getActiveSpreadsheet().getNumSheets())).toBe(1);
    // One more column is 1,000 cells: exactly the limit; the next one is refused.
    f.ok(() => f.app.getActiveSheet().insertColumnAfter(1));
    for (const grow of [
      () => f.app.getActiveSheet().insertColumnBefore(1),
      () => f.app.getActiveSheet().insertColumns(1),
      () => f.app.getActiveSheet().insertColumnsBefore(1, 1),
      () => f.app.getActiveSheet().insertRowAfter(1),
      () => f.app.getActiveSheet().insertRowBefore(1),
      () => f.app.getActiveSheet().insertRows(1),
      () => f.app.getActiveSheet().insertRowsBefore(1, 1),
      () => f.app.getActiveSheet().appendRow(new Array(10_001).fill('x')),
    ]) {
      expect(f.run(grow).error).toBe(LIMIT_TEXT);
    }
    expect(
      f.ok(() => [f.app.getActiveSheet().getMaxRows(), f.app.getActiveSheet().getMaxColumns()]),
    ).toEqual([1000, 10_000]);
  });
});

describe('the daily "Spreadsheets created" quota', () => {
  test("250 a day for a consumer account, then Google's exception; other calls still work", () => {
    const f = sheetsFixture();
    const made = f.run(() => {
      for (let i = 1; i <= 250; i++) f.app.create(`Export ${i}`, 1, 1);
      return 250;
    });
    expect(made.ok).toBe(true);
    const refused = f.run(() => f.app.create('Export 251', 1, 1));
    expect(refused.error).toBe('Service invoked too many times for one day: spreadsheets create.');
    expect(f.drive.files.size).toBe(251);
    expect(f.ctx.quotas.used(OWNER, 'spreadsheetsCreated')).toBe(250);
    expect(f.ok(() => f.app.getActiveSpreadsheet().getName())).toBe('Tracker');
    // The day ends 24 hours after the first creation.
    f.ctx.clock.advanceTo(f.ctx.quotas.resetsAt(OWNER, 'spreadsheetsCreated')!);
    expect(f.run(() => f.app.create('Next day', 1, 1)).ok).toBe(true);
  });

  test('3,200 a day for a Google Workspace account', () => {
    const f = sheetsFixture();
    f.ctx.quotas.tier = 'workspace';
    f.ctx.quotas.spend(OWNER, 'spreadsheetsCreated', 3_199);
    expect(f.run(() => f.app.create('Last one', 1, 1)).ok).toBe(true);
    expect(f.run(() => f.app.create('One more', 1, 1)).error).toMatch(/too many times for one day/);
  });

  test('a refused size is not counted', () => {
    const f = sheetsFixture();
    f.run(() => f.app.create('Too big', 10_000_001, 1));
    f.run(() => f.app.create('No cells', 0, 0));
    expect(f.ctx.quotas.used(OWNER, 'spreadsheetsCreated')).toBe(0);
  });
});
