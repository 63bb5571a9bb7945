/** The stream kept changing under the command: every retry on fresh state met another conflict. */
export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`Stream ${streamId} changed concurrently on each of ${attempts} attempts`);
  }
}

/** An Idempotency-Key already used for a command on another stream. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor(readonly commandId: string) {
    super(`Idempotency-Key ${commandId} was already used for another request`);
  }
}
