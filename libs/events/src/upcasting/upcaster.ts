/** An event's data as stored: a JSON object of some schema version. */
export type StoredEventData = Record<string, unknown>;

/**
 * Lifts the data of one event type by one schema version: from `fromVersion` to
 * `fromVersion + 1`. Pure: returns new data and leaves its input untouched.
 */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: Readonly<StoredEventData>): StoredEventData;
}

/** Stored event data lifted to the current schema version of its type. */
export interface UpcastResult {
  schemaVersion: number;
  data: unknown;
}

/** Stored data that cannot be read as the current schema version. */
export class UpcastError extends Error {
  override readonly name = 'UpcastError';

  constructor(
    readonly type: string,
    readonly schemaVersion: number,
    message: string,
  ) {
    super(message);
  }
}
