import { Kafka, logLevel } from 'kafkajs';
import { kafkaAvailability, startKafkaBroker, type KafkaBroker } from '@crm/testing';

const availability = kafkaAvailability();
const describeKafka = availability.available ? describe : describe.skip;
if (!availability.available) {
  console.warn(`Kafka broker tests skipped: ${availability.reason} (a real broker needs java and mvn)`);
}

describeKafka('the Kafka test broker (Apache Kafka jars, KRaft, loopback)', () => {
  let broker: KafkaBroker;
  beforeAll(async () => {
    broker = await startKafkaBroker();
  }, 300_000);
  afterAll(async () => {
    await broker?.dispose();
  });

  it('accepts an idempotent producer and delivers to a consumer group, also after a restart', async () => {
    const kafka = new Kafka({ clientId: 'harness-test', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'harness', numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: 'harness', acks: -1, messages: [{ key: 'a', value: 'before restart' }] });
    await producer.disconnect();

    await broker.stop();
    await broker.start();

    const received: string[] = [];
    const consumer = kafka.consumer({ groupId: 'harness-group' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'harness', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
    const again = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await again.connect();
    await again.send({ topic: 'harness', acks: -1, messages: [{ key: 'b', value: 'after restart' }] });
    await again.disconnect();
    const deadline = Date.now() + 30_000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await consumer.disconnect();
    expect(received.sort()).toEqual(['after restart', 'before restart']);
  }, 180_000);
});
