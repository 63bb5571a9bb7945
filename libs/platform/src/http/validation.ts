import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

export interface FieldError {
  /** Path of the offending input field, e.g. "lines[0].quantity". */
  field: string;
  message: string;
}

const join = (parent: string, property: string): string => {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
};

/** Flattens class-validator's error tree into one entry per offending field. */
export const flattenValidationErrors = (errors: ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = join(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });

/**
 * The global validation pipe: DTOs are whitelisted, unknown fields are refused, and a refusal lists
 * every offending field.
 */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'The request is invalid',
        errors: flattenValidationErrors(errors),
      }),
  });
