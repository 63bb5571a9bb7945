import { Kafka, logLevel } from 'kafkajs';

export interface KafkaTransportOptions {
  /** Comma-separated bootstrap servers. */
  brokers: string;
  topic: string;
  /** Partitions of the topic when it is created. */
  partitions: number;
  clientId: string;
}

export const DEFAULT_TOPIC = 'crm.events';

export const createKafka = (options: KafkaTransportOptions): Kafka =>
  new Kafka({
    clientId: options.clientId,
    brokers: options.brokers.split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 200, retries: 8 },
  });

/** Creates the topic when absent (idempotent; several processes may race). */
export async function ensureTopic(kafka: Kafka, options: KafkaTransportOptions): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(options.topic)) {
      await admin.createTopics({
        topics: [{ topic: options.topic, numPartitions: options.partitions }],
        waitForLeaders: true,
      });
    }
  } finally {
    await admin.disconnect();
  }
}
