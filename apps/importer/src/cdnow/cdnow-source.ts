import type { RefusedRow } from '../import/customer-import';
import { MAX_LINE_LENGTH, readLines, type SourceLine } from '../import/read-lines';
import type { SequencedRow } from './cdnow-commands';
import { detectLayout, parseLine, type CdnowLayout } from './cdnow-row';

/** What the source yields, in file order: a customer's run of valid rows, or a refused row. */
export type CdnowItem =
  { kind: 'customer'; sourceId: string; rows: SequencedRow[] } | { kind: 'refused'; refusal: RefusedRow };

/** The layout of a CDNOW file and whether it has a header, told from its first non-blank line. */
export async function detectFileLayout(path: string): Promise<{ layout: CdnowLayout; header: boolean }> {
  for await (const { line, text } of readLines(path)) {
    if (text !== null && text.trim() === '') continue;
    const detected = text === null ? null : detectLayout(text);
    if (detected) return detected;
    throw new Error(
      `${path}: line ${line} is neither a CDNOW header nor a row of 4 (master) or 5 (sample) columns`,
    );
  }
  throw new Error(`${path} holds no rows`);
}

/**
 * Reads a CDNOW file as customers: consecutive valid rows of one customer form one item (the
 * files are sorted by customer). Each valid row gets its sequence among the file's rows of the
 * same customer and day, counting refused rows whose customer and date could be read, so that
 * fixing a refused row later does not renumber the others.
 */
export async function* readCdnowCustomers(
  layout: CdnowLayout,
  lines: AsyncIterable<SourceLine>,
): AsyncGenerator<CdnowItem> {
  const sequences = new Map<string, number>();
  const nextSequence = (customerId: string, date: string): number => {
    const key = `${customerId}|${date}`;
    const sequence = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, sequence);
    return sequence;
  };
  let run: { sourceId: string; rows: SequencedRow[] } | null = null;

  for await (const { line, text } of lines) {
    if (text === null) {
      yield {
        kind: 'refused',
        refusal: { line, reason: `line is longer than ${MAX_LINE_LENGTH} characters` },
      };
      continue;
    }
    const parsed = parseLine(text, line, layout);
    if (parsed.kind === 'skip') continue;
    if (parsed.kind === 'refused') {
      if (parsed.key) nextSequence(parsed.key.customerId, parsed.key.date);
      yield { kind: 'refused', refusal: { line: parsed.line, reason: parsed.reason } };
      continue;
    }
    const row = { ...parsed.row, sequence: nextSequence(parsed.row.customerId, parsed.row.date) };
    if (run && run.sourceId !== row.customerId) {
      yield { kind: 'customer', ...run };
      run = null;
    }
    run ??= { sourceId: row.customerId, rows: [] };
    run.rows.push(row);
  }
  if (run) yield { kind: 'customer', ...run };
}
