/**
 * Calendar fields of an instant in a time zone, as Apps Script's Java date handling sees them.
 * Zones are IANA names (via Intl) or Java custom ids such as `GMT+2` / `GMT-05:30`. Java's
 * TimeZone lookup answers GMT for an id it does not know, and so does this.
 */
export interface ZoneFields {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday to 6 = Saturday. */
  weekday: number;
  offsetMinutes: number;
  /** The zone after resolution: the IANA id, or a fixed `GMT±hh:mm` id. */
  zone: string;
}

type Zone = { iana: string } | { fixedMinutes: number; id: string };

const zoneCache = new Map<string, Zone>();
const partsFormats = new Map<string, Intl.DateTimeFormat>();

export function resolveZone(id: string): Zone {
  const cached = zoneCache.get(id);
  if (cached) return cached;
  const zone = lookupZone(String(id));
  zoneCache.set(id, zone);
  return zone;
}

function lookupZone(id: string): Zone {
  const custom = /^GMT([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(id);
  if (custom) {
    const minutes = Number(custom[2]) * 60 + Number(custom[3] ?? 0);
    const signed = custom[1] === '-' ? -minutes : minutes;
    return { fixedMinutes: signed, id: `GMT${offsetText(signed, true)}` };
  }
  try {
    const iana = new Intl.DateTimeFormat('en-US', { timeZone: id }).resolvedOptions().timeZone;
    return { iana };
  } catch {
    return { fixedMinutes: 0, id: 'GMT' };
  }
}

/** `+hhmm` or `+hh:mm`. */
export function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}${colon ? ':' : ''}${mm}`;
}

function partsFormat(iana: string): Intl.DateTimeFormat {
  let format = partsFormats.get(iana);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormats.set(iana, format);
  }
  return format;
}

function ianaOffsetMinutes(iana: string, t: number): number {
  const parts: Record<string, number> = {};
  for (const p of partsFormat(iana).formatToParts(new Date(t))) parts[p.type] = Number(p.value);
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return Math.round((wall - Math.floor(t / 1000) * 1000) / 60000);
}

export function zoneFields(t: number, id: string): ZoneFields {
  const zone = resolveZone(id);
  const offsetMinutes = 'iana' in zone ? ianaOffsetMinutes(zone.iana, t) : zone.fixedMinutes;
  const wall = new Date(t + offsetMinutes * 60000);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
    weekday: wall.getUTCDay(),
    offsetMinutes,
    zone: 'iana' in zone ? zone.iana : zone.id,
  };
}

/** The zone's name as a date pattern's `z` prints it: short (`UTC`, `EST`) or long. */
export function zoneName(t: number, id: string, long: boolean): string {
  const zone = resolveZone(id);
  if (!('iana' in zone)) return long && zone.id === 'GMT' ? 'Greenwich Mean Time' : zone.id;
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: zone.iana, timeZoneName: long ? 'long' : 'short' })
      .formatToParts(new Date(t))
      .find((p) => p.type === 'timeZoneName')?.value ?? zone.iana;
  // Where Java has no abbreviation it prints GMT+hh:mm; Intl prints GMT+h.
  return /^GMT[+-]/.test(name) ? `GMT${offsetText(zoneFields(t, id).offsetMinutes, true)}` : name;
}

/** Day of the year, 1 to 366. */
export function dayOfYear(f: Pick<ZoneFields, 'year' | 'month' | 'day'>): number {
  return (Date.UTC(f.year, f.month - 1, f.day) - Date.UTC(f.year, 0, 1)) / 86400000 + 1;
}

/** ISO 8601 week of the year (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(f: Pick<ZoneFields, 'year' | 'month' | 'day'>): number {
  const date = new Date(Date.UTC(f.year, f.month - 1, f.day));
  const isoDay = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - isoDay);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86400000 + 1) / 7);
}
