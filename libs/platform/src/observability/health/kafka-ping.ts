import { Kafka, logLevel } from 'kafkajs';
import type { ReadinessCheck } from './readiness-check';

/**
 * Connects an admin client to the Kafka cluster and describes it (brokers, controller), without
 * retries: one short attempt per check.
 */
export function kafkaPing(name: string, brokers: string, timeoutMs: number): ReadinessCheck {
  const kafka = new Kafka({
    clientId: `${name}-readiness`,
    brokers: brokers.split(',').map((b) => b.trim()),
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  return {
    name,
    check: async () => {
      const admin = kafka.admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return { brokers: cluster.brokers.length, controller: cluster.controller };
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
  };
}
