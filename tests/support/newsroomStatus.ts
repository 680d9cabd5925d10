import type { NewsroomStatus } from '../../shared/api/gateway';

/**
 * A newsroom status as main reports it: Li Wei, a reporter, online at a loopback server; `patch`
 * changes what a test is about.
 */
export function newsroomStatusFor(patch: Partial<NewsroomStatus> = {}): NewsroomStatus {
  return {
    revision: 1,
    state: 'online',
    serverUrl: 'http://127.0.0.1:8400',
    user: { login: 'li.wei', name: 'Li Wei', role: 'reporter' },
    login: 'li.wei',
    message: null,
    cursor: 0,
    wordsCursor: 0,
    profileUpdatedAt: 0,
    collabUrl: null,
    retryAt: null,
    ...patch,
  };
}
