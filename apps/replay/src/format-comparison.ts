import type { MigrationMatrix, MoversPage, WhatIfComparison, WhatIfRun, WhatIfSide } from '@crm/read-models';
import { progressOf } from '@crm/read-models';

const pad = (cells: Array<string | number>, widths: number[]) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');

/** Rows aligned in columns as wide as their widest cell. */
export const table = (rows: Array<Array<string | number>>): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows.map((r) => pad(r, widths).trimEnd()).join('\n');
};

const policyLine = (s: WhatIfSide) =>
  `${s.policy.abc.measure}, ${s.policy.abc.windowMonths} months, A ${s.policy.abc.aPercent}% / A+B ${s.policy.abc.abPercent}%, ` +
  `new ${s.policy.lifecycle.newWithinDays} d, at risk ${s.policy.lifecycle.atRiskAfterDays} d, dormant ${s.policy.lifecycle.dormantAfterDays} d`;

const matrix = (title: string, m: MigrationMatrix): string => {
  const used = m.labels.filter((l) => m.labels.some((o) => m.counts[l]![o]! > 0 || m.counts[o]![l]! > 0));
  const rows: Array<Array<string | number>> = [['live \\ candidate', ...used, 'total']];
  for (const from of used)
    rows.push([
      from,
      ...used.map((to) => m.counts[from]![to]!),
      used.reduce((s, to) => s + m.counts[from]![to]!, 0),
    ]);
  rows.push(['total', ...used.map((to) => used.reduce((s, from) => s + m.counts[from]![to]!, 0)), m.total]);
  return `${title} (${m.moved} of ${m.total} customers move)\n${table(rows)}`;
};

export function formatComparison(c: WhatIfComparison): string {
  const classes = (s: WhatIfSide) => new Map(s.abc.classes.map((k) => [k.abcClass, k]));
  const live = classes(c.live);
  const cand = classes(c.candidate);
  const abc: Array<Array<string | number>> = [
    [
      'class',
      'live customers',
      'share',
      'revenue',
      'revenue share',
      'candidate customers',
      'share',
      'revenue',
      'revenue share',
    ],
  ];
  for (const k of ['A', 'B', 'C'] as const) {
    const l = live.get(k)!;
    const n = cand.get(k)!;
    abc.push([
      k,
      l.customers,
      l.customerShare ?? '-',
      l.revenue,
      l.revenueShare ?? '-',
      n.customers,
      n.customerShare ?? '-',
      n.revenue,
      n.revenueShare ?? '-',
    ]);
  }
  const stages: Array<Array<string | number>> = [['stage', 'live', 'candidate']];
  for (const s of Object.keys(c.live.stages)) stages.push([s, c.live.stages[s]!, c.candidate.stages[s]!]);
  return [
    `What-if run ${c.runId} against the live policy (version ${c.livePolicyVersion ?? 'default'}) as of ${c.asOf.toISOString()}`,
    `  live:      ${policyLine(c.live)}`,
    `  candidate: ${policyLine(c.candidate)}`,
    `  positions: live ${c.live.position ?? '-'}, shadow ${c.candidate.position ?? '-'}` +
      (c.inSync ? ' (in sync)' : ' (not in sync: customers newer than one side show as "none")'),
    '',
    table(abc),
    '',
    matrix('Class migration', c.classMatrix),
    '',
    matrix('Stage migration', c.stageMatrix),
    '',
    table(stages),
  ].join('\n');
}

export function formatMovers(page: MoversPage): string {
  const rows: Array<Array<string | number>> = [['customer', 'name', 'class', 'measure', 'stage']];
  for (const m of page.items)
    rows.push([
      m.customerId,
      m.name ?? '',
      `${m.liveClass ?? '-'} → ${m.candidateClass ?? '-'}`,
      `${m.liveMeasure ?? '-'} → ${m.candidateMeasure ?? '-'}`,
      `${m.liveStage ?? '-'} → ${m.candidateStage ?? '-'}`,
    ]);
  const more = page.nextCursor ? `\nnext page: --after ${page.nextCursor}` : '';
  return `${page.total} customer(s) move; ${page.items.length} shown\n${table(rows)}${more}`;
}

export function formatRun(run: WhatIfRun): string {
  const p = progressOf(run);
  const promotion = run.promotion
    ? `promoted as policy version ${run.promotion.version} (was ${run.promotion.previousVersion}) at ${run.promotion.at.toISOString()}` +
      (run.promotion.rollback ? `, rolled back as version ${run.promotion.rollback.version}` : '')
    : 'not promoted';
  return [
    `run ${run.id} (${run.schema})${run.label ? ` "${run.label}"` : ''}: ${run.status}`,
    `  events ${run.eventsRead}${run.eventsTotal !== null ? ` of ~${run.eventsTotal}` : ''}, ${p.eventsPerSecond ?? '?'} events/s` +
      `, position ${run.position ?? '-'}${p.etaSeconds !== null && run.status === 'running' ? `, ETA ${p.etaSeconds} s` : ''}`,
    `  started ${run.startedAt.toISOString()} by ${run.startedBy.userId}${run.finishedAt ? `, finished ${run.finishedAt.toISOString()}` : ''}`,
    ...(run.error ? [`  error: ${run.error}`] : []),
    `  ${promotion}`,
  ].join('\n');
}
