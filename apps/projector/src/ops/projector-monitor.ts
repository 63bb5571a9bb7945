import { Counter, Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { AppMetrics, type ReadinessCheck } from '@crm/platform';
import type { DeadLetter, RebuildProgress } from '@crm/read-models';
import type { PartitionLag } from './kafka-consumer-lag';
import type { ProjectionLag } from './projection-lag';

/** What the monitor reads from a running projector (direct or Kafka mode). */
export interface ProjectorProbe {
  readonly dataSource: DataSource;
  /** Whether it follows its source (the log, or the topic), with details for the health answer. */
  follower(): { up: boolean; details: Record<string, unknown> };
  /** Projections stopped at a dead letter (PROJECTOR_ON_ERROR=stop). */
  halted(): DeadLetter[];
  /** Events applied since the start. */
  applied(): number;
  /** Direct mode: each projection's lag behind the event store. */
  projectionLag?(): Promise<ProjectionLag[]>;
  /** Kafka mode: consumer lag per partition. */
  consumerLag?(): Promise<PartitionLag[]>;
  /** Direct mode: side-by-side rebuilds of new projection versions since the start. */
  rebuilds?(): RebuildProgress[];
  /** Further dependencies (Kafka). */
  readonly checks?: ReadinessCheck[];
}

type CheckResult = { status: 'up' | 'down' } & Record<string, unknown>;

export interface Readiness {
  ready: boolean;
  /** Same shape as the APIs' terminus answer. */
  body: {
    status: 'ok' | 'error';
    info: Record<string, CheckResult>;
    error: Record<string, CheckResult>;
    details: Record<string, CheckResult>;
  };
}

interface Snapshot {
  deadLetters: Map<string, number> | null;
  projectionLag: ProjectionLag[] | null;
  consumerLag: PartitionLag[] | null;
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timeout of ${ms}ms exceeded`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

/** Dead letters per projection. */
async function countDeadLetters(dataSource: DataSource): Promise<Map<string, number>> {
  const rows: Array<{ projection: string; n: number }> = await dataSource.query(
    `SELECT projection, count(*)::int AS n FROM read_models.dead_letters GROUP BY projection`,
  );
  return new Map(rows.map((r) => [r.projection, r.n]));
}

/**
 * The projector's readiness and metrics. Metrics that need the database (lag, dead letters) are
 * measured when scraped, at most once a second; a part that cannot be measured is left out of
 * the scrape rather than failing it.
 */
export class ProjectorMonitor {
  readonly metrics = new AppMetrics();
  private snapshot: { at: number; value: Promise<Snapshot> } | null = null;

  constructor(
    private readonly probe: ProjectorProbe,
    private readonly timeoutMs: number,
  ) {
    const registers = [this.metrics.registry];
    const lagEvents = new Gauge({
      name: 'crm_projection_lag_events',
      help: 'Events in the log after the projection checkpoint (counted up to 100000)',
      labelNames: ['projection'],
      registers,
      collect: async () => {
        lagEvents.reset();
        for (const l of (await this.measure()).projectionLag ?? [])
          lagEvents.set({ projection: l.projection }, l.events);
      },
    });
    const lagSeconds = new Gauge({
      name: 'crm_projection_lag_seconds',
      help: 'Age of the oldest event the projection has not applied yet (recordedAt; 0 when caught up)',
      labelNames: ['projection'],
      registers,
      collect: async () => {
        lagSeconds.reset();
        for (const l of (await this.measure()).projectionLag ?? [])
          lagSeconds.set({ projection: l.projection }, l.seconds);
      },
    });
    const deadLetters = new Gauge({
      name: 'crm_projection_dead_letters',
      help: 'Events in read_models.dead_letters, by projection',
      labelNames: ['projection'],
      registers,
      collect: async () => {
        deadLetters.reset();
        for (const [projection, n] of (await this.measure()).deadLetters ?? [])
          deadLetters.set({ projection }, n);
      },
    });
    const halted = new Gauge({
      name: 'crm_projection_halted',
      help: 'Projections stopped before an event they cannot apply (PROJECTOR_ON_ERROR=stop)',
      labelNames: ['projection'],
      registers,
      collect: () => {
        halted.reset();
        for (const dead of this.probe.halted()) halted.set({ projection: dead.projection }, 1);
      },
    });
    const following: Gauge = new Gauge({
      name: 'crm_projector_following',
      help: '1 while the projector follows its source (event log or Kafka topic), 0 while it retries',
      registers,
      collect: () => {
        following.set(this.probe.follower().up ? 1 : 0);
      },
    });
    let counted = 0;
    const applied = new Counter({
      name: 'crm_projector_events_applied_total',
      help: 'Events applied by this projector since it started',
      registers,
      collect: () => {
        const now = this.probe.applied();
        if (now > counted) applied.inc(now - counted);
        counted = now;
      },
    });
    if (this.probe.rebuilds) {
      const rebuilds = () => this.probe.rebuilds?.() ?? [];
      const label = (r: RebuildProgress) => ({ projection: `${r.projection}@v${r.version}` });
      const rebuilt = new Gauge({
        name: 'crm_projection_rebuild_events',
        help: 'Events applied by the side-by-side rebuild of a new projection version',
        labelNames: ['projection'],
        registers,
        collect: () => {
          rebuilt.reset();
          for (const r of rebuilds()) rebuilt.set(label(r), r.eventsApplied);
        },
      });
      const rate = new Gauge({
        name: 'crm_projection_rebuild_events_per_second',
        help: 'Events per second of the last batch of a rebuild (0 once switched in or stopped)',
        labelNames: ['projection'],
        registers,
        collect: () => {
          rate.reset();
          for (const r of rebuilds()) rate.set(label(r), r.state === 'building' ? r.eventsPerSecond : 0);
        },
      });
      const switched = new Gauge({
        name: 'crm_projection_rebuild_switched',
        help: '1 once the rebuilt version is switched in, 0 while it is being built',
        labelNames: ['projection'],
        registers,
        collect: () => {
          switched.reset();
          for (const r of rebuilds()) switched.set(label(r), r.state === 'switched' ? 1 : 0);
        },
      });
    }
    if (this.probe.consumerLag) {
      const consumerLag = new Gauge({
        name: 'crm_kafka_consumer_lag',
        help: 'Messages on the partition after the offset stored with the read models',
        labelNames: ['partition'],
        registers,
        collect: async () => {
          consumerLag.reset();
          for (const p of (await this.measure()).consumerLag ?? [])
            consumerLag.set({ partition: String(p.partition) }, p.lag);
        },
      });
    }
  }

  /** Readiness: database reachable, source followed, no projection stopped; dead letters counted. */
  async readiness(): Promise<Readiness> {
    const checks: Array<[string, () => Promise<Record<string, unknown> | void>]> = [
      ['database', async () => void (await this.probe.dataSource.query('SELECT 1'))],
      ...(this.probe.checks ?? []).map(
        (c) =>
          [c.name, () => c.check(AbortSignal.timeout(this.timeoutMs))] as [
            string,
            () => Promise<Record<string, unknown> | void>,
          ],
      ),
      [
        'deadLetters',
        async () => ({
          count: [...(await countDeadLetters(this.probe.dataSource)).values()].reduce((a, b) => a + b, 0),
        }),
      ],
    ];
    const results = await Promise.all(
      checks.map(async ([name, check]): Promise<[string, CheckResult]> => {
        try {
          return [name, { status: 'up', ...((await withTimeout(check(), this.timeoutMs)) ?? {}) }];
        } catch (error) {
          return [name, { status: 'down', message: error instanceof Error ? error.message : String(error) }];
        }
      }),
    );
    const follower = this.probe.follower();
    results.push(['subscription', { status: follower.up ? 'up' : 'down', ...follower.details }]);
    const halted = this.probe.halted();
    results.push([
      'projections',
      halted.length === 0
        ? { status: 'up' }
        : {
            status: 'down',
            stopped: halted.map((d) => ({ projection: d.projection, eventId: d.eventId, error: d.error })),
          },
    ]);
    const details = Object.fromEntries(results);
    const info = Object.fromEntries(results.filter(([, r]) => r.status === 'up'));
    const error = Object.fromEntries(results.filter(([, r]) => r.status === 'down'));
    const ready = Object.keys(error).length === 0;
    return { ready, body: { status: ready ? 'ok' : 'error', info, error, details } };
  }

  private measure(): Promise<Snapshot> {
    if (this.snapshot && Date.now() - this.snapshot.at < 1000) return this.snapshot.value;
    const part = <T>(fn: (() => Promise<T>) | undefined): Promise<T | null> =>
      fn ? withTimeout(fn(), this.timeoutMs).catch(() => null) : Promise.resolve(null);
    const value = Promise.all([
      part(() => countDeadLetters(this.probe.dataSource)),
      part(this.probe.projectionLag?.bind(this.probe)),
      part(this.probe.consumerLag?.bind(this.probe)),
    ]).then(([deadLetters, projectionLag, consumerLag]) => ({ deadLetters, projectionLag, consumerLag }));
    this.snapshot = { at: Date.now(), value };
    return value;
  }
}
