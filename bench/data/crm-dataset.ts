import {
  customerDecider,
  repDecider,
  type CustomerCommand,
  type CustomerState,
  type RepCommand,
  type RepState,
} from '@crm/domain';
import { SCHEMA_VERSIONS, streams, type CrmEventType, type EventMetadata } from '@crm/events';
import { eventIdFor } from '@crm/event-store';
import { buildCatalog, REGIONS, type Sku } from './catalog';
import { CustomerActivity, type CustomerProfileSeed } from './customer-activity';
import { activityPerDay, DAY, lowerBound, monthStarts } from './dataset-calendar';
import { Prng } from './prng';

/** An event as the store keeps it: stream, version, type, data and metadata. */
export interface GeneratedEvent {
  streamId: string;
  streamVersion: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface DatasetSpec {
  /** Total events (exact, as long as the fixed part fits). */
  events: number;
  customers: number;
  reps: number;
  /** Last day (exclusive, UTC midnight) of the two years the dataset covers. */
  end: Date;
  days?: number;
  seed?: number;
  /** Prefix of the customer ids, so that two datasets on one database do not collide. */
  customerPrefix?: string;
  batchSize?: number;
}

export interface GeneratedCustomer {
  customerId: string;
  streamId: string;
  /** Stream version of the customer's last event. */
  version: number;
  /** The rep it was given to (its owner once `owned`). */
  ownerRepId: string;
  /** Whether its stream has an owner (some customers are never assigned one): only then may a rep write to it. */
  owned: boolean;
  region: string;
}

/**
 * A realistic, deterministic CRM history: reps with territories and monthly quotas, customers
 * registering over two years (a third in the first weeks), and visits, orders of 1–5 lines,
 * payments, some cancellations, contacts, competitor feedback, profile and owner changes, with a
 * skewed (log-normal) activity per customer so that ABC classes mean something. Every event is
 * decided by the domain's deciders from the stream's state, so the history obeys the business rules.
 */
export class CrmDataset {
  readonly catalog: Sku[] = buildCatalog();
  readonly repIds: string[] = [];
  readonly repRegion = new Map<string, string>();
  private readonly customers: CustomerActivity[] = [];
  private readonly rnd: Prng;
  private readonly days: number;
  private readonly start: number;
  private seq = 0;
  private produced = 0;

  constructor(private readonly spec: DatasetSpec) {
    this.rnd = new Prng(spec.seed ?? 20261123);
    this.days = spec.days ?? 730;
    this.start = spec.end.getTime() - this.days * DAY;
    for (let r = 0; r < spec.reps; r++) {
      const repId = `rep-${String(r + 1).padStart(4, '0')}`;
      this.repIds.push(repId);
      this.repRegion.set(repId, REGIONS[r % REGIONS.length]!);
    }
  }

  /** Customers after generation: ids, owners and the version of each stream. */
  generatedCustomers(): GeneratedCustomer[] {
    return this.customers.map((c) => ({
      customerId: c.customerId,
      streamId: c.streamId,
      version: c.version,
      ownerRepId: c.state.ownerRepId ?? c.ownerRepId,
      owned: c.state.ownerRepId !== null,
      region: c.region,
    }));
  }

  get count(): number {
    return this.produced;
  }

