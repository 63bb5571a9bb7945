import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { segmentationPolicyDecider } from '@crm/domain';
import type { EventStore } from '@crm/event-store';
import { WhatIf, WhatIfError, type WhatIfRun } from '@crm/read-models';
import { QUERY_EVENT_STORE } from '../shared/event-store.module';

const DEFAULT_BATCH_SIZE = 1000;

/**
 * The what-if facade for the query API, and the replays it runs in the background: a run started
 * or resumed here replays in this process and reports through its row (GET /whatif/runs/{id}). At
 * shutdown the replays stop after their batch in flight; the runs stay `running` and resume with
 * POST /whatif/runs/{id}/resume (or `npm run replay -- resume`).
 */
@Injectable()
export class WhatIfService implements BeforeApplicationShutdown {
  readonly whatIf: WhatIf;
  private readonly logger = new Logger('WhatIf');
  private readonly replays = new Map<number, Promise<void>>();
  private stopping = false;

  constructor(@InjectDataSource() dataSource: DataSource, @Inject(QUERY_EVENT_STORE) store: EventStore) {
    this.whatIf = new WhatIf({ dataSource, store, decider: segmentationPolicyDecider });
  }

  async start(input: Parameters<WhatIf['create']>[0], batchSize?: number): Promise<WhatIfRun> {
    const run = await this.whatIf.create(input);
    this.launch(run.id, batchSize);
    return run;
  }

  async resume(runId: number, batchSize?: number): Promise<WhatIfRun> {
    if (this.replays.has(runId))
      throw new WhatIfError('conflict', 'REPLAY_IN_PROGRESS', `run ${runId} is replaying in this process`);
    const run = await this.whatIf.resume(runId);
    this.launch(run.id, batchSize);
    return run;
  }

  /** Resolves when the run's background replay (if any) has ended. */
  async settled(runId: number): Promise<void> {
    await this.replays.get(runId);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.replays.values());
  }

  private launch(runId: number, batchSize = DEFAULT_BATCH_SIZE): void {
    const replay = this.whatIf
      .replay(runId, { batchSize, shouldStop: () => this.stopping })
      .then(
        (outcome) => this.logger.log(`what-if run ${runId}: replay ${outcome}`),
        (error: unknown) =>
          this.logger.error(
            `what-if run ${runId} failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      )
      .finally(() => this.replays.delete(runId));
    this.replays.set(runId, replay);
  }
}
