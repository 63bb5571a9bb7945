import { csvField, csvRecord } from './csv';

describe('CSV records (RFC 4180)', () => {
  it('leaves a plain field as it is', () => {
    expect(csvField('OrderRecorded')).toBe('OrderRecorded');
    expect(csvField('')).toBe('');
  });

  it('quotes a field holding a comma, quote, CR or LF and doubles its quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('ends every record with CRLF', () => {
    expect(csvRecord(['1', 'x,y', 'z'])).toBe('1,"x,y",z\r\n');
  });
});
