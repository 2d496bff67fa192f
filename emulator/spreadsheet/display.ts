/**
 * Range.getDisplayValues: the text a cell shows under Sheets' automatic format (en_US locale):
 * numbers as written, booleans as TRUE/FALSE, date-times as M/d/yyyy H:mm:ss in the
 * spreadsheet's time zone.
 */
import { CellValue, isDate } from './model';

function dateText(d: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')}/${part('day')}/${part('year')} ${Number(part('hour'))}:${part('minute')}:${part('second')}`;
}

export function displayValue(v: CellValue, timeZone: string): string {
  if (v === '') return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isDate(v)) return dateText(v, timeZone);
  return String(v);
}
