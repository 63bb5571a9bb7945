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

/**
 * A batch append named a stream some of whose events are stored already and some not: it mixes a
 * repeated command with new ones, so neither "append" nor "already appended" is the truth.
 */
export class PartiallyAppendedError extends Error {
  override readonly name = 'PartiallyAppendedError';
  constructor(
    readonly streamId: string,
    readonly storedEventIds: string[],
  ) {
    super(
      `Stream ${streamId}: ${storedEventIds.length} of the events to append are stored already (e.g. ${storedEventIds[0]}); ` +
        'append the new ones on their own',
    );
  }
}
