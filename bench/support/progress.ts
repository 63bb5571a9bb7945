import { loadavg } from 'node:os';

const started = Date.now();

const stamp = (): string => {
  const s = Math.round((Date.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** One line of progress, prefixed with the time since the run started. */
export const say = (message: string): void => {
  process.stdout.write(`[bench ${stamp()}] ${message}\n`);
};

/** Load average of the machine (1, 5, 15 minutes), rounded. */
export const load = (): number[] => loadavg().map((v) => Math.round(v * 100) / 100);

/**
 * Reports the progress of a long phase at most every `everyMs`: done / total, rate and an estimate
 * of the time left.
 */
export function progressReporter(label: string, total: number, everyMs = 5_000) {
  const begin = Date.now();
  let last = begin;
  return (done: number, force = false): void => {
    const now = Date.now();
    if (!force && now - last < everyMs) return;
    last = now;
    const seconds = (now - begin) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = rate > 0 && total > done ? ` ~${Math.ceil((total - done) / rate)} s left` : '';
    say(
      `  ${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')}/s)${left}`,
    );
  };
}
