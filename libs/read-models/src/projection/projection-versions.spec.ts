import { VALUE_MIGRATIONS } from '../value/index';
import { VALUE_SCHEMA_MIGRATIONS } from '../value/customer-value.projection';
import {
  buildSchemaName,
  indexRenames,
  indexShape,
  planVersion,
  retiredSchemaName,
  versionsInSchemas,
  type VersionState,
} from './projection-versions';

const state = (over: Partial<VersionState>): VersionState => ({
  version: 2,
  checkpointVersions: [],
  liveHasRows: false,
  builds: [],
  retired: [],
  hasStorage: true,
  ...over,
});

describe('planVersion', () => {
  it('follows the log when this version is live, dropping any leftover build', () => {
    expect(planVersion(state({ checkpointVersions: [2], builds: [2, 3] }))).toEqual({
      action: 'follow',
      dropBuilds: [2, 3],
    });
  });

  it('builds in place on a new database (no checkpoint, no rows)', () => {
    expect(planVersion(state({}))).toEqual({ action: 'follow', dropBuilds: [] });
  });

  it('rebuilds side by side from the start when another version is live', () => {
    expect(planVersion(state({ checkpointVersions: [1], liveHasRows: true, builds: [3] }))).toEqual({
      action: 'rebuild',
      start: 'fresh',
      replaces: 1,
      dropBuilds: [3],
    });
  });

  it('rebuilds when the live tables hold rows of no known version', () => {
    expect(planVersion(state({ liveHasRows: true }))).toMatchObject({ action: 'rebuild', replaces: null });
  });

  it('resumes its own build, and restores its retired copy on a rollback', () => {
    expect(planVersion(state({ checkpointVersions: [1], builds: [2], retired: [2] }))).toMatchObject({
      start: 'resume',
    });
    expect(planVersion(state({ checkpointVersions: [3], retired: [1, 2] }))).toMatchObject({
      action: 'rebuild',
      start: 'restore',
      replaces: 3,
    });
  });

  it('replays in place a projection that declares no tables', () => {
    expect(planVersion(state({ checkpointVersions: [1], hasStorage: false }))).toEqual({
      action: 'in-place',
      replaces: 1,
      dropBuilds: [],
    });
  });
});

describe('schema names', () => {
  it('are plain identifiers with the version', () => {
    expect(buildSchemaName('customer-summary', 2)).toBe('rebuild_customer_summary_v2');
    expect(retiredSchemaName('customer-summary', 1)).toBe('retired_customer_summary_v1');
    expect(() => buildSchemaName('x'.repeat(60), 1)).toThrow(/too long/);
    expect(() => buildSchemaName('customer-summary', -1)).toThrow(/version/);
  });

  it('give back the versions of one projection only', () => {
    const schemas = [
      'rebuild_customer_summary_v2',
      'rebuild_customer_summary_v10',
      'rebuild_customer_summary_x_v3',
      'retired_customer_summary_v1',
    ];
    expect(versionsInSchemas('rebuild', 'customer-summary', schemas)).toEqual([2, 10]);
    expect(versionsInSchemas('retired', 'customer-summary', schemas)).toEqual([1]);
  });
});

describe('indexRenames', () => {
  it('gives the built indexes the live names of the same shape', () => {
    const live = [
      {
        name: 'customer_summary_pkey',
        definition:
          'CREATE UNIQUE INDEX customer_summary_pkey ON read_models.customer_summary USING btree (customer_id)',
      },
      {
        name: 'customer_summary_region_idx',
        definition:
          'CREATE INDEX customer_summary_region_idx ON read_models.customer_summary USING btree (region, customer_id)',
      },
    ];
    const built = [
      {
        name: 'customer_summary_region_customer_id_idx',
        definition:
          'CREATE INDEX customer_summary_region_customer_id_idx ON rebuild_x_v2.customer_summary USING btree (region, customer_id)',
      },
      {
        name: 'customer_summary_pkey',
        definition:
          'CREATE UNIQUE INDEX customer_summary_pkey ON rebuild_x_v2.customer_summary USING btree (customer_id)',
      },
    ];
    expect(indexRenames(live, built)).toEqual([
      { from: 'customer_summary_pkey', to: 'customer_summary_pkey' },
      { from: 'customer_summary_region_customer_id_idx', to: 'customer_summary_region_idx' },
    ]);
  });

  it('tells unique from plain indexes and refuses a missing one', () => {
    expect(indexShape('CREATE UNIQUE INDEX a ON s.t USING btree (x)')).not.toBe(
      indexShape('CREATE INDEX a ON s.t USING btree (x)'),
    );
    expect(() =>
      indexRenames([{ name: 'a', definition: 'CREATE INDEX a ON s.t USING btree (x)' }], []),
    ).toThrow(/no index like a/);
  });
});

describe('customer value build schema', () => {
  it('is created with exactly the value migrations', () => {
    expect(VALUE_SCHEMA_MIGRATIONS).toEqual(VALUE_MIGRATIONS);
  });
});
