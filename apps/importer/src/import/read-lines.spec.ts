import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countLines, MAX_LINE_LENGTH, readLines, type SourceLine } from './read-lines';

describe('reading lines', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'importer-lines-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const read = async (content: string | Buffer) => {
    const file = path.join(dir, `f-${Math.random().toString(36).slice(2)}.txt`);
    await writeFile(file, content);
    const lines: SourceLine[] = [];
    for await (const line of readLines(file)) lines.push(line);
    return { lines, count: await countLines(file) };
  };

  it('splits CRLF lines and numbers them like an editor, a stray CR staying inside its line', async () => {
    const { lines, count } = await read('a b\r\nc\rd\r\n\r\nlast');
    expect(lines).toEqual([
      { line: 1, text: 'a b' },
      { line: 2, text: 'c\rd' },
      { line: 3, text: '' },
      { line: 4, text: 'last' },
    ]);
    expect(count).toBe(4);
  });

  it('reads an empty file as no lines', async () => {
    expect(await read('')).toEqual({ lines: [], count: 0 });
  });

  it('reports an over-long line without keeping it, and goes on with the next', async () => {
    const { lines, count } = await read(`${'x'.repeat(MAX_LINE_LENGTH * 40)}\nok\n`);
    expect(lines).toEqual([
      { line: 1, text: null },
      { line: 2, text: 'ok' },
    ]);
    expect(count).toBe(2);
  });
});
