import type { CustomerSort } from './dto/list-customers.query';

/** A keyset position: the sort, its direction, the sort key of the last row and its id. */
export interface CustomerCursor {
  sort: CustomerSort;
  order: 'asc' | 'desc';
  key: string;
  id: string;
}

/** Opaque to clients: base64url of a small JSON document. */
export const encodeCursor = (c: CustomerCursor): string =>
  Buffer.from(JSON.stringify([c.sort, c.order, c.key, c.id]), 'utf8').toString('base64url');

/** The cursor, or null when it was not issued for this sort and order. */
export const decodeCursor = (
  raw: string,
  sort: CustomerSort,
  order: 'asc' | 'desc',
): CustomerCursor | null => {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 4) return null;
    const [s, o, key, id] = value as unknown[];
    if (s !== sort || o !== order || typeof key !== 'string' || typeof id !== 'string') return null;
    return { sort, order, key, id };
  } catch {
    return null;
  }
};
