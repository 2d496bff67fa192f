/**
 * Sheets takes what a script writes as if a person typed it (entry.ts, typed.ts, formula.ts):
 * formulas, numbers, dates, booleans, the apostrophe that keeps text, and plain-text cells.
 */
import { SpreadsheetStore } from './store';
import { sheetsFixture } from './testing';

type Fixture = ReturnType<typeof sheetsFixture>;

function sheet1(f: Fixture) {
  return f.app.getActiveSpreadsheet().getSheetByName('Sheet1')!;
}

/** What getValue gives for each text written, one cell each, with setValue. */
function stored(f: Fixture, texts: unknown[]): unknown[] {
  return f.ok(() =>
    texts.map((text, i) => {
      const cell = sheet1(f).getRange(i + 1, 1);
      cell.setValue(text);
      return cell.getValue();
    }),
  );
}

const utc = (...parts: [number, number, number, number?, number?, number?]) =>
  new Date(Date.UTC(...parts));

describe('numbers typed as text', () => {
  test('leading zeros are dropped: 00123 is the number 123', () => {
    expect(stored(sheetsFixture(), ['00123', '0042.50'])).toEqual([123, 42.5]);
  });

  test('exponents, signs and decimals', () => {
    expect(stored(sheetsFixture(), ['1e5', '-3.5', '+7', '.25', '2.5E-3'])).toEqual([
      100000, -3.5, 7, 0.25, 0.0025,
    ]);
  });

  test('thousands separators, percentages and dollar amounts', () => {
    expect(stored(sheetsFixture(), ['1,234', '1,234,567.5', '12%', '-5%', '$1,234.50'])).toEqual([
      1234, 1234567.5, 0.12, -0.05, 1234.5,
    ]);
  });

  test('surrounding spaces do not stop a number', () => {
    expect(stored(sheetsFixture(), [' 42 '])).toEqual([42]);
  });

  test('text that only looks like a number stays text', () => {
    const texts = ['1,23', '12-34', '1.2.3', 'TSK-0001', 'EXP-261124-ABCD', '0x1F', '1e'];
    expect(stored(sheetsFixture(), texts)).toEqual(texts);
  });
});

describe('dates and times typed as text (en_US)', () => {
  test('ISO and US dates are midnight in the spreadsheet time zone', () => {
    const f = sheetsFixture({ timeZone: 'America/New_York' });
    const [iso, us, dashed, named, dayFirst] = stored(f, [
      '2026-12-01',
      '12/1/2026',
      '12-1-2026',
      'Dec 1, 2026',
      '1 December 2026',
    ]);
    for (const d of [iso, us, dashed, named, dayFirst]) {
      expect(d).toBeInstanceOf(Date);
      expect(d).toEqual(utc(2026, 11, 1, 5));
    }
  });

  test('date and time, with or without AM/PM', () => {
    const f = sheetsFixture();
    expect(stored(f, ['2026-12-01 10:30', '12/1/2026 3:05 PM', '12/1/2026 12:00:30 am'])).toEqual([
      utc(2026, 11, 1, 10, 30),
      utc(2026, 11, 1, 15, 5),
      utc(2026, 11, 1, 0, 0, 30),
    ]);
  });

  test('a date without a year is in the current year; a two-digit year is 20xx below 30', () => {
    const f = sheetsFixture({ start: Date.UTC(2027, 5, 1) });
    expect(stored(f, ['12/1', '1/2/26', '1/2/75'])).toEqual([
      utc(2027, 11, 1),
      utc(2026, 0, 2),
      utc(1975, 0, 2),
    ]);
  });

  test("a time alone is on Sheets' day zero, December 30, 1899", () => {
    expect(stored(sheetsFixture(), ['10:30'])).toEqual([utc(1899, 11, 30, 10, 30)]);
  });

  test('a day that does not exist, or a time out of range, stays text', () => {
    const texts = ['2/30/2026', '13/1/2026', '2026-02-29', '12/1/2026 25:00', '2026-12-01x'];
    expect(stored(sheetsFixture(), texts)).toEqual(texts);
  });
});

