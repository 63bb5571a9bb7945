import { BadRequestException } from '@nestjs/common';

/** A 400 in the shape of the validation pipe's: one entry naming the offending field. */
export const fieldError = (field: string, message: string): BadRequestException =>
  new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: 'The request is invalid',
    errors: [{ field, message }],
  });

/** The `asOf` query value as an instant, or now (reads may use the clock; the domain never does). */
export const asOfOrNow = (asOf: string | undefined): Date => (asOf ? new Date(asOf) : new Date());
