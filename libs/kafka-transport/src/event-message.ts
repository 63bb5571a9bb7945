import type { IHeaders, Message } from 'kafkajs';
import type { LogEvent } from '@crm/event-store';

/** An event as a Kafka message: keyed by stream id (per-stream order), metadata in headers. */
export const toMessage = (event: LogEvent): Message => ({
  key: event.streamId,
  value: JSON.stringify(event),
  headers: {
    'event-type': event.type,
    'schema-version': String(event.metadata.schemaVersion),
    'global-position': event.globalPosition,
    'log-position': event.logPosition,
    'event-id': event.metadata.eventId,
  },
});

const header = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
};

export const fromMessage = (message: { value: Buffer | null; headers?: IHeaders }): LogEvent => {
  if (!message.value) throw new Error('Kafka message without a value');
  const event = JSON.parse(message.value.toString('utf8')) as LogEvent;
  const logPosition = header(message.headers, 'log-position');
  if (logPosition && logPosition !== event.logPosition) throw new Error('log-position header and body disagree');
  return event;
};
