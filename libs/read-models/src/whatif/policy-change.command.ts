import {
  DEFAULT_SEGMENTATION_POLICY,
  SCHEMA_VERSIONS,
  streams,
  type Actor,
  type RecordedEvent,
  type SegmentationEvent,
  type SegmentationPolicy,
  type SegmentationPolicyChanged,
} from '@crm/events';
import { ConcurrencyError, eventIdFor, type EventStore } from '@crm/event-store';

/** ChangeSegmentationPolicy of @crm/domain (the whole policy, flat, with reason and business time). */
export type ChangePolicyCommand = { type: 'ChangeSegmentationPolicy' } & SegmentationPolicy & {
    reason?: string;
    changedAt: string;
  };

/**
 * The segmentation policy decider of @crm/domain, as what-if needs it. Adapters may not import the
 * domain, so the apps pass `segmentationPolicyDecider` in: the rules stay in one place.
 */
export interface PolicyDecider<S = unknown> {
  initialState(): S;
  decide(command: ChangePolicyCommand, state: S): SegmentationEvent[];
  evolve(state: S, event: SegmentationEvent): S;
}

/** Who changes the live policy and why; the command id makes the change idempotent. */
export interface PolicyCommandContext {
  commandId: string;
  correlationId?: string;
  causationId?: string;
  actor: Actor;
  /** Business time of the change (ISO-8601). */
  changedAt: string;
  reason?: string;
}

export interface PolicyChangeResult {
  version: number;
  /** The live policy before the change (version 0: none set, the default policy). */
  previousVersion: number;
  previousPolicy: SegmentationPolicy;
  streamVersion: number;
  globalPosition: string;
  /** Log position of the event: a consistency token for the query API. */
  logPosition: string;
  /** The command id had been appended before: nothing new was written. */
  alreadyAppended: boolean;
}

const MAX_ATTEMPTS = 10;

const policyOf = (event: RecordedEvent | undefined) =>
  event
    ? {
        version: (event.data as SegmentationPolicyChanged['data']).version,
        policy: (event.data as SegmentationPolicyChanged['data']).policy,
      }
    : { version: 0, policy: DEFAULT_SEGMENTATION_POLICY };

/** The policy as the decider accepts it (normalised), or the decider's DomainError (field named). */
export function validPolicy(decider: PolicyDecider, candidate: unknown): SegmentationPolicy {
  const c = (
    typeof candidate === 'object' && candidate !== null ? candidate : {}
  ) as Partial<SegmentationPolicy>;
  const [event] = decider.decide(
    {
      type: 'ChangeSegmentationPolicy',
      abc: c.abc!,
      lifecycle: c.lifecycle!,
      rfm: c.rfm!,
      changedAt: '2000-01-01T00:00:00Z',
    },
    decider.initialState(),
  );
  return (event as SegmentationPolicyChanged).data.policy;
}

/**
 * Makes `policy` the live one through the command path: stream `policy-segmentation` folded,
 * ChangeSegmentationPolicy decided by the domain decider, SegmentationPolicyChanged appended with
 * the version read (decided again on a concurrent change, a bounded number of times). `guard`
 * sees the live policy first and may refuse by throwing. A command id appended before answers its
 * first result.
 */
export async function changeLivePolicy(
  store: EventStore,
  decider: PolicyDecider,
  policy: SegmentationPolicy,
  ctx: PolicyCommandContext,
  guard: (live: { version: number; policy: SegmentationPolicy }) => void = () => undefined,
): Promise<PolicyChangeResult> {
  const streamId = streams.segmentationPolicy();
  const previous = await store.findAppendedCommand(ctx.commandId, streamId);
  if (previous) {
    const history = await store.readStream(streamId, { toVersion: previous.streamVersion });
    const index = history.findIndex((e) => e.metadata.commandId === ctx.commandId);
    const before = policyOf(history[index - 1]);
    return {
      version: policyOf(history[index]).version,
      previousVersion: before.version,
      previousPolicy: before.policy,
      streamVersion: previous.streamVersion,
      globalPosition: previous.globalPosition,
      logPosition: previous.logPosition,
      alreadyAppended: true,
    };
  }
  for (let attempt = 1; ; attempt++) {
    const history = await store.readStream(streamId);
    const last = history[history.length - 1];
    const live = policyOf(last);
    guard(live);
    let state = decider.initialState();
    for (const event of history) state = decider.evolve(state, event as unknown as SegmentationEvent);
    const decided = decider.decide(
      { type: 'ChangeSegmentationPolicy', ...policy, reason: ctx.reason, changedAt: ctx.changedAt },
      state,
    );
    const recordedAt = new Date().toISOString();
    const events = decided.map((event, index) => ({
      ...event,
      metadata: {
        eventId: eventIdFor(ctx.commandId, index),
        commandId: ctx.commandId,
        correlationId: ctx.correlationId ?? ctx.commandId,
        causationId: ctx.causationId ?? ctx.correlationId ?? ctx.commandId,
        actor: ctx.actor,
        occurredAt: ctx.changedAt,
        recordedAt,
        schemaVersion: SCHEMA_VERSIONS[event.type],
      },
    }));
    try {
      const result = await store.appendToStream(streamId, events, {
        expectedVersion: last ? last.streamVersion : 'no_stream',
      });
      return {
        version: (decided[decided.length - 1] as SegmentationPolicyChanged).data.version,
        previousVersion: live.version,
        previousPolicy: live.policy,
        streamVersion: result.streamVersion,
        globalPosition: result.globalPosition,
        logPosition: result.logPosition,
        alreadyAppended: result.alreadyAppended,
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 2 ** attempt)));
    }
  }
}
