import type { CompetitorFeedbackRecorded } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../../projection/projection';
import { CustomerDimension } from '../customer-dimension';

/**
 * Competitor feedback's batch: the regions of the customers it touches are read once and the events
 * folded over them in log order (registration inserts only a new customer, a region change only
 * changes a known one, feedback takes the region as it is at that point, 'unknown' without a
 * customer), then written with two statements: changed customers, new feedback. Same rows as `apply`
 * per event: feedback is inserted unless its key exists (the first one wins).
 */
export async function applyCompetitorFeedbackBatch(
  s: string,
  events: LogEvent[],
  db: SqlExecutor,
): Promise<void> {
  const customers = await CustomerDimension.load(db, `${s}.competitor_customer`, ['region'], events);
  const feedback = new Map<
    string,
    { data: CompetitorFeedbackRecorded['data']; region: string; globalPosition: string }
  >();

  for (const event of events) {
    customers.fold(event);
    switch (event.type) {
      case 'CompetitorFeedbackRecorded': {
        const d = event.data as CompetitorFeedbackRecorded['data'];
        const key = `${d.customerId}\u0000${d.feedbackId}`;
        if (!feedback.has(key))
          feedback.set(key, {
            data: d,
            region: customers.get(d.customerId)?.region ?? 'unknown',
            globalPosition: event.globalPosition,
          });
        break;
      }
      default:
        break;
    }
  }

  await customers.save(db);
  if (feedback.size === 0) return;
  const rows = [...feedback.values()];
  await db.query(
    `INSERT INTO ${s}.competitor_feedback
       (customer_id, feedback_id, rep_id, competitor, product, region, rating, comment, observed_at,
        global_position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::smallint[],
                          $8::text[], $9::timestamptz[], $10::bigint[])
     ON CONFLICT (customer_id, feedback_id) DO NOTHING`,
    [
      rows.map((r) => r.data.customerId),
      rows.map((r) => r.data.feedbackId),
      rows.map((r) => r.data.repId ?? null),
      rows.map((r) => r.data.competitor),
      rows.map((r) => r.data.product),
      rows.map((r) => r.region),
      rows.map((r) => r.data.rating),
      rows.map((r) => r.data.comment ?? null),
      rows.map((r) => r.data.observedAt),
      rows.map((r) => r.globalPosition),
    ],
  );
}