  /** The events in business-time order, in batches. */
  *batches(): Generator<GeneratedEvent[]> {
    const { customers: C, reps: R } = this.spec;
    const batchSize = this.spec.batchSize ?? 5_000;
    const rnd = this.rnd;
    const regDays = Array.from({ length: C }, (_, i) =>
      i < C * 0.3 ? rnd.int(0, 20) : rnd.int(0, this.days - 2),
    ).sort((a, b) => a - b);
    const hasOwner = Array.from({ length: C }, () => rnd.next() < 0.9);
    const weights = Array.from({ length: C }, () => Math.exp(rnd.gaussian()));
    const cumulative = new Float64Array(C);
    weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
    const months = monthStarts(this.start, this.days);
    const fixed = 2 * R + R * months.length + C + hasOwner.filter(Boolean).length;
    const activity = this.spec.events - fixed;
    if (activity < 0)
      throw new Error(
        `BENCH: ${this.spec.events} events cannot hold ${fixed} fixed events (reps, quotas, registrations)`,
      );
    const perDay = activityPerDay(this.start, this.days, activity, regDays);

    const repStates = new Map<string, RepState>();
    let out: GeneratedEvent[] = [];
    const emit = (
      streamId: string,
      type: string,
      data: unknown,
      occurredAt: number,
      actor: string,
      version: number,
    ) => {
      const commandId = `gen-${this.spec.seed ?? 0}-${this.seq++}`;
      const occurred = new Date(occurredAt).toISOString();
      out.push({
        streamId,
        streamVersion: version,
        type,
        data,
        metadata: {
          eventId: eventIdFor(commandId, 0),
          commandId,
          correlationId: commandId,
          causationId: commandId,
          actor: { userId: actor, role: actor.startsWith('rep-') ? 'rep' : 'manager' },
          occurredAt: occurred,
          recordedAt: new Date(occurredAt + 1_000 + Math.floor(rnd.next() * 120_000)).toISOString(),
          schemaVersion: SCHEMA_VERSIONS[type as CrmEventType],
        },
      });
      this.produced++;
    };
    const repCommand = (repId: string, command: RepCommand, at: number) => {
      const state = repStates.get(repId) ?? repDecider.initialState();
      const [event] = repDecider.decide(command, state);
      const version = state.onboarded ? (repVersions.get(repId) ?? 0) + 1 : 0;
      repVersions.set(repId, version);
      repStates.set(repId, repDecider.evolve(state, event!));
      emit(streams.rep(repId), event!.type, event!.data, at, 'manager-1', version);
    };
    const repVersions = new Map<string, number>();
    let registered = 0;
    let monthIndex = 0;

    for (let day = 0; day < this.days; day++) {
      const dayStart = this.start + day * DAY;
      if (day === 0) {
        for (const repId of this.repIds) {
          const region = this.repRegion.get(repId)!;
          const at = dayStart + 6 * 3_600_000;
          repCommand(
            repId,
            {
              type: 'OnboardRep',
              repId,
              name: `Rep ${repId.slice(4)}`,
              region,
              managerId: `mgr-${region}`,
              onboardedAt: new Date(at).toISOString(),
            },
            at,
          );
          repCommand(
            repId,
            {
              type: 'AssignTerritory',
              repId,
              regions: [region],
              categories: [],
              brands: [],
              assignedAt: new Date(at + 60_000).toISOString(),
            },
            at + 60_000,
          );
        }
      }
      while (monthIndex < months.length && months[monthIndex]!.at < dayStart + DAY) {
        const { period, at } = months[monthIndex++]!;
        const when = Math.max(at, dayStart) + 6.5 * 3_600_000;
        for (const repId of this.repIds) {
          const target = 50_000 + Math.floor(rnd.next() * 150_000);
          repCommand(
            repId,
            {
              type: 'AssignQuota',
              repId,
              period,
              targetAmount: `${target}.00`,
              targetVolume: Math.round(target / 400),
              categoryTargets: [],
            },
            when,
          );
        }
      }
      // Registrations of the day and activity slots of customers registered on an earlier day.
      const slots: Array<{ at: number; customer: number; register: boolean }> = [];
      const eligible = registered;
      while (registered < C && regDays[registered] === day) {
        slots.push({
          at: dayStart + 8 * 3_600_000 + Math.floor(rnd.next() * 9 * 3_600_000),
          customer: registered,
          register: true,
        });
        registered++;
      }
      const total = eligible > 0 ? cumulative[eligible - 1]! : 0;
      for (let i = 0; i < perDay[day]!; i++) {
        const target = rnd.next() * total;
        slots.push({
          at: dayStart + 8 * 3_600_000 + Math.floor(rnd.next() * 10 * 3_600_000),
          customer: lowerBound(cumulative, target, eligible),
          register: false,
        });
      }
      slots.sort((a, b) => a.at - b.at);
      for (const slot of slots) {
        if (slot.register) {
          const activityOf = this.newCustomer(slot.customer, hasOwner[slot.customer]!);
          this.customers.push(activityOf);
          for (const step of activityOf.register(slot.at))
            this.decide(activityOf, step.command, step.at, emit);
        } else {
          const c = this.customers[slot.customer]!;
          this.decide(c, c.nextActivity(slot.at), slot.at, emit);
        }
        if (out.length >= batchSize) {
          yield out;
          out = [];
        }
      }
    }
    if (out.length > 0) yield out;
  }

  private decide(
    c: CustomerActivity,
    command: CustomerCommand,
    at: number,
    emit: (streamId: string, type: string, data: unknown, at: number, actor: string, version: number) => void,
  ): void {
    const state: CustomerState = c.state;
    const [event] = customerDecider.decide(command, state);
    c.state = customerDecider.evolve(state, event!);
    c.version++;
    emit(c.streamId, event!.type, event!.data, at, c.ownerRepId, c.version);
  }

  private newCustomer(index: number, withOwner: boolean): CustomerActivity {
    const rnd = this.rnd;
    const region = REGIONS[rnd.int(0, REGIONS.length - 1)]!;
    const regionReps = this.repIds.filter((id) => this.repRegion.get(id) === region);
    const reps = regionReps.length > 0 ? regionReps : this.repIds;
    const profile: CustomerProfileSeed = {
      customerId: `${this.spec.customerPrefix ?? 'cust'}-${String(index + 1).padStart(6, '0')}`,
      region,
      ownerRepId: rnd.pick(reps),
      regionReps: reps,
      withOwner,
    };
    return new CustomerActivity(profile, rnd, this.catalog);
  }
}
