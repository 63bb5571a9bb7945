import type { EventToAppend } from '../port/event-store';

/**
 * The columns of appended events, one array per column, in the order the append statements take
 * them (`unnest` of uuid, text, int, jsonb, jsonb, timestamptz, timestamptz).
 */
export const eventColumns = (events: readonly EventToAppend[]): unknown[][] => [
  events.map((e) => e.metadata.eventId),
  events.map((e) => e.type),
  events.map((e) => e.metadata.schemaVersion),
  events.map((e) => JSON.stringify(e.data)),
  events.map((e) => JSON.stringify(e.metadata)),
  events.map((e) => e.metadata.occurredAt),
  events.map((e) => e.metadata.recordedAt),
];

/**
 * One append to one stream in one statement: reads the stream's version, inserts the events only
 * if it is the expected one ($2; null: any), and answers the current version with the last
 * appended row (none when the version did not match). $1 stream id, $3–$9 `eventColumns`.
 */
export const APPEND_TO_STREAM_SQL = `WITH current AS (
    SELECT coalesce(max(stream_version), -1) AS version FROM event_store.events WHERE stream_id = $1
  ),
  appended AS (
    INSERT INTO event_store.events
      (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at)
    SELECT $1, c.version + e.ord, e.event_id, e.event_type, e.schema_version, e.data, e.metadata,
           e.occurred_at, e.recorded_at
    FROM current c,
         unnest($3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::timestamptz[], $9::timestamptz[])
           WITH ORDINALITY AS e(event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, ord)
    WHERE $2::int IS NULL OR c.version = $2::int
    ORDER BY e.ord
    RETURNING stream_version, global_position, transaction_id
  ),
  last AS (SELECT * FROM appended ORDER BY global_position DESC LIMIT 1)
  SELECT c.version AS current_version, l.stream_version, l.global_position::text, l.transaction_id::text
  FROM current c LEFT JOIN last l ON true`;
