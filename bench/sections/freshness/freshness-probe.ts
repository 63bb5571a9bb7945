import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { GeneratedCustomer } from '../../data/crm-dataset';
import { LatencyRecorder, round } from '../../support/latency';
import { load, say } from '../../support/progress';
import type { AppendWorkload } from '../append/append-workload';
import { benchAuthHeaders } from '../../support/bench-auth';

interface Pending {
  customerId: string;
  position: bigint;
  sentAt: number;
  ackAt: number;
}

export interface FreshnessResult {
  rate: number;
  seconds: number;
  sent: number;
  accepted: number;
  rejected: number;
  notVisible: number;
  /** Command sent → its effect visible in read_models.customer_summary. */
  lagMs: ReturnType<LatencyRecorder['summary']>;
  /** Command answered (appended) → visible. */
  ackToVisibleMs: ReturnType<LatencyRecorder['summary']>;
  commandLatencyMs: ReturnType<LatencyRecorder['summary']>;
  pollIntervalMs: number;
  /** The worst lag of the commands sent in each second of the run (shows stalls and when). */
  worstLagBySecondMs: number[];
  loadavg: number[];
}

const POLL_MS = 5;

/**
 * Sends commands to the command API at a steady rate (open loop: a slow answer does not slow the
 * sending), and watches the customer-summary rows until each command's event shows there
 * (its `last_global_position` reaches the position the command API answered).
 */
export async function measureFreshness(options: {
  url: string;
  apiBase: string;
  customers: GeneratedCustomer[];
  workload: AppendWorkload;
  rate: number;
  durationS: number;
}): Promise<FreshnessResult> {
  const db = new Client({ connectionString: options.url });
  await db.connect();
  const begin = performance.now();
  const lag = new LatencyRecorder();
  const ackLag = new LatencyRecorder();
  const commandLatency = new LatencyRecorder();
  const pending = new Map<number, Pending>();
  const worstBySecond: number[] = [];
  let sent = 0;
  let accepted = 0;
  let rejected = 0;
  let firstRejection: string | undefined;
  let sending = true;
  const inFlight = new Set<Promise<void>>();

  const observer = (async () => {
    while (sending || pending.size > 0) {
      if (pending.size > 0) {
        const ids = [...new Set([...pending.values()].map((p) => p.customerId))];
        const { rows } = await db.query<{ customer_id: string; last_global_position: string }>(
          'SELECT customer_id, last_global_position::text FROM read_models.customer_summary WHERE customer_id = ANY($1)',
          [ids],
        );
        const now = performance.now();
        const seen = new Map(rows.map((r) => [r.customer_id, BigInt(r.last_global_position)]));
        for (const [key, p] of pending) {
          const position = seen.get(p.customerId);
          if (position !== undefined && position >= p.position) {
            lag.record(now - p.sentAt);
            const second = Math.floor((p.sentAt - begin) / 1000);
            worstBySecond[second] = Math.round(Math.max(worstBySecond[second] ?? 0, now - p.sentAt));
            ackLag.record(now - p.ackAt);
            pending.delete(key);
          }
        }
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  })();

  const send = async (i: number) => {
    const customer = options.customers[(i * 7919) % options.customers.length]!;
    const visit = i % 2 === 0;
    const path = visit
      ? `/customers/${customer.customerId}/visits`
      : `/customers/${customer.customerId}/orders`;
    const body = visit
      ? JSON.stringify({
          repId: customer.ownerRepId,
          channel: 'phone',
          activityType: 'follow-up',
          cost: '0.00',
          visitedAt: new Date().toISOString(),
        })
      : options.workload.orderBody(customer);
    const sentAt = performance.now();
    sent++;
    const response = await fetch(`${options.apiBase}${path}`, {
      method: 'POST',
      headers: { ...(await benchAuthHeaders()), 'content-type': 'application/json' },
      body,
    });
    const ackAt = performance.now();
    const answer = (await response.json()) as { globalPosition?: string };
    commandLatency.record(ackAt - sentAt);
    if (response.status !== 201 || !answer.globalPosition) {
      rejected++;
      firstRejection ??= `${response.status} ${JSON.stringify(answer).slice(0, 200)}`;
      return;
    }
    accepted++;
    pending.set(i, {
      customerId: customer.customerId,
      position: BigInt(answer.globalPosition),
      sentAt,
      ackAt,
    });
  };

  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.durationS);
  for (let i = 0; i < total; i++) {
    const wait = begin + i * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const p = send(i).catch((error: unknown) => {
      rejected++;
      firstRejection ??= String(error);
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  await Promise.all(inFlight);
  const deadline = performance.now() + 30_000;
  while (pending.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const notVisible = pending.size;
  pending.clear();
  sending = false;
  await observer;
  await db.end();
  if (firstRejection) say(`  rejected commands: ${rejected}, first: ${firstRejection}`);
  return {
    rate: options.rate,
    seconds: round((performance.now() - begin) / 1000, 1),
    sent,
    accepted,
    rejected,
    notVisible,
    lagMs: lag.summary(),
    ackToVisibleMs: ackLag.summary(),
    commandLatencyMs: commandLatency.summary(),
    pollIntervalMs: POLL_MS,
    worstLagBySecondMs: Array.from(worstBySecond, (v) => v ?? 0),
    loadavg: load(),
  };
}
