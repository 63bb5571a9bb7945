import type { DataSource, EntityManager } from 'typeorm';
import type { SegmentationPolicy } from '@crm/events';
import type { EventStore } from '@crm/event-store';
import type { CustomerExplainView, ExplainTransitionView } from './dto/customer-explain.view';
import { EXPLAIN_SQL, LAST_ORDER_EVENT_SQL, TRANSITIONS_SQL } from './customer-explain.sql';
import { abcReason, cutoffRule, daysBetween, stageReason } from './explain-reasons';
import { EventRefs } from './event-refs';

interface ExplainRow {
  registeredAt: Date;
  lastGlobalPosition: string;
  policy: SegmentationPolicy;
  policyVersion: number | null;
  policyPosition: string | null;
  policyChangedAt: Date | null;
  abcClass: string | null;
  rank: number | null;
  measureValue: string | null;
  population: number;
  aCut: number;
  abCut: number;
  aCutMeasure: string | null;
  abCutMeasure: string | null;
  windowStart: Date;
  ordersInWindow: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  reactivatedAt: Date | null;
  stage: string;
}

interface TransitionRow {
  which: 'current' | 'next';
  at: Date;
  fromStage: string | null;
  toStage: string;
  globalPosition: string;
}

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());
const date = (d: Date | null): Date | null => (d === null ? null : new Date(d));

/** What the customer was outside of: registered after `asOf`, or unknown. */
export type ExplainMiss = 'unknown' | 'not_registered';

/**
 * Why the customer has its ABC class and lifecycle stage at `asOf`, read in one REPEATABLE READ
 * snapshot of the read models; the events named are resolved through the interaction index and
 * the policy stream of the event store.
 */
export async function readCustomerExplain(
  db: DataSource,
  store: EventStore,
  customerId: string,
  asOf: Date,
): Promise<CustomerExplainView | ExplainMiss> {
  return db.transaction('REPEATABLE READ', async (tx: EntityManager) => {
    const [row] = (await tx.query(EXPLAIN_SQL, [asOf, customerId])) as ExplainRow[];
    if (!row) return 'unknown';
    if (new Date(row.registeredAt).getTime() > asOf.getTime()) return 'not_registered';
    const transitions = (await tx.query(TRANSITIONS_SQL, [customerId, asOf])) as TransitionRow[];
    const current = transitions.find((t) => t.which === 'current') ?? null;
    const next = transitions.find((t) => t.which === 'next') ?? null;
    const [lastOrder] = (await tx.query(LAST_ORDER_EVENT_SQL, [
      customerId,
      asOf,
      row.lastGlobalPosition,
    ])) as Array<{ globalPosition: string }>;

    const refs = new EventRefs(tx, store);
    const events = await refs.resolve([
      lastOrder?.globalPosition ?? null,
      current?.globalPosition ?? null,
      next?.globalPosition ?? null,
    ]);
    const policyEvent = row.policyPosition ? await refs.policyView(row.policyPosition) : null;
    const transition = (t: TransitionRow | null): ExplainTransitionView | null =>
      t && {
        fromStage: t.fromStage,
        toStage: t.toStage,
        at: iso(t.at)!,
        globalPosition: t.globalPosition,
        event: events.get(t.globalPosition) ?? null,
      };

    const { abc, lifecycle } = row.policy;
    const aRank = Math.min(row.aCut, row.population);
    const abRank = Math.min(row.abCut, row.population);
    const thresholds = {
      newWithinDays: lifecycle.newWithinDays,
      atRiskAfterDays: lifecycle.atRiskAfterDays,
      dormantAfterDays: lifecycle.dormantAfterDays,
    };
    const days = {
      daysSinceFirstOrder: daysBetween(date(row.firstOrderAt), asOf),
      daysSinceLastOrder: daysBetween(date(row.lastOrderAt), asOf),
      daysSinceReactivation: daysBetween(date(row.reactivatedAt), asOf),
    };
    return {
      customerId,
      asOf: asOf.toISOString(),
      policy: {
        version: row.policyVersion,
        parameters: row.policy as unknown as Record<string, unknown>,
        changedAt: iso(row.policyChangedAt),
        reason: policyEvent?.reason ?? null,
        event: policyEvent?.view ?? null,
      },
      abc:
        row.abcClass === null || row.rank === null
          ? null
          : {
              abcClass: row.abcClass,
              measure: abc.measure,
              measureValue: row.measureValue!,
              rank: row.rank,
              population: row.population,
              windowStart: iso(row.windowStart)!,
              ordersInWindow: row.ordersInWindow,
              aCutoff: {
                rule: cutoffRule(abc.aPercent, row.population, row.aCut),
                rank: aRank,
                measureAtCutoff: row.aCutMeasure!,
              },
              abCutoff: {
                rule: cutoffRule(abc.abPercent, row.population, row.abCut),
                rank: abRank,
                measureAtCutoff: row.abCutMeasure!,
              },
              reason: abcReason({
                abcClass: row.abcClass,
                rank: row.rank,
                population: row.population,
                aCutoff: aRank,
                abCutoff: abRank,
              }),
              lastOrderEvent: lastOrder ? (events.get(lastOrder.globalPosition) ?? null) : null,
            },
      lifecycle: {
        stage: row.stage,
        thresholds,
        firstOrderAt: iso(row.firstOrderAt),
        lastOrderAt: iso(row.lastOrderAt),
        reactivatedAt: iso(row.reactivatedAt),
        ...days,
        reason: stageReason({ stage: row.stage, thresholds, ...days }),
        transition: transition(current),
        next: transition(next),
      },
    };
  });
}
