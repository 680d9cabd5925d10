/** The parts of a moment as a wall clock in a time zone shows it. */
interface ZonedParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached !== undefined) return cached;
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  formatters.set(timeZone, formatter);
  return formatter;
}

function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  const parts: ZonedParts = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type in parts) parts[part.type as keyof ZonedParts] = part.value;
  }
  return parts;
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
  const at = hour * HOUR_MS;
  const parts = zonedParts(at, timeZone);
  const wallClock = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const offset = Math.round((wallClock - at) / 60_000);
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
