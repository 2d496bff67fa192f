import { parseA1, columnLetters } from './a1';
import { SpreadsheetStore } from './store';
import { sheetsFixture } from './testing';

describe('SpreadsheetStore JSON', () => {
  test('round trip keeps sheets, values (Dates as Dates), notes, protections and the active id', () => {
    const f = sheetsFixture();
    const when = new Date(Date.UTC(2026, 2, 3, 4, 5, 6));
    f.store.setValues(f.id, 'Sheet1', [
      ['Task', when, 3, false],
      ['', 'x', null, undefined],
    ]);
    f.store.addSheet(f.id, 'Log', 10, 4);
    f.ok(() => {
      const s = f.app.getActiveSheet();
      s.getRange('A1').setNote('n');
      s.protect().setDescription('p').addEditor('lead@example.com');
      s.setFrozenRows(1);
    });
    const copy = SpreadsheetStore.fromJSON(f.ctx, f.drive, JSON.parse(JSON.stringify(f.store)));
    expect(copy.activeId).toBe(f.id);
    expect(copy.values(f.id, 'Sheet1')).toEqual(f.store.values(f.id, 'Sheet1'));
    expect(copy.values(f.id, 'Sheet1')[0][1]).toBeInstanceOf(Date);
    expect((copy.values(f.id, 'Sheet1')[0][1] as Date).getTime()).toBe(when.getTime());
    expect(copy.get(f.id)).toEqual(f.store.get(f.id));
    expect(copy.sheet(f.id, 'Log').maxRows).toBe(10);
  });

  test('fromJSON refuses something that is not a saved store', () => {
    const f = sheetsFixture();
    expect(() => SpreadsheetStore.fromJSON(f.ctx, f.drive, { nope: true })).toThrow();
  });

  test('the seeding helper grows the sheet to fit', () => {
    const f = sheetsFixture();
    f.store.setValues(f.id, 'Sheet1', [[1, 2, 3]], 1200, 26);
    const s = f.store.sheet(f.id, 'Sheet1');
    expect([s.maxRows, s.maxColumns]).toEqual([1200, 28]);
  });
});

describe('A1 notation', () => {
  test('columns letter themselves past Z', () => {
    expect([1, 26, 27, 52, 703].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });

  test('parses cells, blocks, whole rows and columns, open ends and quoted sheet names', () => {
    expect(parseA1('B3')).toEqual({ row: 3, column: 2, lastRow: 3, lastColumn: 2 });
    expect(parseA1('c10:a1')).toEqual({ row: 1, column: 1, lastRow: 10, lastColumn: 3 });
    expect(parseA1('A:C')).toEqual({ row: 1, column: 1, lastRow: undefined, lastColumn: 3 });
    expect(parseA1('2:4')).toEqual({ row: 2, column: 1, lastRow: 4, lastColumn: undefined });
    expect(parseA1('A2:B')).toEqual({ row: 2, column: 1, lastRow: undefined, lastColumn: 2 });
    expect(parseA1("'It''s'!$A$1")).toMatchObject({ sheetName: "It's", row: 1, column: 1 });
  });

  test('refuses what is not a range', () => {
    for (const bad of ['', 'A', 'A0', '1A', 'A1:B2:C3', 'A2:5', 'ABCD1']) {
      expect(parseA1(bad)).toBeNull();
    }
  });
});
