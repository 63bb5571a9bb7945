import type { CustomerProfileUpdated, CustomerRegistered } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../projection/projection';

type Attribute = 'region' | 'type';

/**
 * The customer attributes an analytics projection keeps in a table of its own (customer_id and
 * some of region, type), for one batch: the customers the batch touches are read once, its events
 * folded over them in log order, and the changed ones written back with one statement. As `apply`
 * per event: a registration inserts only a new customer; a profile update changes only a known one,
 * and only when it carries one of the attributes.
 */
export class CustomerDimension<A extends Attribute> {
  private readonly changed = new Set<string>();

  private constructor(
    private readonly table: string,
    private readonly attributes: readonly A[],
    private readonly values: Map<string, Record<A, string>>,
  ) {}

  /** `table`: schema-qualified, holding customer_id and the attributes as text. */
  static async load<A extends Attribute>(
    db: SqlExecutor,
    table: string,
    attributes: readonly A[],
    events: LogEvent[],
  ): Promise<CustomerDimension<A>> {
    const ids = [...new Set(events.map((e) => (e.data as { customerId: string }).customerId))];
    const rows: Array<{ customer_id: string } & Record<A, string>> = await db.query(
      `SELECT customer_id, ${attributes.join(', ')} FROM ${table} WHERE customer_id = ANY($1::text[])`,
      [ids],
    );
    return new CustomerDimension(table, attributes, new Map(rows.map((r) => [r.customer_id, r])));
  }

  /** The customer as the events folded so far leave it (undefined: not registered). */
  get(customerId: string): Record<A, string> | undefined {
    return this.values.get(customerId);
  }

  /** Takes in a registration or a profile update; other events leave it alone. */
  fold(event: LogEvent): void {
    if (event.type === 'CustomerRegistered') {
      const d = event.data as CustomerRegistered['data'];
      if (this.values.has(d.customerId)) return;
      this.set(d.customerId, (a) => d[a]);
    } else if (event.type === 'CustomerProfileUpdated') {
      const d = event.data as CustomerProfileUpdated['data'];
      const current = this.values.get(d.customerId);
      if (!current || this.attributes.every((a) => d.changes[a] === undefined)) return;
      this.set(d.customerId, (a) => d.changes[a] ?? current[a]);
    }
  }

  /** Writes the customers whose attributes the batch changed. */
  async save(db: SqlExecutor): Promise<void> {
    if (this.changed.size === 0) return;
    const ids = [...this.changed];
    const columns = this.attributes.join(', ');
    await db.query(
      `INSERT INTO ${this.table} (customer_id, ${columns})
       SELECT * FROM unnest(${['$1', ...this.attributes.map((_, i) => `$${i + 2}`)].map((p) => `${p}::text[]`).join(', ')})
       ON CONFLICT (customer_id) DO UPDATE SET ${this.attributes.map((a) => `${a} = EXCLUDED.${a}`).join(', ')}`,
      [ids, ...this.attributes.map((a) => ids.map((id) => this.values.get(id)![a]))],
    );
  }

  private set(customerId: string, value: (attribute: A) => string): void {
    this.values.set(
      customerId,
      Object.fromEntries(this.attributes.map((a) => [a, value(a)])) as Record<A, string>,
    );
    this.changed.add(customerId);
  }
}
