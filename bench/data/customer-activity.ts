import { customerDecider, type CustomerCommand, type CustomerState, type OrderLineInput } from '@crm/domain';
import { streams, type ContactChannel, type CustomerType, type SalesChannel } from '@crm/events';
import { ACTIVITIES, COMPETITORS, INDUSTRIES, money, type Sku } from './catalog';
import type { Prng } from './prng';

export interface CustomerProfileSeed {
  customerId: string;
  region: string;
  ownerRepId: string;
  /** Reps of the customer's region (owner changes stay in the region). */
  regionReps: string[];
  withOwner: boolean;
}

interface OpenOrder {
  orderId: string;
  totalCents: number;
  paidCents: number;
}

const CONTACT_CHANNELS: ContactChannel[] = ['onsite', 'phone', 'email', 'messaging', 'web'];
const CONTACT_WEIGHTS = [40, 30, 10, 15, 5];
const TYPES: CustomerType[] = ['retail', 'direct', 'distributor'];

/** Builds the lines of an order: 1–5 distinct SKUs, skewed quantities, realistic discounts. */
export function orderLines(rnd: Prng, catalog: Sku[]): { lines: OrderLineInput[]; totalCents: number } {
  const count = rnd.weighted([1, 2, 3, 4, 5], [35, 25, 20, 12, 8]);
  const used = new Set<number>();
  const lines: OrderLineInput[] = [];
  let totalCents = 0;
  while (lines.length < count) {
    const index = rnd.int(0, catalog.length - 1);
    if (used.has(index)) continue;
    used.add(index);
    const sku = catalog[index]!;
    const quantity = Math.max(1, Math.floor(Math.exp(rnd.next() * 3)));
    const discount = rnd.next() < 0.15 ? 0.15 + rnd.next() * 0.15 : rnd.next() * 0.12;
    const unitCents = Math.max(1, Math.round(sku.listCents * (1 - discount)));
    totalCents += unitCents * quantity;
    lines.push({
      sku: sku.sku,
      category: sku.category,
      brand: sku.brand,
      quantity,
      unitPrice: money(unitCents),
      listPrice: money(sku.listCents),
      unitCost: money(sku.costCents),
    });
  }
  return { lines, totalCents };
}

/** One customer of the dataset: its stream state and what it plausibly does next. */
export class CustomerActivity {
  readonly customerId: string;
  readonly streamId: string;
  readonly region: string;
  ownerRepId: string;
  state: CustomerState = customerDecider.initialState();
  version = -1;
  private readonly type: CustomerType;
  private readonly openOrders: OpenOrder[] = [];
  private contacts: string[] = [];
  private counter = 0;

  constructor(
    private readonly seed: CustomerProfileSeed,
    private readonly rnd: Prng,
    private readonly catalog: Sku[],
  ) {
    this.customerId = seed.customerId;
    this.streamId = streams.customer(seed.customerId);
    this.region = seed.region;
    this.ownerRepId = seed.ownerRepId;
    this.type = rnd.weighted(TYPES, [50, 30, 20]);
  }

  /** Registration (and, for most customers, an owner a minute later). */
  register(at: number): Array<{ command: CustomerCommand; at: number }> {
    const rnd = this.rnd;
    const steps: Array<{ command: CustomerCommand; at: number }> = [
      {
        at,
        command: {
          type: 'RegisterCustomer',
          customerId: this.customerId,
          name: `${this.customerId.toUpperCase()} ${rnd.pick(['Trading', 'Electronics', 'Home Store', 'Appliances', 'Supply'])} Co.`,
          customerType: this.type,
          region: this.region,
          industry: rnd.pick(INDUSTRIES),
          preferredChannel: rnd.weighted(CONTACT_CHANNELS, CONTACT_WEIGHTS),
          source: rnd.pick(['referral', 'trade-show', 'web', 'cold-call']),
          ...(this.type === 'distributor' ? { partnerId: `partner-${rnd.int(1, 40)}` } : {}),
          registeredAt: iso(at),
        },
      },
    ];
    if (this.seed.withOwner) {
      steps.push({
        at: at + 60_000,
        command: {
          type: 'AssignCustomerOwner',
          customerId: this.customerId,
          repId: this.ownerRepId,
          reason: 'territory',
          assignedAt: iso(at + 60_000),
        },
      });
    }
    return steps;
  }

  /** The next interaction, as a command the decider accepts. */
  nextActivity(at: number): CustomerCommand {
    const rnd = this.rnd;
    if (this.openOrders.length > 0 && rnd.next() < 0.22) return this.payment(at);
    const r = rnd.next();
    if (r < 0.5) return this.visit(at);
    if (r < 0.88) return this.order(at);
    if (r < 0.905) return this.cancellation(at) ?? this.visit(at);
    if (r < 0.93 && this.contacts.length < 4) return this.contact(at);
    if (r < 0.955) return this.feedback(at);
    if (r < 0.97)
      return {
        type: 'UpdateCustomerProfile',
        customerId: this.customerId,
        industry: `${rnd.pick(INDUSTRIES)}-${this.counter++}`,
        updatedAt: iso(at),
      };
    if (r < 0.985) return this.ownerChange(at);
    return this.visit(at);
  }

