import { SCHEMA_VERSIONS } from '../schema';
import type { Upcaster, UpcastResult } from './upcaster';
import { UpcasterRegistry } from './upcaster-registry';
import { visitLoggedV1ToV2 } from './visit-logged.upcasters';

/** Every upcaster of the event contracts; add one per schema change, next to the event's others. */
export const EVENT_UPCASTERS: readonly Upcaster[] = [visitLoggedV1ToV2];

/** The registry that lifts stored events to SCHEMA_VERSIONS. */
export const eventUpcasters = new UpcasterRegistry(EVENT_UPCASTERS, SCHEMA_VERSIONS);

/**
 * Stored event data lifted to the current schema version of its type (SCHEMA_VERSIONS), through
 * every upcaster in between. Types this build does not know come back untouched; a version newer
 * than the current one or a missing step throws an UpcastError.
 */
export const upcast = (type: string, schemaVersion: number, data: unknown): UpcastResult =>
  eventUpcasters.upcast(type, schemaVersion, data);
