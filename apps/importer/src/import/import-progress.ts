import { MultiBar, type SingleBar } from 'cli-progress';

/** Where the importer reports progress and refused rows while it runs. */
export interface ImportProgress {
  start(totalRows: number): void;
  update(rowsDone: number): void;
  /** A message above the bar (or a plain line). */
  log(message: string): void;
  stop(): void;
}

const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

const formatEta = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
};

/** A progress bar with rows/s and ETA, for a terminal. */
class BarProgress implements ImportProgress {
  private readonly bars: MultiBar;
  private bar: SingleBar | null = null;
  private started = Date.now();

  constructor(stream: NodeJS.WritableStream) {
    this.bars = new MultiBar({
      stream,
      format: ' {bar} {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 5,
    });
  }

  start(totalRows: number): void {
    this.started = Date.now();
    this.bar = this.bars.create(totalRows, 0, { rate: '0' });
  }

  update(rowsDone: number): void {
    const seconds = (Date.now() - this.started) / 1000;
    this.bar?.update(rowsDone, { rate: formatCount(seconds > 0 ? rowsDone / seconds : 0) });
  }

  log(message: string): void {
    this.bars.log(`${message}\n`);
  }

  stop(): void {
    this.bars.update(); // writes the messages still buffered, which stop() alone would drop
    this.bars.stop();
  }
}

/** Plain lines at an interval, for logs and pipes. */
class LineProgress implements ImportProgress {
  private total = 0;
  private done = 0;
  private started = Date.now();
  private lastPrinted = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly intervalMs: number,
  ) {}

  start(totalRows: number): void {
    this.total = totalRows;
    this.started = Date.now();
    this.lastPrinted = this.started;
  }

  update(rowsDone: number): void {
    this.done = rowsDone;
    if (Date.now() - this.lastPrinted >= this.intervalMs) this.print();
  }

  log(message: string): void {
    this.stream.write(`${message}\n`);
  }

  stop(): void {
    this.print();
  }

  private print(): void {
    this.lastPrinted = Date.now();
    const seconds = (this.lastPrinted - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const percent = this.total > 0 ? Math.min(100, Math.floor((100 * this.done) / this.total)) : 100;
    const eta = rate > 0 ? Math.max(0, this.total - this.done) / rate : Infinity;
    this.stream.write(
      `progress: ${formatCount(this.done)}/${formatCount(this.total)} rows (${percent}%), ` +
        `${formatCount(rate)} rows/s, ETA ${formatEta(eta)}\n`,
    );
  }
}

/** A bar on a terminal, plain periodic lines otherwise. */
export const createImportProgress = (
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  { intervalMs = 5000 }: { intervalMs?: number } = {},
): ImportProgress => (stream.isTTY ? new BarProgress(stream) : new LineProgress(stream, intervalMs));

/** Reports nothing (tests, library use). */
export const silentProgress: ImportProgress = {
  start: () => undefined,
  update: () => undefined,
  log: () => undefined,
  stop: () => undefined,
};
