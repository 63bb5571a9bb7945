import { UpcastError, type StoredEventData, type Upcaster, type UpcastResult } from './upcaster';

/**
 * Upcasters keyed by (event type, from-version). `upcast` chains them (v1 → v2 → … → current)
 * for the types it knows the current version of, and leaves every other type untouched.
 */
export class UpcasterRegistry {
  private readonly steps = new Map<string, Upcaster>();

  constructor(
    upcasters: readonly Upcaster[],
    private readonly currentVersions: Readonly<Record<string, number>>,
  ) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  /** The data lifted to the current schema version of its type; unknown types come back as given. */
  upcast(type: string, schemaVersion: number, data: unknown): UpcastResult {
    if (!Object.prototype.hasOwnProperty.call(this.currentVersions, type)) return { schemaVersion, data };
    const current = this.currentVersions[type] as number;
    if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
      throw new UpcastError(type, schemaVersion, `${type} has an invalid schema version ${schemaVersion}`);
    }
    if (schemaVersion > current) {
      throw new UpcastError(
        type,
        schemaVersion,
        `${type} v${schemaVersion} is newer than this build knows (v${current})`,
      );
    }
    let lifted = data;
    for (let version = schemaVersion; version < current; version++) {
      const step = this.steps.get(key(type, version));
      if (step === undefined) {
        throw new UpcastError(
          type,
          schemaVersion,
          `No upcaster lifts ${type} from v${version} to v${version + 1}`,
        );
      }
      if (!isObject(lifted)) {
        throw new UpcastError(type, schemaVersion, `${type} v${version} data is not an object`);
      }
      lifted = step.upcast(lifted);
    }
    return { schemaVersion: current, data: lifted };
  }

  /** Whether some upcaster lifts `type` from `fromVersion`. */
  has(type: string, fromVersion: number): boolean {
    return this.steps.has(key(type, fromVersion));
  }

  private register(upcaster: Upcaster): void {
    const { type, fromVersion } = upcaster;
    const current = this.currentVersions[type];
    if (current === undefined) throw new Error(`Upcaster for unknown event type ${type}`);
    if (!Number.isSafeInteger(fromVersion) || fromVersion < 1 || fromVersion >= current) {
      throw new Error(`Upcaster for ${type} from v${fromVersion}: must be from v1 … v${current - 1}`);
    }
    if (this.steps.has(key(type, fromVersion))) {
      throw new Error(`Two upcasters for ${type} from v${fromVersion}`);
    }
    this.steps.set(key(type, fromVersion), upcaster);
  }
}

const key = (type: string, fromVersion: number): string => `${type}@${fromVersion}`;

const isObject = (value: unknown): value is StoredEventData =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
