import type { Position } from '@eventstore/db-client';

/**
 * A position in EventStoreDB's `$all`: the commit and prepare positions of an event in the
 * transaction file, written "<commit>/<prepare>". `$all` is ordered by the pair, compared as
 * numbers (they are 64-bit and exceed 2^53, so as bigints, never as text).
 */
export const formatEsdbPosition = (position: Position): string => `${position.commit}/${position.prepare}`;

export const parseEsdbPosition = (value: string): Position => {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match) throw new Error(`Not an EventStoreDB log position: ${value}`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
};

export const compareEsdbPositionValues = (a: Position, b: Position): number => {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare === b.prepare) return 0;
  return a.prepare < b.prepare ? -1 : 1;
};

export const compareEsdbPositions = (a: string, b: string): number =>
  compareEsdbPositionValues(parseEsdbPosition(a), parseEsdbPosition(b));
