import { BadRequestException, type PipeTransform } from '@nestjs/common';

/** The id rule of the command API (customer ids name streams). */
const CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** Refuses a `:id` path parameter no customer can have, naming the field. */
export class CustomerIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CUSTOMER_ID.test(value)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'The request is invalid',
        errors: [
          {
            field: 'id',
            message: 'id must be 1–64 letters, digits or _ . : - (starting with a letter or digit)',
          },
        ],
      });
    }
    return value;
  }
}
