/**
 * An error caused by the user's input or environment (a bad file, a missing interpreter, …).
 * Its message is one line that says what is wrong and what to do; the CLI prints it without a
 * stack trace, the extension shows it as an error notification.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code = 'user-error',
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
