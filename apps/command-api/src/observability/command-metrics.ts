import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AppMetrics } from '@crm/platform';

/** The stream's kind: its id up to the first '-' (`customer-c1` → `customer`). */
const streamType = (streamId: string): string => streamId.split('-', 1)[0] || 'unknown';

/** Metrics the command handler reports (request latency is timed by the HTTP layer). */
@Injectable()
export class CommandMetrics {
  private readonly conflicts: Counter<'stream_type'>;

  constructor(metrics: AppMetrics) {
    this.conflicts = new Counter({
      name: 'crm_append_conflicts_total',
      help: 'Appends refused because the stream changed since it was read (each is decided again or answered 409)',
      labelNames: ['stream_type'],
      registers: [metrics.registry],
    });
  }

  appendConflict(streamId: string): void {
    this.conflicts.inc({ stream_type: streamType(streamId) });
  }
}
