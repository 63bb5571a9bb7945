import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * The apps write their log lines to stdout asynchronously; what is pending must still come out when
 * the process exits. The command API is started as its own process (its real entry point, through
 * swc) on a database that refuses connections: it must log the fatal line and exit with 1.
 */
const root = path.resolve(__dirname, '..');

const runEntry = (entry: string | string[], env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const args = Array.isArray(entry) ? entry : [entry];
    const child = spawn(process.execPath, ['-r', '@swc-node/register', ...args], {
      cwd: root,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });

describe('log lines at exit', () => {
  it('a start-up failure is logged (fatal, with the error) before the process exits with 1', async () => {
    const { code, stdout } = await runEntry('apps/command-api/src/main.ts', {
      // Port 1: nothing listens there, so the first connection is refused.
      DATABASE_URL: 'postgres://crm@127.0.0.1:1/crm',
      AUTH_JWT_SECRET: 'log-exit-test-secret-0123456789abcdef',
    });
    expect(code).toBe(1);
    const lines = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const fatal = lines.find((l) => l['level'] === 'fatal');
    expect(fatal).toMatchObject({
      app: 'command-api',
      msg: 'command-api failed to start',
      err: { code: 'ECONNREFUSED' },
    });
  }, 60_000);

  it('lines still pending when the process exits are written out', async () => {
    const lines = 20_000;
    const script = `
      const { createAppLogger } = require('./libs/platform/src/observability/logging/app-logger.ts');
      const logger = createAppLogger({ app: 'burst' });
      for (let i = 0; i < ${lines}; i++) logger.info({ i }, 'burst line');
      process.exit(0);`;
    const { code, stdout } = await runEntry(['-e', script], {});
    expect(code).toBe(0);
    const written = stdout.split('\n').filter((l) => l.includes('"burst line"'));
    expect(written).toHaveLength(lines);
    expect(JSON.parse(written[lines - 1]!)).toMatchObject({ app: 'burst', i: lines - 1 });
  }, 60_000);
});
