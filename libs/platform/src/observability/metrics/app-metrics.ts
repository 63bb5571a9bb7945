import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | null = null;

/**
 * The process's default metrics (CPU, memory, event loop, GC, handles), collected once per process
 * however many apps it hosts (tests run several in one process).
 */
const processMetrics = (): Registry => {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
};

/**
 * One app's metrics: its own registry, exposed together with the process's default metrics (whose
 * collection starts with the first app of the process: CPU time counts from there).
 */
export class AppMetrics {
  readonly registry = new Registry();

  constructor() {
    processMetrics();
  }

  /** The Prometheus text exposition of the process metrics and this app's. */
  async exposition(): Promise<string> {
    return Registry.merge([processMetrics(), this.registry]).metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
