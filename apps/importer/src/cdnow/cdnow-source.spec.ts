import type { SourceLine } from '../import/read-lines';
import { readCdnowCustomers, type CdnowItem } from './cdnow-source';

async function* linesOf(...texts: Array<string | null>): AsyncGenerator<SourceLine> {
  let line = 0;
  for (const text of texts) yield { line: ++line, text };
}

const collect = async (iterable: AsyncIterable<CdnowItem>) => {
  const items: CdnowItem[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

const summary = (items: CdnowItem[]) =>
  items.map((item) =>
    item.kind === 'refused'
      ? `refused line ${item.refusal.line}`
      : `${item.sourceId}: ${item.rows.map((r) => `${r.line}/${r.date}#${r.sequence}`).join(' ')}`,
  );

describe('CDNOW source', () => {
  it('groups consecutive rows by customer and numbers same-day rows', async () => {
    const items = await collect(
      readCdnowCustomers(
        'master',
        linesOf(
          'customer_id date number_of_cds dollar_value',
          '00001 19970101 1 11.77',
          '00002 19970112 1 12.00',
          '00002 19970112 5 77.00',
          '00002 19970113 5 77.00',
          '',
        ),
      ),
    );
    expect(summary(items)).toEqual(['00001: 2/19970101#1', '00002: 3/19970112#1 4/19970112#2 5/19970113#1']);
  });

  it('reports refused rows in place, and counts them in the day sequence when their day is known', async () => {
    const items = await collect(
      readCdnowCustomers(
        'master',
        linesOf(
          '00002 19970112 1 12.001',
          '00002 19970112 5 77.00',
          'garbage',
          null,
          '00002 19970112 1 1.00',
        ),
      ),
    );
    expect(summary(items)).toEqual([
      'refused line 1',
      'refused line 3',
      'refused line 4',
      '00002: 2/19970112#2 5/19970112#3',
    ]);
    expect(items[2]).toEqual({
      kind: 'refused',
      refusal: { line: 4, reason: 'line is longer than 65536 characters' },
    });
  });

  it('keeps numbering a customer whose rows come back later in the file', async () => {
    const items = await collect(
      readCdnowCustomers(
        'sample',
        linesOf('00009 0001 19970101 1 1.00', '00003 0002 19970101 1 1.00', '00009 0001 19970101 1 2.00'),
      ),
    );
    expect(summary(items)).toEqual(['00009: 1/19970101#1', '00003: 2/19970101#1', '00009: 3/19970101#2']);
  });
});
