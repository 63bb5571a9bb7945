import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';

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

/** Deepest nesting an input may have: DTOs nest a few levels; far deeper input exhausts the transformer's stack. */
export const MAX_INPUT_DEPTH = 32;

/** Whether `value` nests deeper than `limit` objects or arrays (walked without recursion). */
const nestsDeeperThan = (value: unknown, limit: number): boolean => {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
};

/** Refuses too deeply nested input with a 400 before class-transformer recurses into it. */
class DepthLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestsDeeperThan(value, MAX_INPUT_DEPTH)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `The ${metadata.type} nests deeper than ${MAX_INPUT_DEPTH} levels`,
        code: 'INPUT_TOO_DEEP',
      });
    }
    return super.transform(value, metadata);
  }
}

/**
 * The global validation pipe: DTOs are whitelisted, unknown fields are refused, and a refusal lists
 * every offending field.
 */
export const createValidationPipe = (): ValidationPipe =>
  new DepthLimitedValidationPipe({
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
