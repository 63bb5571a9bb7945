/** A CSV field as RFC 4180 wants it: quoted (quotes doubled) when it holds a comma, quote, CR or LF. */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** One CSV record, CRLF-terminated (RFC 4180). */
export const csvRecord = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;
