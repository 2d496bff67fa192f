import { SheetsFixture, sheetsFixture } from './testing';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

function withSheet<T>(f: SheetsFixture, body: (s: Sheet) => T): T {
  return f.ok(() => body(f.app.getActiveSpreadsheet().getSheetByName('Sheet1')!));
}

function seed(f: SheetsFixture, rows: unknown[][]): void {
  f.store.setValues(f.id, 'Sheet1', rows);
}

describe('size and data region', () => {
  test('a new sheet is 1000 x 26; an empty one has last row/column 0 and a 1x1 data range', () => {
    const f = sheetsFixture();
    const got = withSheet(f, (s) => {
      const data = s.getDataRange();
      return [
        s.getMaxRows(),
        s.getMaxColumns(),
        s.getLastRow(),
        s.getLastColumn(),
        data.getA1Notation(),
        data.getValues(),
      ];
    });
    expect(got).toEqual([1000, 26, 0, 0, 'A1', [['']]]);
  });

  test('last row/column are those of the furthest content; the data range spans A1 to them', () => {
    const f = sheetsFixture();
    f.store.setValues(f.id, 'Sheet1', [['x']], 7, 2);
    f.store.setValues(f.id, 'Sheet1', [['y']], 3, 5);
    const got = withSheet(f, (s) => [
      s.getLastRow(),
      s.getLastColumn(),
      s.getDataRange().getA1Notation(),
    ]);
    expect(got).toEqual([7, 5, 'A1:E7']);
  });

  test('a cell emptied again no longer counts as content', () => {
    const f = sheetsFixture();
    seed(f, [['a'], ['b']]);
    const last = withSheet(f, (s) => {
      s.getRange('A2').setValue('');
      return s.getLastRow();
    });
    expect(last).toBe(1);
  });
});

describe('inserting and deleting rows and columns', () => {
  test('inserted rows push content down and grow the sheet', () => {
    const f = sheetsFixture();
    seed(f, [['h'], ['r1'], ['r2']]);
    const max = withSheet(f, (s) => {
      s.insertRowAfter(1);
      s.insertRowsBefore(1, 2);
      return s.getMaxRows();
    });
    expect(max).toBe(1003);
    expect(f.store.values(f.id, 'Sheet1')).toEqual([[''], [''], ['h'], [''], ['r1'], ['r2']]);
  });

  test('insertRows(index, n) inserts before index; insert positions past the sheet are refused', () => {
    const f = sheetsFixture();
    seed(f, [['a'], ['b']]);
    withSheet(f, (s) => s.insertRows(2, 1));
    expect(f.store.values(f.id, 'Sheet1')).toEqual([['a'], [''], ['b']]);
    expect(f.run(() => f.app.getActiveSheet().insertRowBefore(1002)).error).toMatch(
      /out of bounds/,
    );
    expect(withSheet(f, (s) => s.insertRowAfter(1001).getMaxRows())).toBe(1002);
  });

  test('inserted columns push content right', () => {
    const f = sheetsFixture();
    seed(f, [['a', 'b', 'c']]);
    const max = withSheet(f, (s) => {
      s.insertColumnBefore(2);
      s.insertColumnsAfter(4, 2);
      return s.getMaxColumns();
    });
    expect(max).toBe(29);
    expect(f.store.values(f.id, 'Sheet1')).toEqual([['a', '', 'b', 'c']]);
    withSheet(f, (s) => s.insertColumnAfter(1));
    expect(f.store.values(f.id, 'Sheet1')).toEqual([['a', '', '', 'b', 'c']]);
  });

  test('deleted rows and columns pull content up and left and shrink the sheet', () => {
    const f = sheetsFixture();
    seed(f, [
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
      ['g', 'h', 'i'],
    ]);
    const size = withSheet(f, (s) => {
      s.deleteRow(1);
      s.deleteColumns(1, 2);
      return [s.getMaxRows(), s.getMaxColumns()];
    });
    expect(size).toEqual([999, 24]);
    expect(f.store.values(f.id, 'Sheet1')).toEqual([['f'], ['i']]);
  });

  test('deleting past the sheet, or every row, is refused', () => {
    const f = sheetsFixture();
    expect(f.run(() => f.app.getActiveSheet().deleteRows(999, 5)).error).toBe(
      'Those rows are out of bounds.',
    );
    expect(f.run(() => f.app.getActiveSheet().deleteRows(1, 1000)).error).toMatch(
      /not possible to delete all non-frozen rows/,
    );
    expect(f.run(() => f.app.getActiveSheet().deleteColumns(1, 26)).ok).toBe(false);
  });

  test('notes move with their cells', () => {
    const f = sheetsFixture();
    const note = withSheet(f, (s) => {
      s.getRange('A1').setNote('first');
      s.insertRowBefore(1);
      return [s.getRange('A1').getNote(), s.getRange('A2').getNote()];
    });
    expect(note).toEqual(['', 'first']);
  });
});

describe('appendRow', () => {
  test('writes below the last row with content', () => {
    const f = sheetsFixture();
    seed(f, [['h1', 'h2']]);
    f.store.setValues(f.id, 'Sheet1', [['note']], 3, 4);
    withSheet(f, (s) => s.appendRow(['x', 1]));
    expect(f.store.values(f.id, 'Sheet1')[3]).toEqual(['x', 1, '', '']);
  });

  test('grows a full sheet by a row, and by columns for a longer row', () => {
    const f = sheetsFixture();
    const ss = f.ok(() => f.app.create('Small', 2, 2));
    const size = f.ok(() => {
      const s = ss.getSheets()[0];
      s.appendRow([1]);
      s.appendRow([2]);
      s.appendRow([3, 4, 5]);
      return [s.getMaxRows(), s.getMaxColumns(), s.getDataRange().getValues()];
    });
    expect(size).toEqual([
      3,
      3,
      [
        [1, '', ''],
        [2, '', ''],
        [3, 4, 5],
      ],
    ]);
  });
});

