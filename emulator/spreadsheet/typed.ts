/**
 * How Sheets reads text typed into a cell, in the spreadsheet locale the emulator plays: en_US.
 * A script's `Range.setValue`, `Range.setValues` and `Sheet.appendRow` write text the same way
 * (see entry.ts). Pure functions: what text means, never where it goes.
 *
 * Google documents the principle, not the grammar. The Sheets API's ValueInputOption
 * (developers.google.com/sheets/api/reference/rest/v4/ValueInputOption) says of USER_ENTERED:
 * "The values will be parsed as if the user typed them into the UI. Numbers will stay as
 * numbers, but strings may be converted to numbers, dates, etc. following the same rules that
 * are applied when entering text into a cell via the Google Sheets UI." The forms below are the
 * ones Sheets takes in the en_US locale; the exact list is not documented anywhere, and forms
 * the emulator does not know (durations such as `25:30`, weekday names, a month and year
 * without a day) stay text here.
 */
import { zoneFields } from '../services/timezone';

/**
 * A number as typed in en_US: an optional sign, an optional `$`, digits with optional `,`
 * grouping in threes, an optional decimal part, an optional exponent (`1e5`) or a trailing `%`
 * (`12%` is 0.12). Leading zeros go (`00123` is 123): Sheets keeps the number, not the text.
 */
const NUMBER = /^([+-]?)(\$?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(%?)$/;

export function parseNumber(text: string): number | null {
  const m = NUMBER.exec(text.trim());
  if (!m) return null;
  const [, sign, dollar, digits, exponent, percent] = m;
  // A currency amount takes neither an exponent nor a percent sign.
  if (dollar && (exponent !== undefined || percent)) return null;
  let n = Number(`${digits.replace(/,/g, '')}${exponent !== undefined ? `e${exponent}` : ''}`);
  if (!Number.isFinite(n)) return null;
  if (percent) n /= 100;
  return sign === '-' ? -n : n;
}

/** `TRUE` and `FALSE`, in any case. */
export function parseBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : null;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** 1 to 12 for a month's name or its first three letters (`Sept` too); null otherwise. */
function monthNamed(name: string): number | null {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n === 'sept') return 9;
  const i = MONTHS.findIndex((m) => m === n || (n.length === 3 && m.startsWith(n)));
  return i < 0 ? null : i + 1;
}

interface Day {
  year: number | null;
  month: number;
  day: number;
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:\s*([ap])\.?m\.?)?`;
const DAY_FORMS: Array<[RegExp, (m: RegExpExecArray) => Day | null]> = [
  // 2026-12-01, 2026/12/01
  [/^(\d{4})([-/])(\d{1,2})\2(\d{1,2})/, (m) => day(m[1], m[3], m[4])],
  // 12/1/2026, 12-1-2026, 12/1/26, 12/1 (this year)
  [/^(\d{1,2})([-/])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/-])/, (m) => day(m[4] ?? null, m[1], m[3])],
  // Dec 1, 2026; December 1 2026
  [/^([a-z]{3,9}\.?)\s+(\d{1,2}),?\s+(\d{4})/i, (m) => named(m[1], m[2], m[3])],
  // 1 Dec 2026, 1-Dec-2026
  [/^(\d{1,2})[\s-]([a-z]{3,9}\.?)[\s,-]+(\d{4})/i, (m) => named(m[2], m[1], m[3])],
];

function day(year: string | null, month: string, dayOfMonth: string): Day {
  return { year: year === null ? null : fullYear(year), month: +month, day: +dayOfMonth };
}

function named(monthName: string, dayOfMonth: string, year: string): Day | null {
  const month = monthNamed(monthName);
  return month === null ? null : { year: +year, month, day: +dayOfMonth };
}

/**
 * A two-digit year: 00 to 29 are 2000 to 2029, 30 to 99 are 1930 to 1999 (the cut-off Sheets
 * shares with other spreadsheets; Google does not document it).
 */
function fullYear(text: string): number {
  if (text.length === 4) return +text;
  const yy = +text;
  return yy < 30 ? 2000 + yy : 1900 + yy;
}

function daysIn(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

interface Clock {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function clockOf(m: RegExpExecArray, at: number): Clock | null {
  let hour = +m[at];
  const minute = +m[at + 1];
  const second = m[at + 2] === undefined ? 0 : +m[at + 2];
  const millisecond = m[at + 3] === undefined ? 0 : +m[at + 3].padEnd(3, '0');
  const half = m[at + 4]?.toLowerCase();
  if (minute > 59 || second > 59) return null;
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'p' ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return { hour, minute, second, millisecond };
}

/**
 * A date, a date and time, or a time typed in en_US, as the instant it names in the
 * spreadsheet's time zone: `2026-12-01`, `12/1/2026`, `Dec 1, 2026`, `2026-12-01 10:30`,
 * `12/1/2026 3:05 PM`, `10:30:15`. A date without a year is in the current year; a time alone
 * is on Sheets' day zero, December 30, 1899 (the epoch of its date serial numbers: the Sheets
 * API's guide to dates, developers.google.com/sheets/api/guides/formats, "About date & time
 * values"). A day that does not exist (`2/30/2026`) is not a date.
 */
export function parseDateTime(text: string, timeZone: string, now: number): Date | null {
  const t = text.trim();
  if (t === '') return null;
  const timeAlone = new RegExp(`^${TIME}$`, 'i').exec(t);
  if (timeAlone) {
    const clock = clockOf(timeAlone, 1);
    return clock && instant({ year: 1899, month: 12, day: 30 }, clock, timeZone);
  }
  for (const [form, read] of DAY_FORMS) {
    const m = form.exec(t);
    if (!m) continue;
    const rest = t.slice(m[0].length);
    let clock: Clock | null = { hour: 0, minute: 0, second: 0, millisecond: 0 };
    if (rest !== '') {
      const timed = new RegExp(`^\\s+${TIME}$`, 'i').exec(rest);
      clock = timed && clockOf(timed, 1);
    }
    const found = read(m);
    if (!found || !clock) return null;
    const year = found.year ?? zoneFields(now, timeZone).year;
    if (found.month < 1 || found.month > 12) return null;
    if (found.day < 1 || found.day > daysIn(year, found.month)) return null;
    return instant({ year, month: found.month, day: found.day }, clock, timeZone);
  }
  return null;
}

/** The instant whose wall-clock time in `timeZone` is the given day and time. */
function instant(
  day: { year: number; month: number; day: number },
  clock: Clock,
  timeZone: string,
): Date {
  const wall = new Date(0);
  wall.setUTCFullYear(day.year, day.month - 1, day.day);
  wall.setUTCHours(clock.hour, clock.minute, clock.second, clock.millisecond);
  const w = wall.getTime();
  let t = w - zoneFields(w, timeZone).offsetMinutes * 60000;
  t = w - zoneFields(t, timeZone).offsetMinutes * 60000;
  return new Date(t);
}
