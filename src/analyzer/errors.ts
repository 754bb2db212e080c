/** An error that means "could not run" (exit code 2), with a one-line, user-facing message. */
export class AuditError extends Error {
  override readonly name = 'AuditError';
}
