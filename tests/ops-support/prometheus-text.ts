/** One sample of a Prometheus text exposition: the metric name, its labels and its value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the samples of an exposition (comments skipped). */
export const parseSamples = (text: string): Sample[] =>
  text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .flatMap((line) => {
      const match = LINE.exec(line);
      if (!match) return [];
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1]!, m[2]!]));
      return [{ name: match[1]!, labels, value: Number(match[3]) }];
    });

/** The samples of `name` whose labels include `labels`. */
export const samples = (text: string, name: string, labels: Record<string, string> = {}): Sample[] =>
  parseSamples(text).filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );

/** The sum of the matching samples (0 when there is none). */
export const total = (text: string, name: string, labels: Record<string, string> = {}): number =>
  samples(text, name, labels).reduce((sum, s) => sum + s.value, 0);
