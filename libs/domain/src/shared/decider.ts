/**
 * A decider (Chassaing): the whole behaviour of one aggregate as three pure functions.
 * The application layer loads a stream, folds `evolve` from `initialState()`, calls `decide`
 * and appends the returned events.
 */
export interface Decider<C, E, S> {
  initialState(): S;
  /** Returns the events the command produces, or throws a DomainError. */
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
}

/** The state after the given events, from the decider's initial state. */
export const foldEvents = <C, E, S>(decider: Decider<C, E, S>, events: Iterable<E>): S => {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
};

/** Fold the history, then decide: what the command would append to that stream. */
export const decideFromHistory = <C, E, S>(
  decider: Decider<C, E, S>,
  history: Iterable<E>,
  command: C,
): E[] => decider.decide(command, foldEvents(decider, history));