describe('booleans typed as text', () => {
  test('TRUE and false, in any case, are booleans', () => {
    expect(stored(sheetsFixture(), ['TRUE', 'false', 'True'])).toEqual([true, false, true]);
  });
});

describe('a leading apostrophe keeps text as text', () => {
  test('the apostrophe is not part of the value', () => {
    expect(stored(sheetsFixture(), ["'00123", "'TRUE", "'2026-12-01", "'", "''x"])).toEqual([
      '00123',
      'TRUE',
      '2026-12-01',
      '',
      "'x",
    ]);
  });

  test('an apostrophe before = keeps the text, with no formula', () => {
    const f = sheetsFixture();
    const read = f.ok(() => {
      const cell = sheet1(f).getRange('A1');
      cell.setValue(`'=HYPERLINK("https://example.com","x")`);
      return [cell.getValue(), cell.getFormula()];
    });
    expect(read).toEqual(['=HYPERLINK("https://example.com","x")', '']);
  });
});

describe('formulas', () => {
  test('text beginning with = is a formula: getFormulas gives its text, getValues its value', () => {
    const f = sheetsFixture();
    const read = f.ok(() => {
      const range = sheet1(f).getRange(1, 1, 1, 4);
      range.setValues([['=HYPERLINK("https://example.com","x")', '="abc"', '=1+2*3', 'plain']]);
      return { values: range.getValues(), formulas: range.getFormulas() };
    });
    expect(read.values).toEqual([['x', 'abc', 7, 'plain']]);
    expect(read.formulas).toEqual([
      ['=HYPERLINK("https://example.com","x")', '="abc"', '=1+2*3', ''],
    ]);
  });

  test('HYPERLINK without a label shows its url; & joins text; a formula result is not re-read', () => {
    expect(
      stored(sheetsFixture(), ['=hyperlink("https://example.com")', '="a"&"b"&1.5', '="00123"']),
    ).toEqual(['https://example.com', 'ab1.5', '00123']);
  });

  test('a function the emulator does not know is #NAME?, text it cannot parse #ERROR!', () => {
    const f = sheetsFixture();
    const read = f.ok(() => {
      const range = sheet1(f).getRange(1, 1, 1, 4);
      range.setValues([['=NOSUCHFUNCTION(1)', '=1+', "=cmd|' /C calc'!A0", '=']]);
      return { values: range.getValues(), formulas: range.getFormulas() };
    });
    expect(read.values).toEqual([['#NAME?', '#ERROR!', '#ERROR!', '#ERROR!']]);
    expect(read.formulas[0][0]).toBe('=NOSUCHFUNCTION(1)');
  });

  test('arithmetic errors: division by zero, text that is no number', () => {
    expect(stored(sheetsFixture(), ['=1/0', '="a"+1', '="2"+1'])).toEqual([
      '#DIV/0!',
      '#VALUE!',
      3,
    ]);
  });

  test('a value written over a formula replaces it', () => {
    const f = sheetsFixture();
    const formula = f.ok(() => {
      const cell = sheet1(f).getRange('B2');
      cell.setValue('=1+2');
      cell.setValue(5);
      return cell.getFormula();
    });
    expect(formula).toBe('');
    expect(f.store.values(f.id, 'Sheet1')[1][1]).toBe(5);
  });

  test('formulas move with their rows and cells, and are cleared with the content', () => {
    const f = sheetsFixture();
    const read = f.ok(() => {
      const s = sheet1(f);
      s.getRange('A1:B2').setValues([
        ['b', '=1+1'],
        ['a', '=2+2'],
      ]);
      s.sort(1);
      s.insertRowBefore(1);
      s.insertColumnBefore(1);
      const moved = s.getRange('C2:C3').getFormulas();
      s.getRange('C2').clearContent();
      return { moved, after: s.getRange('C2:C3').getFormulas() };
    });
    expect(read.moved).toEqual([['=2+2'], ['=1+1']]);
    expect(read.after).toEqual([[''], ['=1+1']]);
  });

  test('the display value of a formula cell is its value', () => {
    const f = sheetsFixture();
    const shown = f.ok(() => {
      const cell = sheet1(f).getRange('A1');
      cell.setValue('=HYPERLINK("https://example.com","label")');
      return cell.getDisplayValue();
    });
    expect(shown).toBe('label');
  });
});

