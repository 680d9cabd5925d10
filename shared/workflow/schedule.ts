import type { PortalProfile } from '../portal/profile';
import { wallTimeAt, zoneOffsetAt, type WallTime } from '../portal/time';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The instant (epoch ms) a wall-clock time names in a time zone. In a daylight-saving gap the time
 * moves forward with the clocks; in an overlap the earlier instant is taken.
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const first = asUtc - zoneOffsetAt(asUtc, timeZone);
  const second = asUtc - zoneOffsetAt(first, timeZone);
  return Math.min(first, second);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The value of a `datetime-local` input showing an instant in a time zone (`YYYY-MM-DDTHH:mm`). */
export function toDateTimeLocal(epochMs: number, timeZone: string): string {
  const wall = wallTimeAt(epochMs, timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** The instant a `datetime-local` value names in a time zone, or null if it is not a valid one. */
export function fromDateTimeLocal(value: string, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (match === null) return null;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number);
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined
  )
    return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || hour > 23 || minute > 59)
    return null;
  return instantOfWallTime({ year, month, day, hour, minute }, timeZone);
}

/** How long until something, as the desk says it: "3 h 12 min", "2 d 4 h", "less than a minute". */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < MINUTE) return 'less than a minute';
  const days = Math.floor(milliseconds / DAY);
  const hours = Math.floor((milliseconds % DAY) / HOUR);
  const minutes = Math.floor((milliseconds % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/**
 * The label of a scheduled publication in the portal's time zone, e.g. "publishes 08:00 Beijing
 * time, in 3 h 12 min"; the date is added when it is not today there, and "due now" once the time
 * has come.
 */
export function scheduleLabel(
  scheduledAt: number,
  now: number,
  profile: Pick<PortalProfile, 'timeZone' | 'timeZoneLabel'>,
): string {
  const at = wallTimeAt(scheduledAt, profile.timeZone);
  const today = wallTimeAt(now, profile.timeZone);
  const isToday = at.year === today.year && at.month === today.month && at.day === today.day;
  const clock = `${pad(at.hour)}:${pad(at.minute)}`;
  const when = isToday ? clock : `${at.year}-${pad(at.month)}-${pad(at.day)} ${clock}`;
  const remaining = scheduledAt - now;
  const relative = remaining > 0 ? `in ${formatDuration(remaining)}` : 'due now';
  return `publishes ${when} ${profile.timeZoneLabel}, ${relative}`;
}
