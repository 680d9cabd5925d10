import type { NewsroomError, NewsroomErrorCode, NewsroomResult } from '../shared/api/newsroom';

/** A value, as every service of the server answers when it does what was asked. */
export function success<T>(value: T): NewsroomResult<T> {
  return { ok: true, value };
}

/** A refusal a person can read; its code decides the HTTP status (ERROR_STATUS). */
export function refusal<T = never>(
  code: NewsroomErrorCode,
  message: string,
  reasons?: string[],
  extra: Pick<NewsroomError, 'retryAt'> = {},
): NewsroomResult<T> {
  return {
    ok: false,
    error: { code, message, ...(reasons === undefined ? {} : { reasons }), ...extra },
  };
}
