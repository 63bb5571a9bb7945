import type { EventMetadata } from './metadata';

/** An event as decided by the domain: a type and its data, before it is stored. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

/** An event as read back from the store: the decided event plus where and how it was stored. */
export type RecordedEvent<E extends DomainEvent = DomainEvent> = E & {
  streamId: string;
  /** 0-based version of the event inside its stream. */
  streamVersion: number;
  /** Position in the global log, as a decimal string (it may exceed 2^53). */
  globalPosition: string;
  metadata: EventMetadata;
};
