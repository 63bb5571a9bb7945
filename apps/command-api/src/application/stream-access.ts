/** A principal may not act on the stream as it is (403 with `code`; nothing is appended). */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Who may run a command on a stream, decided on the state the command is decided on (in the same
 * attempt, so the check and the append see the same version): null when the principal may, the
 * refusal otherwise.
 */
export type StreamAccess<S> = (state: S) => AccessDeniedError | null;

/** Streams whose only gate is the route's role (`@Roles`). */
export const ANY_ROLE_ALLOWED: StreamAccess<unknown> = () => null;
