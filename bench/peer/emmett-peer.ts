import { SQL } from '@event-driven-io/dumbo';
import {
  getPostgreSQLEventStore,
  postgreSQLRawSQLProjection,
  type PostgresEventStore,
} from '@event-driven-io/emmett-postgresql';
import { Client } from 'pg';
import { progressReporter } from '../support/progress';

/**
 * The peer: Emmett's PostgreSQL event store (@event-driven-io/emmett-postgresql 0.42), used as its
 * documentation shows — `getPostgreSQLEventStore(connectionString)`, `appendToStream`, and
 * `rebuildPostgreSQLProjections` for a projection rebuild. Its tables live in the `public` schema of
 * the same database as ours, so both run on the same PostgreSQL.
 */
export const openEmmett = async (url: string): Promise<PostgresEventStore> => {
  const store = getPostgreSQLEventStore(url);
  await store.schema.migrate();
  return store;
};

export interface PeerEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Our event as the peer stores it: same type, data and metadata; the message id is our event id. */
export const toPeerEvent = (e: {
  type: string;
  data: unknown;
  metadata: { eventId: string };
}): PeerEvent => ({
  type: e.type,
  data: e.data as Record<string, unknown>,
  metadata: { ...e.metadata, messageId: e.metadata.eventId },
});

interface Row {
  stream_id: string;
  stream_version: number;
  event_type: string;
  data: Record<string, unknown>;
  metadata: { eventId: string };
}

/**
 * Copies every stream of our event store into the peer's, one appendToStream per stream with all
 * of its events, so that both hold the same events. One append at a time: the peer's reader
 * (readMessagesBatch in 0.42) orders by (transaction_id, global_position) but resumes from a bare
 * global position, so events of concurrent appends whose positions interleave are skipped by a
 * rebuild; appending one stream after another keeps both orders equal and the comparison fair.
 */
export async function copyStreamsIntoEmmett(
  url: string,
  store: PostgresEventStore,
  total: number,
  label: string,
): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const report = progressReporter(`copying into Emmett (${label})`, total);
  let copied = 0;
  let after: [string, number] = ['', -1];
  let carry: Row[] = [];
  const append = async (streams: Row[][]) => {
    for (const rows of streams) {
      await store.appendToStream(
        rows[0]!.stream_id,
        rows.map((r) => toPeerEvent({ type: r.event_type, data: r.data, metadata: r.metadata })),
      );
      copied += rows.length;
      report(copied);
    }
  };
  try {
    for (;;) {
      const { rows } = await client.query<Row>(
        `SELECT stream_id, stream_version, event_type, data, metadata FROM event_store.events
         WHERE (stream_id, stream_version) > ($1, $2) ORDER BY stream_id, stream_version LIMIT 20000`,
        after,
      );
      if (rows.length === 0) break;
      const last = rows[rows.length - 1]!;
      after = [last.stream_id, last.stream_version];
      const grouped: Row[][] = [];
      for (const row of [...carry, ...rows]) {
        const current = grouped[grouped.length - 1];
        if (current && current[0]!.stream_id === row.stream_id) current.push(row);
        else grouped.push([row]);
      }
      // The last stream may go on in the next page.
      carry = grouped.pop() ?? [];
      await append(grouped);
    }
    if (carry.length > 0) await append([carry]);
    report(copied, true);
    return copied;
  } finally {
    await client.end();
  }
}

/** The table the peer's customer-summary projection writes: the same shape as ours. */
export const PEER_SUMMARY_DDL = [
  `CREATE SCHEMA IF NOT EXISTS bench_peer`,
  `DROP TABLE IF EXISTS bench_peer.customer_summary`,
  `CREATE TABLE bench_peer.customer_summary (LIKE read_models.customer_summary INCLUDING ALL)`,
];

interface SummaryEvent {
  type: 'CustomerRegistered' | 'VisitLogged' | 'OrderRecorded';
  data: Record<string, unknown>;
  metadata: { globalPosition: bigint };
}

const opt = (value: unknown): unknown => (value === undefined ? null : value);

/**
 * Our customer-summary projection (libs/read-models/src/customer/customer-summary.projection.ts),
 * statement for statement, written as an Emmett raw-SQL projection: the same work per event, so the
 * rebuild compares the two engines rather than two projections.
 */
export const peerCustomerSummaryProjection = postgreSQLRawSQLProjection<SummaryEvent>({
  name: 'bench-customer-summary',
  canHandle: ['CustomerRegistered', 'VisitLogged', 'OrderRecorded'],
  evolve: (event) => {
    const d = event.data;
    const position = event.metadata.globalPosition.toString();
    switch (event.type) {
      case 'CustomerRegistered':
        return SQL`INSERT INTO bench_peer.customer_summary
             (customer_id, name, type, region, industry, preferred_channel, source, partner_id, external_id,
              registered_at, lifecycle_stage, last_global_position)
           VALUES (${d.customerId}, ${d.name}, ${d.type}, ${d.region}, ${opt(d.industry)}, ${opt(d.preferredChannel)},
                   ${opt(d.source)}, ${opt(d.partnerId)}, ${opt(d.externalId)}, ${d.registeredAt}, 'prospect', ${position})
           ON CONFLICT (customer_id) DO NOTHING`;
      case 'VisitLogged':
        return SQL`UPDATE bench_peer.customer_summary SET
             visit_count = visit_count + 1,
             last_visit_at = greatest(last_visit_at, ${d.visitedAt}::timestamptz),
             visit_cost = visit_cost + ${d.cost}::numeric,
             last_global_position = ${position}
           WHERE customer_id = ${d.customerId}`;
      case 'OrderRecorded':
        return SQL`UPDATE bench_peer.customer_summary SET
             order_count = order_count + 1,
             volume = volume + ${d.totalQuantity as number},
             revenue = revenue + ${d.totalAmount}::numeric,
             first_order_at = least(first_order_at, ${d.orderedAt}::timestamptz),
             last_order_at = greatest(last_order_at, ${d.orderedAt}::timestamptz),
             lifecycle_stage = CASE WHEN order_count + 1 >= 2 THEN 'active' ELSE 'new' END,
             last_global_position = ${position}
           WHERE customer_id = ${d.customerId}`;
    }
  },
});
