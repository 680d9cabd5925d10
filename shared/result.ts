/** An error the user can read: a stable code for programs, a sentence for people, optional details. */
export interface UserError {
  code: string;
  message: string;
  /** One entry per problem, e.g. each refused field; shown as a list under the message. */
  details?: string[];
}

/** The result of every API call: a value, or an error the UI can show. Never a thrown exception. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: UserError };

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps a user-facing error as a failed result. */
export function fail<T = never>(code: string, message: string, details?: string[]): Result<T> {
  return {
    ok: false,
    error: details === undefined ? { code, message } : { code, message, details },
  };
}

/** For exhaustive switches: a compile error if a case is missing, a clear throw if data lies. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
