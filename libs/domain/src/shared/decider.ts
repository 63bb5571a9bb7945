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
  /**
   * Optional: the state after several events at once, the same as `evolve` on each in turn, for
   * deciders whose state holds collections that `evolve` copies (folding a long stream event by
   * event would copy them once per event).
   */
  fold?(state: S, events: readonly E[]): S;
}

/** The state after the given events, from the decider's initial state. */
export const foldEvents = <C, E, S>(decider: Decider<C, E, S>, events: Iterable<E>): S => {
  return foldAll(decider, decider.initialState(), [...events]);
};

/** `state` after the events: the decider's `fold` where it has one, `evolve` on each otherwise. */
export const foldAll = <C, E, S>(decider: Decider<C, E, S>, state: S, events: readonly E[]): S => {
  if (decider.fold) return decider.fold(state, events);
  let folded = state;
  for (const event of events) folded = decider.evolve(folded, event);
  return folded;
};

/** Fold the history, then decide: what the command would append to that stream. */
export const decideFromHistory = <C, E, S>(
  decider: Decider<C, E, S>,
  history: Iterable<E>,
  command: C,
): E[] => decider.decide(command, foldEvents(decider, history));
