import { describe, expect, it } from 'vitest';
import type { NewsroomStatus } from '../../shared/api/gateway';
import { newsroomStatusFor } from '../../tests/support/newsroomStatus';
import { headerWord, type NewsroomConnection } from './headerWord';

function status(state: NewsroomStatus['state']): NewsroomStatus {
  return newsroomStatusFor(state === 'signedOut' ? { state, user: null } : { state });
}

function word(
  state: NewsroomStatus['state'] | null,
  patch: Partial<NewsroomConnection> = {},
): string | null {
  return headerWord({
    status: state === null ? null : status(state),
    isMainReachable: true,
    pendingWork: 0,
    pendingBodies: 0,
    ...patch,
  });
}

describe('the header’s newsroom status', () => {
  it('says nothing on a workstation that is not in a newsroom, and one word otherwise', () => {
    expect({
      unknown: word(null),
      signedOut: word('signedOut'),
      online: word('online'),
      sending: word('online', { pendingWork: 3 }),
      bodiesToStore: word('online', { pendingBodies: 1 }),
      bodiesOffline: word('offline', { pendingBodies: 1 }),
      connecting: word('connecting'),
      offline: word('offline'),
      pageCutOff: word('online', { isMainReachable: false }),
      incompatible: word('incompatible'),
      ended: word('ended'),
      disabled: word('disabled'),
    }).toEqual({
      unknown: null,
      signedOut: null,
      online: 'Online',
      sending: 'Syncing…',
      bodiesToStore: 'Syncing…',
      bodiesOffline: 'Offline',
      connecting: 'Syncing…',
      offline: 'Offline',
      pageCutOff: 'Offline',
      incompatible: 'Offline',
      ended: 'Offline',
      disabled: 'Offline',
    });
  });
});
