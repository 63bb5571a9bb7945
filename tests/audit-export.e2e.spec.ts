import type { LogEvent } from '@crm/event-store';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { auditFileFormat } from '../apps/query-api/src/audit/search/audit-export.format';
import { openAuditExport } from '../apps/query-api/src/audit/search/audit-export.stream';
import { startAuditPipeline, type AuditPipeline } from './audit-support/audit-pipeline';
import { searchAll, seedAuditScenario, type Item } from './audit-support/audit-scenario';
import { parseCsv } from './audit-support/csv-parse';

/**
 * GET /audit/export: the search result streamed as CSV or NDJSON; both parse back to the rows of
 * the search, the file is read in keyset chunks, and its connection is released whatever happens.
 */
let p: AuditPipeline;
let events: LogEvent[];

beforeAll(async () => {
  p = await startAuditPipeline('audit_export_e2e');
  ({ events } = await seedAuditScenario(p));
});

afterAll(async () => {
  await p?.close();
});

/** A CSV or NDJSON row as a search item, for comparison. */
const flat = (i: Item) => {
  const { actor, streamVersion, ...rest } = i as Item & {
    actor: { userId: string; role: string };
    streamVersion: number;
  };
  return { ...rest, streamVersion: String(streamVersion), actorUserId: actor.userId, actorRole: actor.role };
};

describe('GET /audit/export', () => {
  it('streams CSV with a header row that parses back (RFC 4180) to the rows of the search', async () => {
    const r = await p.get('/audit/export?format=csv&order=desc');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{8}T\d{6}Z\.csv"$/);
    const [header, ...rows] = parseCsv(r.body);
    expect(header).toEqual([
      'globalPosition',
      'customerId',
      'streamVersion',
      'type',
      'eventId',
      'actorUserId',
      'actorRole',
      'occurredAt',
      'recordedAt',
      'commandId',
      'correlationId',
      'causationId',
      'summary',
    ]);
    const parsed = rows.map((row) => Object.fromEntries(header!.map((h, k) => [h, row[k]])));
    expect(parsed).toEqual((await searchAll(p, 'order=desc', 1000)).map(flat));
    // the awkward values survived the quoting
    expect(parsed.map((x) => x.summary)).toContain('Order o-1 cancelled: line one\r\nline two');
    expect(r.body).toContain('"Registered Smith, ""Big"" Co (retail, east)"');
  });

  it('streams NDJSON, one search item per line, with the same filters', async () => {
    const r = await p.get('/audit/export?format=ndjson&actor=u-carol&type=VisitLogged');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{8}T\d{6}Z\.ndjson"$/);
    expect(r.body.endsWith('\n')).toBe(true);
    const lines = r.body
      .slice(0, -1)
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(await searchAll(p, 'actor=u-carol&type=VisitLogged'));
    expect(lines.length).toBe(4);
  });

  it('answers an empty file (CSV: the header only) when nothing matches, and 400 for a bad format', async () => {
    const csv = await p.get('/audit/export?customerId=nobody');
    expect(csv.statusCode).toBe(200);
    expect(parseCsv(csv.body)).toHaveLength(1);
    const ndjson = await p.get('/audit/export?format=ndjson&customerId=nobody');
    expect(ndjson.body).toBe('');
    const bad = await p.get('/audit/export?format=xml');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('format');
  });

  it('reads in keyset chunks, one chunk per piece of the stream, to the same bytes as the HTTP export', async () => {
    const db = p.queryApi.get<DataSource>(getDataSourceToken());
    const stream = await openAuditExport(db, { order: 'asc' }, auditFileFormat('csv'), 4);
    const pieces: string[] = [];
    for await (const piece of stream) pieces.push(String(piece));
    expect(pieces.length).toBe(Math.ceil(events.length / 4));
    expect(pieces.join('')).toBe((await p.get('/audit/export?format=csv&order=asc')).body);
  });

  it('gives its connection back when the client goes away mid-file', async () => {
    const db = p.queryApi.get<DataSource>(getDataSourceToken());
    const stream = await openAuditExport(db, {}, auditFileFormat('ndjson'), 2);
    const closed = new Promise((resolve) => stream.once('close', resolve));
    for await (const piece of stream) {
      expect(String(piece).length).toBeGreaterThan(0);
      break; // leaving the loop destroys the stream
    }
    await closed;
    await new Promise((r) => setTimeout(r, 50));
    const [{ open }] = await db.query(
      `SELECT count(*)::int AS open FROM pg_stat_activity
       WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(open).toBe(0);
  });
});
