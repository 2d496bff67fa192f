/**
 * What a cell stores for a value a script writes with `Range.setValue`, `Range.setValues` or
 * `Sheet.appendRow` (and what the test helper `ws.sheets.setValues` seeds): Sheets takes a
 * script's text as if a person had typed it into the cell.
 *
 * - Range.setValue (developers.google.com/apps-script/reference/spreadsheet/range#setValue(Object)):
 *   "The value can be numeric, string, boolean or date. If it begins with '=' it is interpreted
 *   as a formula." Range.setValues (same page, #setValues(Object)) takes a grid of such values;
 *   Sheet.appendRow (developers.google.com/apps-script/reference/spreadsheet/sheet#appendRow(Object))
 *   likewise: "If a cell's content begins with =, it's interpreted as a formula."
 * - A formula keeps its text, which `getFormula`/`getFormulas` answer ("Entries in the 2D array
 *   are empty strings for cells with no formula": Range.getFormulas on the same page), while
 *   `getValues` answers its value (formula.ts).
 * - Number-, date- and boolean-looking text becomes a number, a date or a boolean, "following the
 *   same rules that are applied when entering text into a cell via the Google Sheets UI" (the
 *   Sheets API's ValueInputOption USER_ENTERED,
 *   developers.google.com/sheets/api/reference/rest/v4/ValueInputOption), in the en_US locale
 *   (typed.ts: which forms, and what Google leaves undocumented).
 * - A leading apostrophe keeps the rest as text, and is not part of the value: `'00123` stores the
 *   text `00123`, `'=1+2` the text `=1+2`, `'` alone nothing. Google's reference does not describe
 *   the apostrophe; this is what Sheets does with what a person types.
 * - In a cell whose number format is plain text (`@`, set with Range.setNumberFormat(s):
 *   developers.google.com/apps-script/reference/spreadsheet/range#setNumberFormat(String); the
 *   `@` pattern: developers.google.com/sheets/api/guides/formats) text stays exactly as written:
 *   no formula, no number, and a leading apostrophe stays part of the text (Google does not
 *   document the apostrophe there; typing into a plain-text cell keeps every character).
 * - Numbers, booleans and Dates are stored as they are (USER_ENTERED: "Numbers will stay as
 *   numbers"); a Date is copied, so the script cannot change the cell through it. Other objects
 *   are written as their text, and that text is read like any other. `null` and `undefined`
 *   empty the cell.
 *
 * A cell holds at most 50,000 characters ("Your input contains more than the maximum of 50000
 * characters in a single cell."): the text as written counts, apostrophe included, since Google
 * does not say that the apostrophe is free.
 */
import { ScriptException } from '../core/errors';
import { evaluateFormula } from './formula';
import { CellValue, MAX_CELL_CHARS, isDate } from './model';
import { parseBoolean, parseDateTime, parseNumber } from './typed';

/** The number format that makes a cell plain text. */
const PLAIN_TEXT = '@';

/** What parsing a cell's text depends on. */
export interface EntryContext {
  /** The spreadsheet's time zone: a typed date is that day's midnight there. */
  timeZone: string;
  /** The time now (ms): a date typed without its year is in the current year. */
  now(): number;
}

/** A cell as written: its value and, for a formula, the formula's text ('' otherwise). */
export interface Entry {
  value: CellValue;
  formula: string;
}

const EMPTY: Entry = { value: '', formula: '' };

/** What a cell whose number format is `format` ('' is automatic) stores for `v`. */
export function enter(v: unknown, context: EntryContext, format: string): Entry {
  if (v === undefined || v === null) return EMPTY;
  if (typeof v === 'number' || typeof v === 'boolean') return { value: v, formula: '' };
  if (isDate(v)) return { value: new Date(v.getTime()), formula: '' };
  const text = String(v);
  if (text.length > MAX_CELL_CHARS) {
    throw new ScriptException(
      `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`,
    );
  }
  if (format === PLAIN_TEXT) return { value: text, formula: '' };
  return { value: typed(text, context), formula: text.startsWith('=') ? text : '' };
}

/** The value of text typed into a cell of automatic format. */
function typed(text: string, context: EntryContext): CellValue {
  if (text === '') return '';
  if (text.startsWith("'")) return text.slice(1);
  if (text.startsWith('=')) return evaluateFormula(text);
  if (!mayBeData(text)) return text;
  return (
    parseNumber(text) ??
    parseBoolean(text) ??
    parseDateTime(text, context.timeZone, context.now()) ??
    text
  );
}

/**
 * Whether text could be a number, a boolean or a date at all: most text (names, links, ids)
 * starts with a letter no month or boolean starts with, and is read no further.
 */
function mayBeData(text: string): boolean {
  const c = text.trimStart().charAt(0).toLowerCase();
  return /[\d+\-.$adfjmnost]/.test(c);
}
