/** A wall-clock date and time in some time zone (month 1–12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached !== undefined) return cached;
  const created = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  formatters.set(timeZone, created);
  return created;
}

/** The wall-clock time at an instant (epoch ms) in a time zone. */
export function wallTimeAt(epochMs: number, timeZone: string): WallTime & { second: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  function part(type: Intl.DateTimeFormatPartTypes): number {
    return Number(parts.find((candidate) => candidate.type === type)?.value ?? '0');
  }
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** How far (ms) a time zone's wall clock is ahead of UTC at an instant (behind: negative). */
export function zoneOffsetAt(epochMs: number, timeZone: string): number {
  const wall = wallTimeAt(epochMs, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

const HOUR_MS = 3_600_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC (minutes) at a moment. Offsets change at most on the hour in every
 * zone in use, so one Intl lookup per zone and hour serves a whole sitemap.
 */
function offsetMinutes(epochMs: number, timeZone: string): number {
  const hour = Math.floor(epochMs / HOUR_MS);
  const key = `${timeZone} ${hour}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const offset = Math.round(zoneOffsetAt(hour * HOUR_MS, timeZone) / 60_000);
  if (offsets.size > 10_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The wall clock of a moment in a zone, as `YYYY-MM-DDTHH:MM:SS` plus the offset in minutes. */
function wallClock(epochMs: number, timeZone: string): { local: string; offset: number } {
  const offset = offsetMinutes(epochMs, timeZone);
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + offset * 60_000)
    .toISOString()
    .slice(0, 19);
  return { local, offset };
}

/** `YYYY-MM-DD` of a moment in a time zone: the date the portal prints after `Updated :`. */
export function formatDate(epochMs: number, timeZone: string): string {
  return wallClock(epochMs, timeZone).local.slice(0, 10);
}

/** ISO 8601 with the zone's offset (`2017-03-03T10:00:00+08:00`), for `datetime` and JSON-LD. */
export function formatIsoInZone(epochMs: number, timeZone: string): string {
  const { local, offset } = wallClock(epochMs, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const absolute = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/** RFC 822 date in GMT, as RSS 2.0 wants for `pubDate` and `lastBuildDate`. */
export function formatRfc822(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}
