import { Client } from 'pg';

/** One command of the fault and soak workloads: its Idempotency-Key is its command id. */
export interface WorkloadCommand {
  key: string;
  kind: 'register' | 'visit' | 'order';
  url: string;
  body: Record<string, unknown>;
}

export const WORKLOAD_REP = 'rep-load';

/** The rep and the customers every workload command may refer to (POST bodies, in order). */
export const workloadSeed = (customers: number): Array<[string, Record<string, unknown>]> => [
  ['/reps', { repId: WORKLOAD_REP, name: 'Load Rep', region: 'east' }],
  ...Array.from({ length: customers }, (_, c): [string, Record<string, unknown>] => [
    '/customers',
    {
      customerId: `load-c${c}`,
      name: `Load Customer ${c}`,
      type: c % 3 ? 'retail' : 'distributor',
      region: c % 2 ? 'east' : 'west',
    },
  ]),
];

/**
 * The `i`-th command of a run: a new customer, or a visit or an order on one of the seeded
 * customers. Each appends exactly one event, whatever order the commands arrive in.
 */
export function workloadCommand(run: string, i: number, seededCustomers: number): WorkloadCommand {
  const key = `${run}-${i}`;
  const customer = `load-c${i % seededCustomers}`;
  const day = String(1 + (i % 28)).padStart(2, '0');
  switch (i % 4) {
    case 0:
      return {
        key,
        kind: 'register',
        url: '/customers',
        body: {
          customerId: `${run}-n${i}`,
          name: `New ${i}`,
          type: 'retail',
          region: i % 8 ? 'north' : 'south',
        },
      };
    case 1:
    case 3:
      return {
        key,
        kind: 'order',
        url: `/customers/${customer}/orders`,
        body: {
          orderId: `${run}-o${i}`,
          repId: WORKLOAD_REP,
          channel: 'direct',
          orderedAt: `2026-10-${day}T10:00:00Z`,
          lines: [
            {
              sku: `sku-${i % 7}`,
              category: i % 2 ? 'audio' : 'televisions',
              brand: 'Lumina',
              quantity: 1 + (i % 3),
              unitPrice: '19.99',
              listPrice: '24.00',
              unitCost: '12.50',
            },
          ],
        },
      };
    default:
      return {
        key,
        kind: 'visit',
        url: `/customers/${customer}/visits`,
        body: {
          repId: WORKLOAD_REP,
          channel: 'phone',
          activityType: 'call',
          cost: '2.50',
          visitedAt: `2026-10-${day}T09:00:00Z`,
        },
      };
  }
}

/** How many events each command id has in the store (a command of the workload appends one). */
export async function storedCommandCounts(databaseUrl: string, keys: string[]): Promise<Map<string, number>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ command_id: string; n: number }>(
      `SELECT metadata->>'commandId' AS command_id, count(*)::int AS n FROM event_store.events
       WHERE metadata->>'commandId' = ANY($1) GROUP BY 1`,
      [keys],
    );
    return new Map(rows.map((r) => [r.command_id, r.n]));
  } finally {
    await client.end();
  }
}
