import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@crm/domain';
import type { ErrorBody } from '@crm/platform';
import { WhatIfError } from '@crm/read-models';

const STATUS = { not_found: 404, conflict: 409, invalid: 400 } as const;
const REASON = { 404: 'Not Found', 409: 'Conflict', 400: 'Bad Request' } as const;

/**
 * What-if and domain errors in the one error body of the APIs: no such run 404, a run or live
 * policy in the wrong state 409 with its `code`, a candidate the segmentation decider refuses 400
 * naming the field (under `policy.`).
 */
@Catch(WhatIfError, DomainError)
export class WhatIfErrorFilter implements ExceptionFilter {
  catch(error: WhatIfError | DomainError, host: ArgumentsHost): void {
    const statusCode = STATUS[error.kind];
    const body: ErrorBody = {
      statusCode,
      error: REASON[statusCode],
      message: error.message,
      code: error.code,
    };
    if (error instanceof DomainError && error.kind === 'invalid') {
      body.message = 'The request is invalid';
      body.errors = [{ field: error.field ? `policy.${error.field}` : 'policy', message: error.message }];
    }
    void host.switchToHttp().getResponse<FastifyReply>().status(statusCode).send(body);
  }
}
