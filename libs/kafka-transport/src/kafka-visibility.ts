/** Runs a query (a pg Pool/Client or a TypeORM DataSource/EntityManager fits). */
export interface TransportSql {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * SQL for the sortable key of a log position parameter: both formats ("<xid>-<pos>" for the
 * PostgreSQL store, "<commit>/<prepare>" for EventStoreDB) are a pair of integers ordered as a pair.
 */
export const positionKeySql = (parameter: string): string =>
  `string_to_array(translate(${parameter}, '/', '-'), '-')::numeric[]`;

/** Marks older than this are pruned (the newest is always kept). */
export const RELAY_MARK_RETENTION = '1 hour';

export interface KafkaVisibilityTarget {
  topic: string;
  groupId: string;
  relay?: string;
}

const VISIBLE = `
  WITH mark AS (
    SELECT next_offsets FROM transport.relay_marks
    WHERE relay = $1 AND topic = $2 AND position_key >= ${positionKeySql('$3')}
    ORDER BY position_key
    LIMIT 1
  )
  SELECT EXISTS (SELECT 1 FROM mark) AND NOT EXISTS (
    SELECT 1 FROM mark CROSS JOIN LATERAL jsonb_each_text(mark.next_offsets) AS o(partition, next_offset)
    LEFT JOIN transport.consumer_offsets c
      ON c.group_id = $4 AND c.topic = $2 AND c.partition = o.partition::integer
    WHERE coalesce(c.next_offset, 0) < o.next_offset::bigint
  ) AS visible`;

/**
 * Whether every event up to `position` has been applied by the consumer group through Kafka: the
 * relay published the batch holding it (a mark at or past it exists), and on every partition the
 * group's stored offset has reached where the topic ended after that batch. Events of one
 * partition are in log order, so reaching the offset means having applied all of them.
 */
export async function visibleThroughKafka(
  db: TransportSql,
  position: string,
  target: KafkaVisibilityTarget,
): Promise<boolean> {
  const result = await db.query(VISIBLE, [target.relay ?? 'default', target.topic, position, target.groupId]);
  // TypeORM answers the rows, pg a result holding them.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ visible: boolean }>;
  return rows[0]?.visible === true;
}
