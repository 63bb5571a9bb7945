import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from './projection';

/** An event a projection could not apply, as recorded in `read_models.dead_letters`. */
export interface DeadLetter {
  projection: string;
  eventId: string;
  eventType: string;
  logPosition: string;
  error: string;
}

const MAX_MESSAGE = 4000;
const MAX_STACK = 16_000;

/** PostgreSQL's jsonb cannot hold U+0000; a poison payload may. */
const jsonWithoutNul = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '\uFFFD') : v));

const describe = (error: unknown): { message: string; stack: string | null } => {
  if (error instanceof Error) {
    return { message: error.message.slice(0, MAX_MESSAGE), stack: error.stack?.slice(0, MAX_STACK) ?? null };
  }
  return { message: String(error).slice(0, MAX_MESSAGE), stack: null };
};

/** Records (or records again) that `projection` could not apply `event`. */
export async function recordDeadLetter(
  db: SqlExecutor,
  projection: string,
  event: LogEvent,
  error: unknown,
): Promise<DeadLetter> {
  const { message, stack } = describe(error);
  const eventId = event.metadata?.eventId ?? `${event.streamId}@${event.streamVersion}`;
  await db.query(
    `INSERT INTO read_models.dead_letters
       (projection, event_id, global_position, log_position, stream_id, stream_version, event_type,
        schema_version, error_message, error_stack, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
     ON CONFLICT (projection, event_id) DO UPDATE SET
       error_message = EXCLUDED.error_message,
       error_stack = EXCLUDED.error_stack,
       attempts = read_models.dead_letters.attempts + 1,
       failed_at = now()`,
    [
      projection,
      eventId,
      event.globalPosition,
      event.logPosition,
      event.streamId,
      event.streamVersion,
      event.type,
      event.metadata?.schemaVersion ?? null,
      message,
      stack,
      jsonWithoutNul({ data: event.data, metadata: event.metadata }),
    ],
  );
  return { projection, eventId, eventType: event.type, logPosition: event.logPosition, error: message };
}

/**
 * Errors that say nothing about the event: the connection, the server, or a conflict with another
 * transaction (PostgreSQL SQLSTATE classes 08, 40, 53, 57, 58), or a socket error (ECONNRESET…).
 * The batch is tried again instead.
 */
export const isTransientError = (error: unknown): boolean => {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : e?.driverError?.code;
  return typeof code === 'string' && /^(08|40|53|57|58)|^E[A-Z]{3,}$/.test(code);
};
