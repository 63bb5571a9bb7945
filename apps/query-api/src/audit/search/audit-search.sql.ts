import type { AuditFilterQuery } from '../dto/audit-filter.query';

/** A parameterised statement: text with $n placeholders and the values in order. */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

/** The columns of read_models.interaction_index the audit answers with. */
const COLUMNS = `global_position::text AS "globalPosition", customer_id AS "customerId",
  stream_version AS "streamVersion", event_type AS "type", event_id AS "eventId",
  actor_user_id AS "actorUserId", actor_role AS "actorRole", occurred_at AS "occurredAt",
  recorded_at AS "recordedAt", command_id AS "commandId", correlation_id AS "correlationId",
  causation_id AS "causationId", summary`;

/**
 * One keyset page of the interaction index: the filters given (and only those) as a WHERE clause
 * over fixed column names, ordered by global position, rows after `after` (before it in `desc`).
 * User input only ever travels as a bound value.
 */
export const auditPageStatement = (
  filter: AuditFilterQuery,
  after: string | null,
  limit: number,
  /** A manager's regions: only events about customers now in them (undefined: no limit). */
  regions?: readonly string[],
): SqlStatement => {
  const values: unknown[] = [];
  const bind = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [];
  if (filter.actor !== undefined) where.push(`actor_user_id = ${bind(filter.actor)}`);
  if (filter.role !== undefined) where.push(`actor_role = ${bind(filter.role)}`);
  if (filter.type !== undefined) where.push(`event_type = ANY(${bind(filter.type)}::text[])`);
  if (filter.customerId !== undefined) where.push(`customer_id = ${bind(filter.customerId)}`);
  if (regions !== undefined) {
    where.push(
      `customer_id IN (SELECT customer_id FROM read_models.customer_value WHERE region = ANY(${bind(regions)}::text[]))`,
    );
  }
  const time = filter.timeField === 'recordedAt' ? 'recorded_at' : 'occurred_at';
  if (filter.from !== undefined) where.push(`${time} >= ${bind(filter.from)}::timestamptz`);
  if (filter.to !== undefined) where.push(`${time} < ${bind(filter.to)}::timestamptz`);
  const desc = filter.order === 'desc';
  if (after !== null) where.push(`global_position ${desc ? '<' : '>'} ${bind(after)}::bigint`);
  return {
    text: `SELECT ${COLUMNS} FROM read_models.interaction_index
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY global_position ${desc ? 'DESC' : 'ASC'}
      LIMIT ${bind(limit)}`,
    values,
  };
};
