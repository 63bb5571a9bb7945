import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { PostgresEventStore } from '@crm/event-store';
import { Client } from 'pg';
import { withDatabase } from '@crm/platform';
import { testServerUrl } from '@crm/testing';
import { runImportCli } from '../apps/importer/src/cli';

/** `npm run import -- cdnow <file>` end to end, in-process: migrations, import, report, exit code. */
class Captured extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const run = async (args: string[], env: Record<string, string>) => {
  const out = new Captured();
  const err = new Captured();
  const code = await runImportCli(args, { IMPORT_PROGRESS_INTERVAL_MS: '100', ...env }, { out, err });
  return { code, out: out.text, err: err.text };
};

const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let dir: string;
// A database that does not exist yet: the importer creates it and runs the event-store migrations.
const dbName = `test_import_cli_${randomBytes(4).toString('hex')}`;
const dbUrl = () => withDatabase(testServerUrl(), dbName);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'import-cli-'));
  await writeFile(
    path.join(dir, 'good.txt'),
    ' 00007 0001 19970101  2   11.77\r\n 00007 0001 19970101  1    3.00\r\n 00011 0002 19970301  1    0.00\r\n',
  );
  await writeFile(path.join(dir, 'bad.txt'), ' 00020 19970101  1   11.77\r\n 00021 19970101  1   1,50\r\n');
});
afterAll(async () => {
  const admin = new Client({ connectionString: withDatabase(testServerUrl(), 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
});

describe('import CLI', () => {
  it('imports a clean file into a new database, prints the summary and exits 0', async () => {
    const result = await run(['cdnow', path.join(dir, 'good.txt')], { DATABASE_URL: dbUrl() });
    expect(result.code).toBe(0);
    expect(result.out).toContain('sample layout');
    expect(result.out).toMatch(/rows read\s+3\n/);
    expect(result.out).toMatch(/customers\s+2 \(registered now: 2\)/);
    expect(result.out).toMatch(/orders\s+3 \(recorded now: 3\)/);
    expect(result.out).toMatch(/events appended\s+5\n/);
    expect(result.out).toMatch(/events\/s\s+[\d,]+/);
    expect(result.err).toMatch(/progress: 3\/3 rows \(100%\)/);
    const store = new PostgresEventStore({ connectionString: dbUrl() });
    const stream = await store.readStream('customer-cdnow-00007');
    await store.close();
    expect(stream.map((e) => e.type)).toEqual(['CustomerRegistered', 'OrderRecorded', 'OrderRecorded']);
  });

  it('appends nothing on a second run', async () => {
    const result = await run(['cdnow', path.join(dir, 'good.txt')], { DATABASE_URL: dbUrl() });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/events appended\s+0\n/);
  });

  it('lists refused rows with their line numbers on stderr and exits 1 after importing the rest', async () => {
    const result = await run(['cdnow', 'bad.txt'], { DATABASE_URL: dbUrl(), INIT_CWD: dir });
    expect(result.code).toBe(1);
    expect(result.err).toContain('line 2: dollar_value "1,50" is not a number\n');
    expect(result.err).toContain('1 row(s) refused');
    expect(result.out).toMatch(/refused rows\s+1\n/);
    expect(result.out).toMatch(/events appended\s+2\n/);
  });

  it('says clearly when no PostgreSQL answers, and exits 2', async () => {
    const url = `postgres://postgres:secret@127.0.0.1:${await closedPort()}/crm`;
    const result = await run(['cdnow', path.join(dir, 'good.txt')], { DATABASE_URL: url });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /^No PostgreSQL answers at 127\.0\.0\.1:\d+ \(ECONNREFUSED\): check DATABASE_URL/,
    );
    expect(result.err).not.toContain('secret');
  });

  it('explains its usage and refuses a missing file with exit code 2', async () => {
    expect(await run(['csv', 'x'], {})).toMatchObject({
      code: 2,
      err: expect.stringContaining('usage: npm run import -- cdnow <file>'),
    });
    expect(await run(['cdnow', path.join(dir, 'missing.txt')], {})).toMatchObject({
      code: 2,
      err: expect.stringContaining('no such file'),
    });
  });
});