  private visit(at: number): CustomerCommand {
    const rnd = this.rnd;
    const channel = rnd.weighted(CONTACT_CHANNELS, CONTACT_WEIGHTS);
    const cost = channel === 'onsite' ? rnd.int(2_000, 15_000) : rnd.int(0, 800);
    return {
      type: 'LogVisit',
      customerId: this.customerId,
      visitId: `v-${this.customerId}-${this.counter++}`,
      repId: this.ownerRepId,
      ...(this.contacts.length > 0 && rnd.next() < 0.6 ? { contactPersonId: rnd.pick(this.contacts) } : {}),
      channel,
      activityType: rnd.pick(ACTIVITIES),
      purpose: 'review assortment and upcoming promotions',
      outcome: rnd.pick([
        'interested',
        'asked for a quote',
        'no need now',
        'complaint resolved',
        'order expected',
      ]),
      cost: money(cost),
      visitedAt: iso(at),
    };
  }

  private order(at: number): CustomerCommand {
    const rnd = this.rnd;
    const { lines, totalCents } = orderLines(rnd, this.catalog);
    const orderId = `o-${this.customerId}-${this.counter++}`;
    this.openOrders.push({ orderId, totalCents, paidCents: 0 });
    const channel: SalesChannel =
      this.type === 'distributor'
        ? rnd.weighted<SalesChannel>(['partner', 'direct'], [80, 20])
        : rnd.weighted<SalesChannel>(['direct', 'web', 'partner'], [70, 20, 10]);
    return {
      type: 'RecordOrder',
      customerId: this.customerId,
      orderId,
      repId: this.ownerRepId,
      channel,
      lines,
      orderedAt: iso(at),
    };
  }

  private payment(at: number): CustomerCommand {
    const order = this.openOrders[0]!;
    const outstanding = order.totalCents - order.paidCents;
    const amount = this.rnd.next() < 0.75 || outstanding < 200 ? outstanding : Math.floor(outstanding / 2);
    order.paidCents += amount;
    if (order.paidCents >= order.totalCents) this.openOrders.shift();
    return {
      type: 'RecordPayment',
      customerId: this.customerId,
      paymentId: `p-${this.customerId}-${this.counter++}`,
      orderId: order.orderId,
      amount: money(amount),
      receivedAt: iso(at),
    };
  }

  private cancellation(at: number): CustomerCommand | null {
    for (let i = this.openOrders.length - 1; i >= 0; i--) {
      const order = this.openOrders[i]!;
      if (order.paidCents > 0) continue;
      this.openOrders.splice(i, 1);
      return {
        type: 'CancelOrder',
        customerId: this.customerId,
        orderId: order.orderId,
        reason: 'customer withdrew',
        cancelledAt: iso(at),
      };
    }
    return null;
  }

  private contact(at: number): CustomerCommand {
    const contactPersonId = `cp-${this.customerId}-${this.contacts.length + 1}`;
    this.contacts.push(contactPersonId);
    return {
      type: 'AddContactPerson',
      customerId: this.customerId,
      contactPersonId,
      name: `Contact ${this.contacts.length}`,
      role: this.rnd.pick(['buyer', 'owner', 'store manager', 'finance']),
      phone: `+86-10-${this.rnd.int(1_000_000, 9_999_999)}`,
      addedAt: iso(at),
    };
  }

  private feedback(at: number): CustomerCommand {
    const rnd = this.rnd;
    return {
      type: 'RecordCompetitorFeedback',
      customerId: this.customerId,
      feedbackId: `f-${this.customerId}-${this.counter++}`,
      repId: this.ownerRepId,
      competitor: rnd.pick(COMPETITORS),
      product: rnd.pick(['55" TV', 'soundbar', 'fridge', 'split AC', 'washer']),
      rating: rnd.int(1, 5),
      comment: 'compared on price and delivery time',
      observedAt: iso(at),
    };
  }

  private ownerChange(at: number): CustomerCommand {
    const others = this.seed.regionReps.filter((r) => r !== this.ownerRepId);
    if (others.length === 0) return this.visit(at);
    this.ownerRepId = this.rnd.pick(others);
    return {
      type: 'AssignCustomerOwner',
      customerId: this.customerId,
      repId: this.ownerRepId,
      reason: 'rebalancing',
      assignedAt: iso(at),
    };
  }
}

const iso = (at: number): string => new Date(at).toISOString();
