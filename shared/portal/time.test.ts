import { describe, expect, it } from 'vitest';
import { formatDate, formatIsoInZone, formatRfc822, wallTimeAt } from './time';

describe('portal dates', () => {
  it('reads the wall-clock time of an instant in Beijing', () => {
    expect(wallTimeAt(Date.UTC(2026, 10, 26, 20, 5, 9), 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 11,
      day: 27,
      hour: 4,
      minute: 5,
      second: 9,
    });
  });

  const lateEvening = Date.UTC(2017, 2, 2, 17, 30, 5);

  it('print the date and time the portal’s time zone shows, with its offset', () => {
    expect({
      date: formatDate(lateEvening, 'Asia/Shanghai'),
      iso: formatIsoInZone(lateEvening, 'Asia/Shanghai'),
      newYork: formatIsoInZone(lateEvening, 'America/New_York'),
      utc: formatIsoInZone(lateEvening, 'UTC'),
      rss: formatRfc822(lateEvening),
    }).toEqual({
      date: '2017-03-03',
      iso: '2017-03-03T01:30:05+08:00',
      newYork: '2017-03-02T12:30:05-05:00',
      utc: '2017-03-02T17:30:05+00:00',
      rss: 'Thu, 02 Mar 2017 17:30:05 GMT',
    });
  });

  it('follow daylight saving time across its change', () => {
    const change = Date.UTC(2017, 2, 12, 7, 0, 0);
    expect([
      formatIsoInZone(change - 1000, 'America/New_York'),
      formatIsoInZone(change, 'America/New_York'),
      formatIsoInZone(Date.UTC(2017, 2, 3, 2, 0, 0), 'Asia/Kathmandu'),
    ]).toEqual([
      '2017-03-12T01:59:59-05:00',
      '2017-03-12T03:00:00-04:00',
      '2017-03-03T07:45:00+05:45',
    ]);
  });
});
