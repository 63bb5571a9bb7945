import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { say } from '../support/progress';
import type { DatasetSpec } from './crm-dataset';
import { writeDatasetFile, type DatasetFile } from './dataset-file';

/** Bump when the generator changes what it produces. */
const GENERATOR_VERSION = 2;

/**
 * The dataset file for a spec: generated once into bench/tmp/datasets (git-ignored) and reused by
 * later runs with the same spec (BENCH_CACHE=0 regenerates). Returns generation time 0 when reused.
 */
export async function datasetFile(
  root: string,
  spec: DatasetSpec,
  label: string,
): Promise<DatasetFile & { reused: boolean }> {
  const key = createHash('sha1')
    .update(JSON.stringify({ v: GENERATOR_VERSION, ...spec, end: spec.end.toISOString() }))
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(root, 'bench', 'tmp', 'datasets');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${label}-${key}.tsv`);
  const sidecar = `${file}.json`;
  if (process.env.BENCH_CACHE !== '0' && existsSync(file) && existsSync(sidecar)) {
    const meta = JSON.parse(await readFile(sidecar, 'utf8')) as Omit<DatasetFile, 'path'>;
    say(
      `dataset ${label}: reusing ${path.relative(root, file)} (${meta.events.toLocaleString('en-US')} events)`,
    );
    return { ...meta, path: file, generateMs: 0, reused: true };
  }
  say(
    `dataset ${label}: generating ${spec.events.toLocaleString('en-US')} events, ${spec.customers.toLocaleString('en-US')} customers, ${spec.reps} reps`,
  );
  const partial = `${file}.partial`;
  const generated = await writeDatasetFile(spec, partial, label);
  await rename(partial, file);
  const { path: _path, ...meta } = generated;
  await writeFile(sidecar, JSON.stringify(meta));
  say(
    `dataset ${label}: ${generated.events.toLocaleString('en-US')} events, ${Math.round((await stat(file)).size / 1e6)} MB in ${(generated.generateMs / 1000).toFixed(1)} s`,
  );
  return { ...generated, path: file, reused: false };
}
