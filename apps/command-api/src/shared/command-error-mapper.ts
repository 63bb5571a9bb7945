import { isDomainError } from '@crm/domain';
import { ConcurrencyError } from '@crm/event-store';
import type { ErrorMapper } from '@crm/platform';
import { IdempotencyKeyReusedError, RetriesExhaustedError } from '../application/command-errors';
import { AccessDeniedError } from '../application/stream-access';

const STATUS = { not_found: 404, conflict: 409, invalid: 400 } as const;
const REASON = { 404: 'Not Found', 409: 'Conflict', 400: 'Bad Request' } as const;

/** Business-rule refusals and unresolvable conflicts as HTTP answers. */
export const commandErrorMapper: ErrorMapper = (error) => {
  if (isDomainError(error)) {
    const statusCode = STATUS[error.kind];
    return {
      statusCode,
      error: REASON[statusCode],
      message: error.message,
      code: error.code,
      ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}),
    };
  }
  if (error instanceof AccessDeniedError) {
    return { statusCode: 403, error: 'Forbidden', message: error.message, code: error.code };
  }
  if (error instanceof RetriesExhaustedError || error instanceof ConcurrencyError) {
    return { statusCode: 409, error: 'Conflict', message: error.message, code: 'CONCURRENCY_CONFLICT' };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return {
      statusCode: 409,
      error: 'Conflict',
      message: error.message,
      code: 'IDEMPOTENCY_KEY_REUSED',
      errors: [{ field: 'Idempotency-Key', message: error.message }],
    };
  }
  return null;
};
