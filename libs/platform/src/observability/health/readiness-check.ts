/** One dependency the app needs to serve requests, as the readiness endpoint checks it. */
export interface ReadinessCheck {
  /** Key in the health answer, e.g. `eventStore`. */
  readonly name: string;
  /** Resolves (optionally with details) when the dependency answers; rejects otherwise. */
  check(signal: AbortSignal): Promise<Record<string, unknown> | void>;
  /** Releases what the check holds (connections); called when the app shuts down. */
  close?(): Promise<void>;
}

/** Injection token: the app's readiness checks (`ReadinessCheck[]`). */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
