import { UpcastError, type Upcaster } from './upcaster';
import { UpcasterRegistry } from './upcaster-registry';

/** A made-up contract: Thing v1 {n} → v2 {n, unit} → v3 {amount, unit}. */
const thingV1ToV2: Upcaster = { type: 'Thing', fromVersion: 1, upcast: (d) => ({ ...d, unit: 'pcs' }) };
const thingV2ToV3: Upcaster = {
  type: 'Thing',
  fromVersion: 2,
  upcast: ({ n, ...rest }) => ({ ...rest, amount: n }),
};
const versions = { Thing: 3, Other: 1 };

describe('upcaster registry', () => {
  const registry = new UpcasterRegistry([thingV2ToV3, thingV1ToV2], versions);

  it('chains upcasters from the stored version to the current one, in version order', () => {
    expect(registry.upcast('Thing', 1, { n: 4 })).toEqual({
      schemaVersion: 3,
      data: { amount: 4, unit: 'pcs' },
    });
  });

  it('starts the chain at the stored version', () => {
    expect(registry.upcast('Thing', 2, { n: 4, unit: 'kg' })).toEqual({
      schemaVersion: 3,
      data: { amount: 4, unit: 'kg' },
    });
  });

  it('returns data already at the current version as it is', () => {
    const data = { amount: 1, unit: 'kg' };
    expect(registry.upcast('Thing', 3, data).data).toBe(data);
    expect(registry.upcast('Other', 1, data)).toEqual({ schemaVersion: 1, data });
  });

  it('leaves a type it does not know untouched, whatever its version', () => {
    const data = { anything: true };
    expect(registry.upcast('Unknown', 7, data)).toEqual({ schemaVersion: 7, data });
    expect(registry.upcast('Unknown', 7, data).data).toBe(data);
  });

  it('does not mutate the stored data', () => {
    const stored = { n: 4 };
    registry.upcast('Thing', 1, stored);
    expect(stored).toEqual({ n: 4 });
  });

  it('refuses a version newer than the current one', () => {
    expect(() => registry.upcast('Thing', 4, {})).toThrow(UpcastError);
    expect(() => registry.upcast('Thing', 4, {})).toThrow('newer than this build knows (v3)');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the schema version %p', (version) => {
    expect(() => registry.upcast('Thing', version, {})).toThrow(UpcastError);
  });

  it('fails when a step of the chain is missing', () => {
    const gappy = new UpcasterRegistry([thingV2ToV3], versions);
    expect(() => gappy.upcast('Thing', 1, { n: 1 })).toThrow('No upcaster lifts Thing from v1 to v2');
  });

  it('fails on data that is not an object when a step is needed', () => {
    expect(() => registry.upcast('Thing', 1, 'n=4')).toThrow('data is not an object');
  });

  it('refuses two upcasters for the same type and version', () => {
    expect(() => new UpcasterRegistry([thingV1ToV2, thingV1ToV2], versions)).toThrow(
      'Two upcasters for Thing from v1',
    );
  });

  it('refuses an upcaster that would lift past the current version or for an unknown type', () => {
    expect(() => new UpcasterRegistry([{ ...thingV1ToV2, fromVersion: 3 }], versions)).toThrow(
      'must be from v1',
    );
    expect(() => new UpcasterRegistry([{ ...thingV1ToV2, fromVersion: 0 }], versions)).toThrow(
      'must be from v1',
    );
    expect(() => new UpcasterRegistry([{ ...thingV1ToV2, type: 'Nope' }], versions)).toThrow(
      'unknown event type',
    );
  });

  it('tells which steps it has', () => {
    expect(registry.has('Thing', 1)).toBe(true);
    expect(registry.has('Thing', 3)).toBe(false);
  });
});
