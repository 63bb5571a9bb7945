import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runReplayCli } from '../apps/replay/src/cli';
import { policyWith, WhatIfHarness } from './whatif-support/whatif-harness';
import { busyHistory } from './whatif-support/whatif-scenario';

/** `npm run replay -- …` end to end, in-process: start with progress, compare, promote, roll back, drop. */
jest.setTimeout(120_000);

class Captured extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let h: WhatIfHarness;
let dir: string;
const run = async (...args: string[]) => {
  const out = new Captured();
  const err = new Captured();
  const code = await runReplayCli(
    args,
    { DATABASE_URL: h.db.url, INIT_CWD: dir, REPLAY_PROGRESS_INTERVAL_MS: '100', REPLAY_BATCH_SIZE: '40' },
    { out, err },
  );
  return { code, out: out.text, err: err.text };
};

const candidate = policyWith((p) => {
  p.abc.aPercent = 10;
  p.abc.abPercent = 30;
  p.lifecycle = { newWithinDays: 30, atRiskAfterDays: 45, dormantAfterDays: 90 };
});

beforeAll(async () => {
  h = await WhatIfHarness.create('whatif_cli');
  await h.append(busyHistory(20, 200, []));
  await h.projectLive();
  dir = await mkdtemp(path.join(tmpdir(), 'whatif-cli-'));
  // a whole SegmentationPolicyChanged document is accepted as the candidate
  await writeFile(
    path.join(dir, 'candidate.json'),
    JSON.stringify({
      type: 'SegmentationPolicyChanged',
      data: { version: 9, policy: candidate, changedAt: '2025-01-01T00:00:00Z' },
    }),
  );
  await writeFile(
    path.join(dir, 'bad.json'),
    JSON.stringify({ ...candidate, abc: { ...candidate.abc, aPercent: 50 } }),
  );
});
afterAll(async () => {
  await h?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('replay CLI', () => {
  it('replays a candidate from a file with progress (events/s, position, ETA), then compares, promotes, rolls back and drops', async () => {
    const started = await run('start', 'candidate.json', '--label', 'ten-thirty');
    expect(started.code).toBe(0);
    expect(started.out).toMatch(/^run (\d+): replaying into schema whatif_\1\n/);
    const id = /^run (\d+)/.exec(started.out)![1]!;
    expect(started.out).toMatch(new RegExp(`run ${id} \\(whatif_${id}\\) "ten-thirty": completed`));
    expect(started.err).toMatch(
      /progress: [\d,]+\/[\d,]+ events \(100%\), [\d,]+ events\/s, position \d+-\d+, ETA \d+ s/,
    );

    const compared = await run('compare', id, '--as-of', '2025-06-01T00:00:00Z', '--movers', '5');
    expect(compared.code).toBe(0);
    expect(compared.out).toContain('live:      revenue, 12 months, A 5% / A+B 20%');
    expect(compared.out).toContain(
      'candidate: revenue, 12 months, A 10% / A+B 30%, new 30 d, at risk 45 d, dormant 90 d',
    );
    expect(compared.out).toMatch(/Class migration \(\d+ of 20 customers move\)/);
    expect(compared.out).toMatch(/Stage migration \(\d+ of 20 customers move\)/);
    expect(compared.out).toMatch(/customer\(s\) move; \d+ shown/);

    const json = JSON.parse((await run('compare', id, '--as-of', '2025-06-01T00:00:00Z', '--json')).out);
    expect(json.classMatrix.total).toBe(20);

    const promoted = await run('promote', id, '--actor', 'ana', '--reason', 'cli test');
    expect(promoted.code).toBe(0);
    expect(promoted.out).toMatch(/promoted: policy version 1 appended \(was 0\), consistency token \d+-\d+/);
    const [event] = await h.store.readStream('policy-segmentation');
    expect(event).toMatchObject({
      data: { version: 1, policy: candidate, reason: 'cli test' },
      metadata: { actor: { userId: 'ana', role: 'admin' } },
    });
    expect((await run('promote', id)).code).toBe(1);

    const rolledBack = await run('rollback', id);
    expect(rolledBack.out).toMatch(/rolled back: policy version 2 appended \(was 1\)/);
    expect((await run('status', id)).out).toContain('promoted as policy version 1 (was 0)');
    expect((await run('list')).out).toMatch(
      new RegExp(`${id}\\s+completed\\s+\\d+\\s+\\S+\\s+v1 \\(rolled back: v2\\)\\s+ten-thirty`),
    );

    expect((await run('drop', id)).out).toContain(`run ${id} (whatif_${id}) "ten-thirty": dropped`);
    expect((await run('compare', id)).err).toMatch(/refused: RUN_DROPPED/);
  });

  it('refuses an invalid candidate naming the field (exit 1), and a bad invocation (exit 2)', async () => {
    const bad = await run('start', 'bad.json');
    expect(bad).toMatchObject({
      code: 1,
      err: expect.stringMatching(/refused: OUT_OF_RANGE \(abc.abPercent\)/),
    });
    expect((await run('start', 'missing.json')).code).toBe(2);
    expect((await run('compare')).code).toBe(2);
    expect((await run('frobnicate', '1')).code).toBe(2);
  });
});
