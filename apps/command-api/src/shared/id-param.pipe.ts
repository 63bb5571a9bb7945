import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { ID_PATTERN } from './validators';

/** Validates an id taken from the path; `field` names it in the 400 answer. */
export class IdParamPipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'id') {}

  transform(value: string): string {
    if (!ID_PATTERN.test(value)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'The request is invalid',
        errors: [{ field: this.field, message: `${this.field} must be 1–64 letters, digits or _ . : -` }],
      });
    }
    return value;
  }
}

/** The pipe for the `:id` path parameter. */
export const ID_PARAM = new IdParamPipe('id');
