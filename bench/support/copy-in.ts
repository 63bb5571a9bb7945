import { once } from 'node:events';
import type { ClientBase } from 'pg';

/** The parts of pg's connection a COPY FROM STDIN needs (pg has no public API for them). */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/**
 * `COPY … FROM STDIN` through node-postgres, as a custom submittable (the protocol messages
 * pg-copy-streams sends, without the dependency). Streams the chunks with back-pressure and
 * resolves with the number of rows copied.
 */
export function copyIn(
  client: ClientBase,
  sql: string,
  source: AsyncIterable<Buffer> | Iterable<Buffer>,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let error: Error | null = null;
    let rows = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(rows);
    };
    const submittable = {
      text: sql,
      submit(connection: PgConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: PgConnection) {
        void (async () => {
          try {
            for await (const chunk of source) {
              if (error) return;
              connection.sendCopyFromChunk(chunk);
              if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
            }
            connection.endCopyFrom();
          } catch (e) {
            error = e instanceof Error ? e : new Error(String(e));
            connection.sendCopyFail(error.message);
          }
        })();
      },
      handleCommandComplete(message: { text?: string }) {
        const match = /COPY (\d+)/.exec(message.text ?? '');
        if (match) rows = Number(match[1]);
      },
      handleReadyForQuery() {
        finish();
      },
      handleError(e: Error) {
        error = error ?? e;
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    (client as unknown as { query(q: unknown): void }).query(submittable);
  });
}

/** Escapes a value for PostgreSQL's COPY text format (null → \N). */
export const copyText = (value: string | number | null | undefined): string => {
  if (value === null || value === undefined) return '\\N';
  const s = String(value);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : s;
};
