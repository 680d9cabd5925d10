import { fail, type Result } from '../../../shared/result';
import { errorMessage, isNodeError } from '../common/errors';

/** A refusal the user reads as it is (a missing photo file, an invalid id); nothing was changed. */
export class PublishRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/**
 * The failure a change of the site reports: a refusal as it is, the file-system errors people can
 * act on (a full disk, a folder they cannot write) in words, anything else thrown on (a bug).
 */
export function publishFailure<T>(error: unknown): Result<T> {
  if (error instanceof PublishRefusal) return fail(error.code, error.message, error.details);
  const message = errorMessage(error);
  if (isNodeError(error, 'ENOSPC')) {
    return fail('disk_full', 'The disk is full, so nothing was published. The site is as it was.', [
      message,
    ]);
  }
  if (isNodeError(error, 'ENOENT')) {
    return fail(
      'file_missing',
      'A file the site needs has gone missing, so nothing was published. The site is as it was.',
      [message],
    );
  }
  if (isNodeError(error, 'EACCES', 'EPERM', 'EROFS')) {
    return fail('not_writable', 'The publish folder cannot be written, so nothing was published.', [
      message,
    ]);
  }
  throw error;
}