describe('sort', () => {
  test('sorts rows below the frozen header by one column, rows moving whole', () => {
    const f = sheetsFixture();
    seed(f, [
      ['Task', 'Score'],
      ['b', 2],
      ['c', ''],
      ['a', 3],
      ['d', 1],
    ]);
    withSheet(f, (s) => {
      s.setFrozenRows(1);
      s.getRange('A3').setNote('note of c');
      s.sort(2);
    });
    expect(f.store.values(f.id, 'Sheet1')).toEqual([
      ['Task', 'Score'],
      ['d', 1],
      ['b', 2],
      ['a', 3],
      ['c', ''],
    ]);
    expect(withSheet(f, (s) => s.getRange('A5').getNote())).toBe('note of c');
  });

  test('descending keeps blanks last and orders numbers before text, text ignoring case', () => {
    const f = sheetsFixture();
    seed(f, [['b'], [''], [10], ['A'], [true], [2]]);
    f.store.setValues(f.id, 'Sheet1', [['keep']], 2, 2);
    withSheet(f, (s) => s.sort(1, false));
    const col = f.store.values(f.id, 'Sheet1').map((r) => r[0]);
    expect(col).toEqual([true, 'b', 'A', 10, 2, '']);
    expect(f.store.values(f.id, 'Sheet1')[5][1]).toBe('keep');
  });
});

describe('clear, hide, freeze, rename', () => {
  test('clear and clearContents empty the values', () => {
    const f = sheetsFixture();
    seed(f, [[1, 2]]);
    expect(withSheet(f, (s) => s.clearContents().getLastRow())).toBe(0);
    seed(f, [[1, 2]]);
    expect(withSheet(f, (s) => s.clear().getLastColumn())).toBe(0);
  });

  test('the only visible sheet cannot be hidden; another one can', () => {
    const f = sheetsFixture();
    expect(f.run(() => f.app.getActiveSheet().hideSheet()).error).toMatch(/hide all the sheets/);
    const hidden = f.ok(() => {
      const ss = f.app.getActiveSpreadsheet();
      const s = ss.insertSheet('Export');
      s.hideSheet();
      return s.isSheetHidden();
    });
    expect(hidden).toBe(true);
  });

  test('setName refuses a name another sheet has', () => {
    const f = sheetsFixture();
    f.store.addSheet(f.id, 'Log');
    expect(f.run(() => f.app.getActiveSheet().setName('log')).error).toMatch(/already exists/);
    expect(withSheet(f, (s) => s.setName('Tasks').getName())).toBe('Tasks');
  });
});

describe('protection', () => {
  test('a new protection mirrors the file: editors of the file may still write', () => {
    const f = sheetsFixture();
    f.drive.share(f.id, 'editor@example.com', 'editor');
    withSheet(f, (s) => s.protect().setDescription('Managed by the export'));
    const result = f.run(
      () => f.app.getActiveSheet().getRange('A1').setValue('ok'),
      'editor@example.com',
    );
    expect(result.ok).toBe(true);
  });

  test('once editors are set, others are refused; the owner and listed editors may write', () => {
    const f = sheetsFixture();
    f.drive.share(f.id, 'editor@example.com', 'editor');
    f.drive.share(f.id, 'lead@example.com', 'editor');
    const editors = withSheet(f, (s) => {
      const p = s.protect().setDescription('Export log');
      p.removeEditors(p.getEditors());
      p.addEditor('lead@example.com');
      return p.getEditors().map((u) => u.getEmail());
    });
    expect(editors).toEqual(['ops@example.com', 'lead@example.com']);
    const refused = f.run(
      () => f.app.getActiveSheet().getRange('A1').setValue('x'),
      'editor@example.com',
    );
    expect(refused.error).toMatch(/protected cell or object/);
    expect(f.run(() => f.app.getActiveSheet().appendRow([1]), 'lead@example.com').ok).toBe(true);
    expect(f.run(() => f.app.getActiveSheet().appendRow([2])).ok).toBe(true);
  });

  test('the owner cannot be removed; a warning-only protection lets editors write', () => {
    const f = sheetsFixture();
    f.drive.share(f.id, 'editor@example.com', 'editor');
    withSheet(f, (s) => {
      const p = s.protect();
      p.removeEditor('ops@example.com');
      p.removeEditors(['editor@example.com']);
      p.setWarningOnly(true);
    });
    const got = withSheet(f, (s) => {
      const p = s.getProtections(f.app.ProtectionType.SHEET)[0];
      return [
        p.getEditors().map((u) => u.getEmail()),
        p.isWarningOnly(),
        s.protect().getDescription(),
      ];
    });
    expect(got).toEqual([['ops@example.com'], true, '']);
    expect(
      f.run(() => f.app.getActiveSheet().getRange('A1').setValue(1), 'editor@example.com').ok,
    ).toBe(true);
  });

  test('someone not on the editors cannot change or remove the protection', () => {
    const f = sheetsFixture();
    f.drive.share(f.id, 'editor@example.com', 'editor');
    withSheet(f, (s) => s.protect().removeEditors(['editor@example.com']));
    const result = f.run(
      () => f.app.getActiveSheet().getProtections(f.app.ProtectionType.SHEET)[0].remove(),
      'editor@example.com',
    );
    expect(result.ok).toBe(false);
    expect(withSheet(f, (s) => s.getProtections(f.app.ProtectionType.SHEET).length)).toBe(1);
  });
});
