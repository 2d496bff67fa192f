import { sheetsFixture } from './testing';

function sheet1(f: ReturnType<typeof sheetsFixture>) {
  return f.app.getActiveSpreadsheet().getSheetByName('Sheet1')!;
}

describe('Range values', () => {
  test('empty cells read back as empty strings, numbers, booleans and Dates as written', () => {
    const f = sheetsFixture();
    const when = new Date(Date.UTC(2026, 0, 15, 12, 30));
    const values = f.ok(() => {
      const range = sheet1(f).getRange(1, 1, 2, 3);
      range.setValues([
        ['Task', 42, true],
        [when, null, undefined],
      ]);
      return range.getValues();
    });
    expect(values).toEqual([
      ['Task', 42, true],
      [when, '', ''],
    ]);
    expect(values[1][0]).toBeInstanceOf(Date);
    expect(values[1][0]).not.toBe(when);
  });

  test('a Date read back is a copy: mutating it does not change the cell', () => {
    const f = sheetsFixture();
    const first = f.ok(() => {
      const cell = sheet1(f).getRange('B2');
      cell.setValue(new Date(Date.UTC(2026, 4, 1)));
      const read = cell.getValue() as Date;
      read.setUTCFullYear(1999);
      return cell.getValue() as Date;
    });
    expect(first.getUTCFullYear()).toBe(2026);
  });

  test('setValues refuses a block with the wrong number of rows and writes nothing', () => {
    const f = sheetsFixture();
    const result = f.run(() =>
      sheet1(f)
        .getRange(1, 1, 3, 2)
        .setValues([[1, 2]]),
    );
    expect(result.ok).toBe(false);
    expect(result.error).toBe(
      'The number of rows in the data does not match the number of rows in the range. ' +
        'The data has 1 but the range has 3.',
    );
    expect(f.store.values(f.id, 'Sheet1')).toEqual([]);
  });

  test('setValues refuses a block with the wrong number of columns', () => {
    const f = sheetsFixture();
    const result = f.run(() =>
      sheet1(f)
        .getRange(1, 1, 1, 2)
        .setValues([[1, 2, 3]]),
    );
    expect(result.error).toBe(
      'The number of columns in the data does not match the number of columns in the range. ' +
        'The data has 3 but the range has 2.',
    );
  });

  test('setValues refuses ragged rows before writing any of them', () => {
    const f = sheetsFixture();
    const result = f.run(() =>
      sheet1(f)
        .getRange(1, 1, 2, 2)
        .setValues([[1, 2], [3]]),
    );
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/number of columns.*The data has 1 but the range has 2/);
    expect(f.store.values(f.id, 'Sheet1')).toEqual([]);
  });

  test('setValues refuses a one-dimensional array', () => {
    const f = sheetsFixture();
    const result = f.run(() =>
      sheet1(f)
        .getRange(1, 1, 1, 2)
        .setValues([1, 2] as unknown as unknown[][]),
    );
    expect(result.error).toMatch(/don't match the method signature/);
  });

  test('setValue fills every cell of the range', () => {
    const f = sheetsFixture();
    f.ok(() => sheet1(f).getRange('A1:B2').setValue('x'));
    expect(f.store.values(f.id, 'Sheet1')).toEqual([
      ['x', 'x'],
      ['x', 'x'],
    ]);
  });

  test('a text longer than 50,000 characters is refused', () => {
    const f = sheetsFixture();
    const result = f.run(() => sheet1(f).getRange(1, 1).setValue('a'.repeat(50_001)));
    expect(result.error).toMatch(/maximum of 50000 characters/);
  });

  test('display values are text: TRUE/FALSE and dates in the spreadsheet time zone', () => {
    const f = sheetsFixture();
    const shown = f.ok(() => {
      const r = sheet1(f).getRange(1, 1, 1, 4);
      r.setValues([[3.5, false, new Date(Date.UTC(2026, 10, 24, 9, 5, 7)), '']]);
      return r.getDisplayValues();
    });
    expect(shown).toEqual([['3.5', 'FALSE', '11/24/2026 9:05:07', '']]);
  });
});

