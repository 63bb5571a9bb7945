import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { ID_PATTERN } from './validators';

/** Validates an id taken from the path. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID_PATTERN.test(value)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'The request is invalid',
        errors: [{ field: 'id', message: 'id must be 1–64 letters, digits or _ . : -' }],
      });
    }
    return value;
  }
}
