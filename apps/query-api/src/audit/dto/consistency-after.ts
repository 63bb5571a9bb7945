import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/**
 * `?after=<consistencyToken>`: read-your-writes, as the X-Consistency-Token header (the
 * ConsistencyInterceptor checks and waits for it; the DTO only has to admit the parameter).
 */
export const IsConsistencyAfter = () =>
  applyDecorators(
    ApiPropertyOptional({
      description:
        'consistencyToken of a command: wait (bounded) until the projections have passed it; the answer ' +
        'says X-Consistency: fresh or stale. Same as the X-Consistency-Token header',
      example: '7731-1042',
    }),
    IsOptional(),
    IsString(),
  );