describe('plain-text cells (number format @)', () => {
  test('text written into a plain-text cell stays exactly as written', () => {
    const f = sheetsFixture();
    const read = f.ok(() => {
      const range = sheet1(f).getRange(1, 1, 1, 4);
      range.setNumberFormat('@');
      range.setValues([['00123', '=1+2', 'TRUE', "'x"]]);
      return { values: range.getValues(), formulas: range.getFormulas() };
    });
    expect(read.values).toEqual([['00123', '=1+2', 'TRUE', "'x"]]);
    expect(read.formulas).toEqual([['', '', '', '']]);
  });

  test('a whole column formatted as plain text, per-cell formats, and numbers kept as numbers', () => {
    const f = sheetsFixture();
    const read = f.ok(() => {
      const s = sheet1(f);
      s.getRange('C:C').setNumberFormat('@');
      s.getRange('A1:B1').setNumberFormats([['@', '']]);
      s.getRange('A1:C2').setValues([
        ['007', '007', '007'],
        [7, '007', 7],
      ]);
      return s.getRange('A1:C2').getValues();
    });
    expect(read).toEqual([
      ['007', 7, '007'],
      [7, 7, 7],
    ]);
  });

  test('clearing formats makes the cell automatic again; clearContent keeps the format', () => {
    const f = sheetsFixture();
    const read = f.ok(() => {
      const a = sheet1(f).getRange('A1');
      const b = sheet1(f).getRange('B1');
      a.setNumberFormat('@');
      b.setNumberFormat('@');
      a.clear({ formatOnly: true });
      b.clearContent();
      a.setValue('007');
      b.setValue('007');
      return [a.getValue(), b.getValue()];
    });
    expect(read).toEqual([7, '007']);
  });
});

describe('values that are not text', () => {
  test('numbers, booleans and Dates are stored as they are', () => {
    const f = sheetsFixture();
    const when = new Date(Date.UTC(2026, 11, 1, 10, 30));
    expect(stored(f, [123, 0.5, true, when])).toEqual([123, 0.5, true, when]);
  });
});

describe('every way of writing parses the same', () => {
  test('appendRow takes text as typed', () => {
    const f = sheetsFixture();
    const read = f.ok(() => {
      const s = sheet1(f);
      s.appendRow(['00123', "'00123", '=1+2', '2026-12-01']);
      return { values: s.getRange(1, 1, 1, 4).getValues(), formula: s.getRange('C1').getFormula() };
    });
    expect(read.values).toEqual([[123, '00123', 3, utc(2026, 11, 1)]]);
    expect(read.formula).toBe('=1+2');
  });

  test('the seeding helper takes text as a person would type it; values() gives getValues', () => {
    const f = sheetsFixture();
    f.store.setValues(f.id, 'Sheet1', [['00123', "'00123", '=HYPERLINK("https://a.example","a")']]);
    expect(f.store.values(f.id, 'Sheet1')).toEqual([[123, '00123', 'a']]);
    expect(f.store.formulas(f.id, 'Sheet1')).toEqual([
      ['', '', '=HYPERLINK("https://a.example","a")'],
    ]);
    expect(f.ok(() => sheet1(f).getRange('A1:C1').getValues())).toEqual(
      f.store.values(f.id, 'Sheet1'),
    );
  });

  test('a saved workspace keeps formulas and formats; a sheet copied from a template too', () => {
    const f = sheetsFixture();
    f.ok(() => {
      const s = sheet1(f);
      s.getRange('A1').setValue('=1+2');
      s.getRange('B1').setNumberFormat('@');
      f.app.getActiveSpreadsheet().insertSheet('Copy', { template: s });
    });
    const copy = SpreadsheetStore.fromJSON(f.ctx, f.drive, JSON.parse(JSON.stringify(f.store)));
    expect(copy.get(f.id)).toEqual(f.store.get(f.id));
    expect(copy.formulas(f.id, 'Copy')).toEqual([['=1+2']]);
    expect(copy.sheet(f.id, 'Copy').formats).toEqual([['', '@']]);
  });
});
