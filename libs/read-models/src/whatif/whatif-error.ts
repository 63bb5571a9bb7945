/**
 * A what-if request that cannot be served: `not_found` (no such run), `conflict` (the run or the
 * live policy is not in a state that allows it), `invalid`. The edges map the kind to a status.
 */
export class WhatIfError extends Error {
  override readonly name = 'WhatIfError';

  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid',
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
