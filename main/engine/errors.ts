/**
 * Errors a user can act on. Each names what is wrong (file, column, row, term) in `details`
 * and says what to do in `message`; the IPC layer forwards them as {code, message, details}.
 * Bugs stay plain Errors and are reported as `internal`.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Raised by RunContext.checkCancelled when the user cancels a job. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('Cancelled');
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
