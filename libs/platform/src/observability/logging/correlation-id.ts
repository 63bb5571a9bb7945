import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The header a request's correlation id arrives in and is echoed back in. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Printable ASCII, 1–128 characters: what the command API accepts as an id in a header. */
const ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

const headerValue = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first !== undefined && ID_PATTERN.test(first) ? first : undefined;
};

/**
 * A request's correlation id: the client's `X-Correlation-Id`, else its `Idempotency-Key` (the
 * command id, which the command API also uses as the default correlation id), else a new UUID.
 * A malformed header is not trusted for logging (a new id is made; the API still refuses it).
 */
export const correlationIdOf = (headers: IncomingHttpHeaders): string =>
  headerValue(headers, CORRELATION_ID_HEADER) ?? headerValue(headers, 'idempotency-key') ?? randomUUID();

interface RequestContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (and everything it starts) as part of the request with this correlation id. */
export const runWithCorrelationId = <T>(correlationId: string, fn: () => T): T =>
  storage.run({ correlationId }, fn);

/** The correlation id of the request being handled, if any. */
export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;
