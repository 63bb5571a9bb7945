import type { SqlExecutor } from '../../projection/projection';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

/**
 * Rewrites the lifecycle transitions of one customer from `from` on, or of everyone (customer and
 * from null, after a policy change), with <schema>.lifecycle_refresh (migration 1763900200002).
 *
 * The timeline of a customer is a function of its live orders and the live policy: `prospect` at
 * registration; at each order the stage it leads to; between orders the time-driven changes (new →
 * active when newWithinDays have passed since the first order, reactivated → active the same after
 * a reactivation, → at_risk / → dormant when atRiskAfterDays / dormantAfterDays have passed since
 * the last order). Rows after the last order are scheduled: they hold unless another order arrives,
 * and readers take the rows up to their as-of instant.
 */
export async function refreshLifecycle(
  db: SqlExecutor,
  customerId: string | null,
  from: string | Date | null,
  globalPosition: string,
  schema: string = LIVE_VALUE_SCHEMA,
): Promise<void> {
  await db.query(`SELECT ${valueSchema(schema)}.lifecycle_refresh($1, $2, $3)`, [
    customerId,
    from,
    globalPosition,
  ]);
}
