import type { ExpectedVersion } from './event-store';

/** The stream was not at the version the writer expected. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number | 'no_stream',
  ) {
    super(
      `Stream ${streamId} was expected at version ${String(expectedVersion)} but is at ${String(actualVersion)}`,
    );
  }
}
