import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CommandResult } from '../application/command-result';

/** The headers every command understands. */
export const ApiCommandHeaders = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Command id: a repeated key appends nothing and returns the first result',
    }),
    ApiHeader({ name: 'X-Correlation-Id', required: false }),
    ApiHeader({ name: 'X-Causation-Id', required: false }),
    ApiBadRequestResponse({ description: 'Invalid input: `errors` lists each offending field' }),
    ApiUnauthorizedResponse({ description: 'No bearer token, or one that does not verify or has expired' }),
    ApiForbiddenResponse({
      description:
        'The token’s role may not run this command on this stream (`code`: FORBIDDEN, NOT_YOUR_CUSTOMER, OUTSIDE_YOUR_REGION, …); nothing appended',
    }),
    ApiConflictResponse({
      description: 'A business rule refused the command (`code` says which), or the stream kept changing',
    }),
  );

export interface ApiCommandOptions {
  /** What the command records, for the 201 answer. */
  summary: string;
  /** The result type (a CommandResult with the ids the command made). */
  type?: new () => CommandResult;
  /** What a 404 means here; omit when the command cannot answer 404. */
  notFound?: string;
  /** Describe the 200 "nothing changed" answer, for commands that can change nothing. */
  unchanged?: string;
}

/** OpenAPI of one command endpoint: its 201, and its 404 and 200 when it has them. */
export const ApiCommand = ({ summary, type = CommandResult, notFound, unchanged }: ApiCommandOptions) =>
  applyDecorators(
    ApiCreatedResponse({ type, description: summary }),
    ...(unchanged ? [ApiOkResponse({ type, description: unchanged })] : []),
    ...(notFound ? [ApiNotFoundResponse({ description: notFound })] : []),
  );
