/** Injection token of the event-store port. */
export const EVENT_STORE = Symbol('EVENT_STORE');