describe('Range coordinates', () => {
  test('a range starting at row or column 0 is refused', () => {
    const f = sheetsFixture();
    expect(f.run(() => sheet1(f).getRange(0, 1)).error).toBe(
      'The starting row of the range is too small.',
    );
    expect(f.run(() => sheet1(f).getRange(1, 0)).error).toBe(
      'The starting column of the range is too small.',
    );
    expect(f.run(() => sheet1(f).getRange(1, 1, 0, 1)).error).toMatch(/at least 1/);
  });

  test('a range past the sheet max rows or columns is refused; the max itself is fine', () => {
    const f = sheetsFixture();
    expect(f.run(() => sheet1(f).getRange(1000, 26).getA1Notation()).value).toBe('Z1000');
    expect(f.run(() => sheet1(f).getRange(1001, 1)).error).toBe(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(f.run(() => sheet1(f).getRange(1, 1, 1, 27)).ok).toBe(false);
    expect(
      f.run(() =>
        sheet1(f)
          .getRange(999, 1, 5, 1)
          .setValues([[1], [2], [3], [4], [5]]),
      ).ok,
    ).toBe(false);
  });

  test('NaN or fractional coordinates are refused', () => {
    const f = sheetsFixture();
    expect(f.run(() => sheet1(f).getRange(NaN, 1)).ok).toBe(false);
    expect(f.run(() => sheet1(f).getRange(1.5, 1)).ok).toBe(false);
  });

  test('A1 notation: cells, blocks, whole columns, sheet names; bad notation is not found', () => {
    const f = sheetsFixture();
    const got = f.ok(() => {
      const s = sheet1(f);
      const block = s.getRange('B2:C4');
      const col = s.getRange('C:C');
      return [
        block.getRow(),
        block.getColumn(),
        block.getNumRows(),
        block.getNumColumns(),
        col.getNumRows(),
        col.getColumn(),
        s.getRange("'Sheet1'!$A$1").getA1Notation(),
      ];
    });
    expect(got).toEqual([2, 2, 3, 2, 1000, 3, 'A1']);
    expect(f.run(() => sheet1(f).getRange('not a range')).error).toBe('Range not found');
    expect(f.run(() => sheet1(f).getRange('Nope!A1')).error).toBe('Range not found');
  });

  test('offset moves the range and keeps its size unless given', () => {
    const f = sheetsFixture();
    const a1 = f.ok(() => {
      const r = sheet1(f).getRange('A1:B2');
      return [r.offset(2, 1).getA1Notation(), r.offset(0, 0, 1).getA1Notation()];
    });
    expect(a1).toEqual(['B3:C4', 'A1:B1']);
  });

  test('a range keeps its coordinates when rows are inserted above it', () => {
    const f = sheetsFixture();
    f.store.setValues(f.id, 'Sheet1', [['a'], ['b']]);
    const v = f.ok(() => {
      const s = sheet1(f);
      const r = s.getRange(2, 1);
      s.insertRowBefore(1);
      return r.getValue();
    });
    expect(v).toBe('a');
  });
});

describe('Range notes', () => {
  test('setNote, getNote, setNotes and getNotes, with shape checks', () => {
    const f = sheetsFixture();
    const notes = f.ok(() => {
      const s = sheet1(f);
      s.getRange('A1').setNote('checked by QA');
      s.getRange('A2:B2').setNotes([['x', null]]);
      return [s.getRange('A1').getNote(), s.getRange('A1:B2').getNotes()];
    });
    expect(notes).toEqual([
      'checked by QA',
      [
        ['checked by QA', ''],
        ['x', ''],
      ],
    ]);
    expect(
      f.run(() =>
        sheet1(f)
          .getRange('A1:B1')
          .setNotes([['only one']]),
      ).ok,
    ).toBe(false);
  });

  test('setNote(null) and clearNote remove notes; clearContent keeps them', () => {
    const f = sheetsFixture();
    const after = f.ok(() => {
      const s = sheet1(f);
      const a = s.getRange('A1');
      a.setValue(1).setNote('n');
      a.clearContent();
      const kept = a.getNote();
      a.setNote(null);
      return [kept, a.getNote(), a.getValue()];
    });
    expect(after).toEqual(['n', '', '']);
  });
});

describe('cost model', () => {
  test('one batched getValues or setValues is one call whatever its size', () => {
    const f = sheetsFixture();
    const block = Array.from({ length: 500 }, (_, r) =>
      Array.from({ length: 20 }, (_, c) => r * c),
    );
    const range = f.ok(() => sheet1(f).getRange(1, 1, 500, 20));
    const before = f.ctx.runtime.callCount;
    f.ok(() => range.setValues(block));
    expect(f.ctx.runtime.callCount - before).toBe(1);
    const mid = f.ctx.runtime.callCount;
    const read = f.ok(() => range.getValues());
    expect(f.ctx.runtime.callCount - mid).toBe(1);
    expect(read[499][19]).toBe(499 * 19);
  });

  test('reading cell by cell costs one call per cell', () => {
    const f = sheetsFixture();
    const range = f.ok(() => sheet1(f).getRange(1, 1, 10, 1));
    const before = f.ctx.runtime.callCount;
    f.ok(() => {
      for (let r = 1; r <= 10; r++) range.offset(r - 1, 0, 1).getValue();
    });
    expect(f.ctx.runtime.callCount - before).toBe(20);
  });

  test('every call advances the simulated clock', () => {
    const f = sheetsFixture();
    const range = f.ok(() => sheet1(f).getRange(1, 1));
    const t0 = f.ctx.clock.now();
    f.ok(() => range.getValues());
    expect(f.ctx.clock.now()).toBeGreaterThan(t0);
  });
});
