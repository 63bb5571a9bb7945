import { createReadStream } from 'node:fs';

/** A line of a text file; `text` is null when the line is longer than the limit (not kept). */
export interface SourceLine {
  /** 1-based. */
  line: number;
  text: string | null;
}

/** Longest line kept; longer ones are reported, not buffered (the file is untrusted). */
export const MAX_LINE_LENGTH = 65_536;

/**
 * The lines of a file, split on LF only (a CR before it is dropped), so line numbers are the ones
 * an editor shows. A last line without LF counts; an empty file has no lines.
 */
export async function* readLines(path: string): AsyncGenerator<SourceLine> {
  let pending = '';
  let overlong = false;
  let line = 0;
  const emit = (piece: string): SourceLine => {
    line++;
    const text =
      overlong || piece.length > MAX_LINE_LENGTH ? null : piece.endsWith('\r') ? piece.slice(0, -1) : piece;
    overlong = false;
    return { line, text };
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const pieces = (pending + (chunk as string)).split('\n');
    pending = pieces.pop()!;
    for (const piece of pieces) yield emit(piece);
    if (pending.length > MAX_LINE_LENGTH) {
      overlong = true;
      pending = '';
    }
  }
  if (pending !== '' || overlong) yield emit(pending);
}

/** Number of lines readLines will yield (counts LF bytes; fast, for progress totals). */
export async function countLines(path: string): Promise<number> {
  let count = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) count++;
    if (bytes.length > 0) last = bytes[bytes.length - 1]!;
  }
  return last === 0x0a ? count : count + 1;
}
