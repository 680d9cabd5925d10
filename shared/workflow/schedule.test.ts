import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTAL_PROFILE, isKnownTimeZone } from '../portal/profile';
import {
  formatDuration,
  fromDateTimeLocal,
  instantOfWallTime,
  scheduleLabel,
  toDateTimeLocal,
} from './schedule';

const SHANGHAI = 'Asia/Shanghai';

describe('scheduling in the portal time zone', () => {
  it('turns a Beijing wall-clock time into the instant it names', () => {
    expect(
      instantOfWallTime({ year: 2026, month: 11, day: 27, hour: 8, minute: 0 }, SHANGHAI),
    ).toBe(Date.UTC(2026, 10, 27, 0, 0));
  });

  it('takes daylight-saving zones into account', () => {
    expect(
      instantOfWallTime({ year: 2026, month: 7, day: 1, hour: 9, minute: 30 }, 'Europe/Berlin'),
    ).toBe(Date.UTC(2026, 6, 1, 7, 30));
    expect(
      instantOfWallTime({ year: 2026, month: 1, day: 1, hour: 9, minute: 30 }, 'Europe/Berlin'),
    ).toBe(Date.UTC(2026, 0, 1, 8, 30));
  });

  it('round-trips the value of a date-time input', () => {
    const at = Date.UTC(2026, 10, 27, 0, 0);
    expect(toDateTimeLocal(at, SHANGHAI)).toBe('2026-11-27T08:00');
    expect(fromDateTimeLocal('2026-11-27T08:00', SHANGHAI)).toBe(at);
  });

  it('refuses date-time input values that name no time', () => {
    expect(
      ['', '2026-02-30T08:00', '2026-11-27 08:00', '2026-11-27T24:00', 'tomorrow'].map((value) =>
        fromDateTimeLocal(value, SHANGHAI),
      ),
    ).toEqual([null, null, null, null, null]);
  });

  it('knows real time zones from invented ones', () => {
    expect([isKnownTimeZone(SHANGHAI), isKnownTimeZone('Mars/Olympus')]).toEqual([true, false]);
  });

  it('says durations as the desk does', () => {
    expect(
      [30_000, 60_000, 12 * 60_000, 3 * 3_600_000, (3 * 60 + 12) * 60_000, 50 * 3_600_000].map(
        formatDuration,
      ),
    ).toEqual(['less than a minute', '1 min', '12 min', '3 h', '3 h 12 min', '2 d 2 h']);
  });

  it('labels a publication later today with its Beijing time and the time left', () => {
    const now = Date.UTC(2026, 10, 26, 20, 48);
    expect(scheduleLabel(Date.UTC(2026, 10, 27, 0, 0), now, DEFAULT_PORTAL_PROFILE)).toBe(
      'publishes 08:00 Beijing time, in 3 h 12 min',
    );
  });

  it('adds the date when the publication is not today in Beijing', () => {
    const now = Date.UTC(2026, 10, 26, 10, 0);
    expect(scheduleLabel(Date.UTC(2026, 10, 27, 0, 0), now, DEFAULT_PORTAL_PROFILE)).toBe(
      'publishes 2026-11-27 08:00 Beijing time, in 14 h',
    );
  });

  it('says a publication is due once its time has passed', () => {
    const now = Date.UTC(2026, 10, 27, 0, 1);
    expect(scheduleLabel(Date.UTC(2026, 10, 27, 0, 0), now, DEFAULT_PORTAL_PROFILE)).toBe(
      'publishes 08:00 Beijing time, due now',
    );
  });
});
