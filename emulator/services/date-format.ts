import { ScriptException } from '../core/errors';
import { ZoneFields, dayOfYear, offsetText, zoneFields, zoneName } from './timezone';

/**
 * Java SimpleDateFormat, as Utilities.formatDate documents its pattern ("a format as specified in
 * the Java SE SimpleDateFormat class"), in the US English locale: letters are fields, text in
 * single quotes is literal, '' is a quote, and any other ASCII letter is an illegal pattern
 * character (Java throws IllegalArgumentException).
 */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Field = (f: ZoneFields, count: number, t: number, zone: string) => string;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const text = (full: string, count: number) => (count >= 4 ? full : full.slice(0, 3));

/** Week fields under Java's US rules: weeks start on Sunday; week 1 holds January 1st. */
function usWeek(f: ZoneFields): { week: number; weekYear: number } {
  const jan1 = (y: number) => new Date(Date.UTC(y, 0, 1)).getUTCDay();
  const doy = dayOfYear(f);
  const daysInYear = dayOfYear({ year: f.year, month: 12, day: 31 });
  const nextWeekStart = daysInYear + 1 - jan1(f.year + 1);
  if (jan1(f.year + 1) !== 0 && doy >= nextWeekStart) return { week: 1, weekYear: f.year + 1 };
  return { week: Math.floor((doy - 1 + jan1(f.year)) / 7) + 1, weekYear: f.year };
}

function isoOffset(minutes: number, count: number): string {
  if (minutes === 0) return 'Z';
  const full = offsetText(minutes, count >= 3);
  return count === 1 ? full.slice(0, 3) : full;
}

const FIELDS: Record<string, Field> = {
  G: (f) => (f.year > 0 ? 'AD' : 'BC'),
  y: (f, n) => (n === 2 ? pad(f.year % 100, 2) : pad(f.year, n)),
  Y: (f, n) => (n === 2 ? pad(usWeek(f).weekYear % 100, 2) : pad(usWeek(f).weekYear, n)),
  M: (f, n) => (n >= 3 ? text(MONTHS[f.month - 1], n) : pad(f.month, n)),
  L: (f, n) => (n >= 3 ? text(MONTHS[f.month - 1], n) : pad(f.month, n)),
  w: (f, n) => pad(usWeek(f).week, n),
  W: (f, n) => pad(Math.floor((f.day - 1 + ((f.weekday - f.day + 1 + 35) % 7)) / 7) + 1, n),
  D: (f, n) => pad(dayOfYear(f), n),
  d: (f, n) => pad(f.day, n),
  F: (f, n) => pad(Math.floor((f.day - 1) / 7) + 1, n),
  E: (f, n) => text(DAYS[f.weekday], n),
  u: (f, n) => pad(f.weekday === 0 ? 7 : f.weekday, n),
  a: (f) => (f.hour < 12 ? 'AM' : 'PM'),
  H: (f, n) => pad(f.hour, n),
  k: (f, n) => pad(f.hour || 24, n),
  K: (f, n) => pad(f.hour % 12, n),
  h: (f, n) => pad(f.hour % 12 || 12, n),
  m: (f, n) => pad(f.minute, n),
  s: (f, n) => pad(f.second, n),
  S: (f, n) => pad(f.millisecond, n),
  z: (_f, n, t, zone) => zoneName(t, zone, n >= 4),
  Z: (f) => offsetText(f.offsetMinutes, false),
  X: (f, n) => {
    if (n > 3) throw new ScriptException('invalid ISO 8601 format: length=' + n);
    return isoOffset(f.offsetMinutes, n);
  },
};

export function formatDate(date: Date, timeZone: string, pattern: string): string {
  const t = date instanceof Date ? date.getTime() : new Date(date as never).getTime();
  if (Number.isNaN(t)) throw new ScriptException('Invalid argument: date');
  const fields = zoneFields(t, timeZone);
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === "'") {
      const [literal, next] = quoted(pattern, i);
      out += literal;
      i = next;
    } else if (/[A-Za-z]/.test(c)) {
      let n = 1;
      while (pattern[i + n] === c) n += 1;
      const field = FIELDS[c];
      if (!field) throw new ScriptException(`Illegal pattern character '${c}'`);
      out += field(fields, n, t, timeZone);
      i += n;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** The literal text of a quoted run starting at `start`, and the index after it. */
function quoted(pattern: string, start: number): [string, number] {
  if (pattern[start + 1] === "'") return ["'", start + 2];
  let literal = '';
  for (let i = start + 1; i < pattern.length; i += 1) {
    if (pattern[i] !== "'") {
      literal += pattern[i];
    } else if (pattern[i + 1] === "'") {
      literal += "'";
      i += 1;
    } else {
      return [literal, i + 1];
    }
  }
  throw new ScriptException('Unterminated quote');
}
