import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One line of the printed table. */
export interface TableRow {
  measurement: string;
  ours: string;
  /** The baseline or peer figure this line compares with, named. */
  against?: string;
  /** ours / against, when they are comparable. */
  ratio?: number | null;
  note?: string;
}

/** A stated target and whether this run met it (null: not measured). */
export interface TargetCheck {
  target: string;
  actual: string;
  met: boolean | null;
  note?: string;
}

export interface SectionReport {
  name: string;
  status: 'ok' | 'failed' | 'partial';
  seconds: number;
  loadavg: { start: number[]; end: number[] };
  error?: string;
  /** Parts that did not run, each with the reason. */
  skipped: string[];
  rows: TableRow[];
  targets: TargetCheck[];
  /** Every figure, absolute, for the JSON file. */
  results: Record<string, unknown>;
}

/** What a section builds up while it runs (kept when it fails half-way). */
export class SectionOutput {
  readonly rows: TableRow[] = [];
  readonly targets: TargetCheck[] = [];
  readonly skipped: string[] = [];
  readonly results: Record<string, unknown> = {};
  /** Set when one part failed but the section went on. */
  partialError?: string;
}

const fmt = (value: number | null | undefined, unit = '', digits = 0): string =>
  value == null
    ? '—'
    : `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit}`;
export const perS = (value: number | null | undefined): string => fmt(value, '/s');
export const ms = (value: number | null | undefined): string =>
  fmt(value, ' ms', value != null && value < 10 ? 2 : 1);
export const mb = (value: number | null | undefined): string => fmt(value, ' MB');

/** The table of all sections, as printed at the end of the run. */
export function renderTable(sections: SectionReport[]): string {
  const header = ['section', 'measurement', 'ours', 'against', 'ratio', 'note'];
  const lines: string[][] = [];
  for (const s of sections) {
    if (s.status === 'failed') lines.push([s.name, 'FAILED', '', '', '', s.error ?? '']);
    for (const r of s.rows)
      lines.push([
        s.name,
        r.measurement,
        r.ours,
        r.against ?? '',
        r.ratio == null ? '' : `${r.ratio}×`,
        r.note ?? '',
      ]);
    for (const k of s.skipped) lines.push([s.name, 'skipped', '', '', '', k]);
  }
  const widths = header.map((h, i) =>
    Math.min(i === 5 ? 60 : 48, Math.max(h.length, ...lines.map((l) => l[i]!.length))),
  );
  const row = (cells: string[]) =>
    cells
      .map((c, i) => (c.length > widths[i]! ? c.slice(0, widths[i]! - 1) + '…' : c.padEnd(widths[i]!)))
      .join(' | ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...lines.map(row)].join('\n');
}

export function renderTargets(sections: SectionReport[]): string {
  const all = sections.flatMap((s) => s.targets);
  if (all.length === 0) return 'targets: none measured';
  return all
    .map(
      (t) =>
        `${t.met === null ? '  n/a ' : t.met ? '  MET ' : 'MISSED'}  ${t.target}: ${t.actual}${t.note ? ` (${t.note})` : ''}`,
    )
    .join('\n');
}

/**
 * Writes the JSON report to bench/results/<date>[-quick][-tag].json and returns its path. A run
 * never replaces an earlier one: a name already taken gets a number (-2, -3, …).
 */
export async function writeJsonReport(root: string, name: string, report: unknown): Promise<string> {
  const dir = path.join(root, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const json = JSON.stringify(report, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n';
  for (let n = 1; ; n++) {
    const file = path.join(dir, n === 1 ? `${name}.json` : `${name}-${n}.json`);
    try {
      await writeFile(file, json, { flag: 'wx' });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
