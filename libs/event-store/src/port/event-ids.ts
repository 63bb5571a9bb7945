import { v5 as uuidv5 } from 'uuid';

/** Namespace for event ids derived from command ids (a fixed, random UUID). */
const EVENT_ID_NAMESPACE = '0b7a1f3e-6d0c-4d55-9a3c-5f2d4b8e9c11';

/**
 * The id of the n-th event a command produces. Deterministic, so a repeated command yields the
 * same ids and the store recognises it instead of appending twice.
 */
export const eventIdFor = (commandId: string, index: number): string =>
  uuidv5(`${commandId}#${index}`, EVENT_ID_NAMESPACE);

/** An aggregate id derived from the command that creates it, so a repeated command names the same one. */
export const aggregateIdFor = (commandId: string, kind: string): string =>
  uuidv5(`${kind}:${commandId}`, EVENT_ID_NAMESPACE);
