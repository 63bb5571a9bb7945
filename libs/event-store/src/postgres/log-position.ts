/**
 * A position in the PostgreSQL global log: the writing transaction's id and the row's global
 * position, written "<transactionId>-<globalPosition>". The log is ordered by the pair.
 */
export interface PgLogPosition {
  transactionId: bigint;
  globalPosition: bigint;
}

export const START: PgLogPosition = { transactionId: 0n, globalPosition: 0n };

export const formatPosition = (p: PgLogPosition): string => `${p.transactionId}-${p.globalPosition}`;

export const parsePosition = (value: string | null): PgLogPosition => {
  if (value === null) return START;
  const match = /^(\d+)-(\d+)$/.exec(value);
  if (!match) throw new Error(`Not a PostgreSQL log position: ${value}`);
  return { transactionId: BigInt(match[1]!), globalPosition: BigInt(match[2]!) };
};

export const comparePgPositions = (a: string, b: string): number => {
  const pa = parsePosition(a);
  const pb = parsePosition(b);
  if (pa.transactionId !== pb.transactionId) return pa.transactionId < pb.transactionId ? -1 : 1;
  if (pa.globalPosition === pb.globalPosition) return 0;
  return pa.globalPosition < pb.globalPosition ? -1 : 1;
};
