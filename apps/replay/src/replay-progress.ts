import { SingleBar } from 'cli-progress';
import type { ReplayBatchProgress } from '@crm/read-models';

/** Where the CLI reports a replay while it runs. */
export interface ReplayProgress {
  start(runId: number, eventsRead: number, eventsTotal: number | null): void;
  batch(progress: ReplayBatchProgress): void;
  stop(): void;
}

const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

const formatEta = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
};

/** Rate of this call's events over its elapsed time; the ETA of what is left of the total. */
class Meter {
  private started = Date.now();
  restart(): void {
    this.started = Date.now();
  }
  figures(p: ReplayBatchProgress) {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? p.eventsThisCall / seconds : 0;
    const total = p.eventsTotal === null ? null : Math.max(p.eventsTotal, p.eventsRead);
    const eta = total === null || rate === 0 ? Infinity : (total - p.eventsRead) / rate;
    return { rate, total, eta };
  }
}

/** A bar with events/s, the log position and the ETA, for a terminal. */
class BarProgress implements ReplayProgress {
  private readonly bar: SingleBar;
  private readonly meter = new Meter();

  constructor(stream: NodeJS.WritableStream) {
    this.bar = new SingleBar({
      stream,
      format:
        ' {bar} {percentage}% | {value}/{total} events | {rate} events/s | position {position} | ETA {remaining}',
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
    });
  }

  start(_runId: number, eventsRead: number, eventsTotal: number | null): void {
    this.meter.restart();
    this.bar.start(Math.max(eventsTotal ?? 0, eventsRead, 1), eventsRead, {
      rate: '0',
      position: '-',
      remaining: '?',
    });
  }

  batch(p: ReplayBatchProgress): void {
    const { rate, total, eta } = this.meter.figures(p);
    if (total !== null && total > this.bar.getTotal()) this.bar.setTotal(total);
    this.bar.update(p.eventsRead, {
      rate: formatCount(rate),
      position: p.position,
      remaining: formatEta(eta),
    });
  }

  stop(): void {
    this.bar.stop();
  }
}

/** Plain lines at an interval, for logs and pipes. */
class LineProgress implements ReplayProgress {
  private readonly meter = new Meter();
  private last: ReplayBatchProgress | null = null;
  private lastPrinted = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly intervalMs: number,
  ) {}

  start(runId: number, eventsRead: number, eventsTotal: number | null): void {
    this.meter.restart();
    this.lastPrinted = Date.now();
    this.stream.write(
      `replaying run ${runId} from event ${formatCount(eventsRead)} of ${eventsTotal === null ? '?' : formatCount(eventsTotal)}\n`,
    );
  }

  batch(p: ReplayBatchProgress): void {
    this.last = p;
    if (Date.now() - this.lastPrinted >= this.intervalMs) this.print();
  }

  stop(): void {
    if (this.last) this.print();
  }

  private print(): void {
    const p = this.last!;
    this.lastPrinted = Date.now();
    const { rate, total, eta } = this.meter.figures(p);
    const percent = total ? Math.min(100, Math.floor((100 * p.eventsRead) / total)) : 100;
    this.stream.write(
      `progress: ${formatCount(p.eventsRead)}/${total === null ? '?' : formatCount(total)} events (${percent}%), ` +
        `${formatCount(rate)} events/s, position ${p.position}, ETA ${formatEta(eta)}\n`,
    );
  }
}

/** A bar on a terminal, plain periodic lines otherwise. */
export const createReplayProgress = (
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  { intervalMs = 5000 }: { intervalMs?: number } = {},
): ReplayProgress => (stream.isTTY ? new BarProgress(stream) : new LineProgress(stream, intervalMs));
