/**
 * How a rule was broken. The edges map it without knowing the rule:
 * `not_found` → 404, `conflict` → 409, `invalid` → 400 (or 422).
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'invalid';

/**
 * A business rule refused a command. `code` is stable and machine-readable
 * (e.g. 'CUSTOMER_NOT_FOUND', 'ORDER_ALREADY_RECORDED'); `field` is the path of the offending
 * input field when one is to blame (e.g. 'lines[0].quantity'); `message` is for humans.
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';

  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The command names something that does not exist (yet). */
export class NotFoundError extends DomainError {
  override readonly name: string = 'NotFoundError';

  constructor(code: string, message: string, field?: string) {
    super('not_found', code, message, field);
  }
}

/** The command contradicts what already happened. */
export class ConflictError extends DomainError {
  override readonly name: string = 'ConflictError';

  constructor(code: string, message: string, field?: string) {
    super('conflict', code, message, field);
  }
}

/** The command itself is malformed, whatever happened before. */
export class InvalidError extends DomainError {
  override readonly name: string = 'InvalidError';

  constructor(code: string, message: string, field?: string) {
    super('invalid', code, message, field);
  }
}

/** `field` names the input that refers to the missing thing, when one does (e.g. 'contactPersonId'). */
export const notFound = (code: string, message: string, field?: string): NotFoundError =>
  new NotFoundError(code, message, field);

/** `field` names the input that breaks the rule, when one does (e.g. 'amount'). */
export const conflict = (code: string, message: string, field?: string): ConflictError =>
  new ConflictError(code, message, field);

export const invalid = (code: string, message: string, field?: string): InvalidError =>
  new InvalidError(code, message, field);

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
