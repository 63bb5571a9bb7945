import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnv } from '@crm/platform';
import { dropRetiredVersions, listRetiredVersions } from '@crm/read-models';
import { ProjectorConfig } from './config/projector.config';

const USAGE = `Retired projection versions (kept after a newer version was switched in):
  projection-versions list                         lists them (schema, projection, version, when)
  projection-versions drop <projection> [version]  drops them (all versions of the projection, or one)`;

/**
 * Lists or drops the retired copies of projection versions (schemas retired_<name>_v<N>) in the
 * database of DATABASE_URL. Build: npx tsc -b apps/projector; run: node apps/projector/dist/projection-versions.js.
 */
async function main(args: string[]): Promise<number> {
  const [command, projection, version] = args;
  if (command !== 'list' && !(command === 'drop' && projection)) {
    console.error(USAGE);
    return 2;
  }
  if (version !== undefined && !/^\d+$/.test(version)) {
    console.error(`version must be a number: ${version}`);
    return 2;
  }
  const config = validateEnv(ProjectorConfig)(process.env);
  const dataSource = await new DataSource({ type: 'postgres', url: config.DATABASE_URL }).initialize();
  try {
    if (command === 'list') {
      for (const r of await listRetiredVersions(dataSource))
        console.log(
          `${r.schema}\t${r.projection}@v${r.version}\tretired ${r.retiredAt ?? '?'}\treplaced by v${r.replacedBy ?? '?'}`,
        );
      return 0;
    }
    const dropped = await dropRetiredVersions(dataSource, {
      projection: projection!,
      ...(version === undefined ? {} : { version: Number(version) }),
    });
    for (const r of dropped) console.log(`dropped ${r.schema} (${r.projection}@v${r.version})`);
    if (dropped.length === 0) console.log('nothing retired matches');
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
