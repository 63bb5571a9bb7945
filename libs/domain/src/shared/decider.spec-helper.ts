import { decideFromHistory, type Decider } from './decider';
import { DomainError, type DomainErrorKind } from './domain-error';

/** What a rejected command must report; `field` is compared only when given (use null for none). */
export interface ExpectedRejection {
  kind: DomainErrorKind;
  code: string;
  field?: string | null;
}

/**
 * Given/when/then over a decider:
 *   given(pastEvents).when(command).then(expectedEvents)
 *   given(pastEvents).when(command).thenRejects({ kind, code, field })
 */
export const deciderSpec = <C, E, S>(decider: Decider<C, E, S>) => ({
  given: (...history: E[]) => ({
    when: (command: C) => ({
      then: (expected: E[]): void => {
        expect(decideFromHistory(decider, history, command)).toEqual(expected);
      },
      thenRejects: (expected: ExpectedRejection): DomainError => {
        const error = captureError(() => decideFromHistory(decider, history, command));
        expect(error).toBeInstanceOf(DomainError);
        const actual = error as DomainError;
        expect({ kind: actual.kind, code: actual.code }).toEqual({
          kind: expected.kind,
          code: expected.code,
        });
        if (expected.field !== undefined) expect(actual.field ?? null).toEqual(expected.field);
        return actual;
      },
    }),
  }),
});

const captureError = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the command to be rejected, but it was accepted');
};
