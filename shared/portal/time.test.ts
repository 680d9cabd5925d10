import { describe, expect, it } from 'vitest';
import { formatDate, formatIsoInZone, formatRfc822 } from './time';

describe('portal dates', () => {
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
