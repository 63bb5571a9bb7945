import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { EventStore } from '@crm/event-store';
import { visibleThroughKafka, type KafkaVisibilityTarget } from '@crm/kafka-transport';
import { ALL_PROJECTIONS, checkpointKey } from '@crm/read-models';
import type { QueryApiConfig } from '../config/query-api.config';
import { QUERY_EVENT_STORE } from '../shared/event-store.module';

/** PostgreSQL positions "<xid>-<position>", EventStoreDB positions "<commit>/<prepare>". */
const TOKEN = /^\d{1,20}[-/]\d{1,20}$/;
const POLL_MS = 20;

/**
 * Read-your-writes: a request carrying the position a command returned (`X-Consistency-Token`
 * header or `?after=`) waits, up to a bound, until every projection has passed it. The answer says
 * `X-Consistency: fresh` or, past the bound, `X-Consistency: stale` (the data may predate the write).
 * Works in direct mode and in Kafka mode (KAFKA_BROKERS set).
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  private readonly keys = ALL_PROJECTIONS.map(checkpointKey);
  private readonly timeoutMs: number;
  /** Kafka mode: the projector applies the log through this topic and consumer group. */
  private readonly kafka: KafkaVisibilityTarget | null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(QUERY_EVENT_STORE) private readonly store: EventStore,
    config: ConfigService<QueryApiConfig, true>,
  ) {
    this.timeoutMs = config.get('QUERY_CONSISTENCY_TIMEOUT_MS', { infer: true });
    this.kafka = config.get('KAFKA_BROKERS', { infer: true })
      ? { topic: config.get('KAFKA_TOPIC', { infer: true }), groupId: config.get('KAFKA_GROUP_ID', { infer: true }) }
      : null;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const header = request.headers['x-consistency-token'];
    const params = request.query as Record<string, unknown> | undefined;
    const query = params?.after;
    // `after` belongs to this interceptor, not to the endpoint's query DTO (which refuses unknown fields).
    if (params && 'after' in params) delete params.after;
    const token = (Array.isArray(header) ? header[0] : header) ?? (typeof query === 'string' ? query : undefined);
    if (token === undefined) return next.handle();
    if (!TOKEN.test(token)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'The request is invalid',
        errors: [{ field: header ? 'X-Consistency-Token' : 'after', message: 'is not a position this system issued' }],
      });
    }
    return from(this.waitFor(token)).pipe(
      switchMap((fresh) => {
        void http.getResponse<FastifyReply>().header('X-Consistency', fresh ? 'fresh' : 'stale');
        return next.handle();
      }),
    );
  }

  /** True once every projection's checkpoint is at or past the token, false after the bound. */
  private async waitFor(token: string): Promise<boolean> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      if (await this.passed(token)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /**
   * Direct mode: every projection's checkpoint is at or past the token. Kafka mode: the projector
   * keeps per-partition offsets instead of log checkpoints, so the token is matched to the relay's
   * mark for the batch that carried it and compared with the consumer group's offsets.
   */
  private async passed(token: string): Promise<boolean> {
    if (this.kafka) return visibleThroughKafka(this.db, token, this.kafka);
    const rows: Array<{ log_position: string }> = await this.db.query(
      `SELECT log_position FROM read_models.projection_checkpoints WHERE projection = ANY($1)`,
      [this.keys],
    );
    if (rows.length < this.keys.length) return false;
    return rows.every((r) => r.log_position !== '' && this.store.comparePositions(r.log_position, token) >= 0);
  }
}
