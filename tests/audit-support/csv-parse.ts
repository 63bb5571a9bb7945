/**
 * A strict RFC 4180 reader for the tests (independent of the exporter's writer): CRLF between
 * records, fields quoted when they hold a comma, quote, CR or LF, quotes doubled inside.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r')
        throw new Error(`junk after quoted field at ${i}`);
      continue;
    }
    if (text[i] === ',') {
      endField();
      i++;
      continue;
    }
    if (text[i] === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      endField();
      records.push(record);
      record = [];
      i += 2;
      continue;
    }
    if (text[i] === '\n' || text[i] === '"') throw new Error(`unquoted ${JSON.stringify(text[i])} at ${i}`);
    field += text[i++];
  }
  if (field !== '' || record.length > 0) throw new Error('last record does not end with CRLF');
  return records;
}
