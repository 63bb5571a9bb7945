import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { positionKeySql, visibleThroughKafka } from '@crm/kafka-transport';
import { PROJECTOR_MIGRATIONS } from '../apps/projector/src/projector.app';

/**
 * Read-your-writes through Kafka, at the SQL level: a log position is visible once the relay's
 * mark for the batch holding it exists and the consumer group's stored offsets have reached the
 * partition ends recorded in that mark. Marks and offsets are written by hand here; the end-to-end
 * test with a real broker is tests/kafka-consistency.e2e.spec.ts.
 */
describe('visibility of a log position through Kafka', () => {
  let db: TestDatabase;
  let client: Client;
  const target = { topic: 't', groupId: 'g' };

  const mark = (position: string, nextOffsets: Record<string, number>, relay = 'default', topic = 't') =>
    client.query(
      `INSERT INTO transport.relay_marks (relay, position_key, log_position, topic, next_offsets)
       VALUES ($1, ${positionKeySql('$2')}, $2, $3, $4::jsonb)`,
      [relay, position, topic, JSON.stringify(Object.fromEntries(Object.entries(nextOffsets).map(([p, o]) => [p, String(o)])))],
    );
  const consumed = (partition: number, nextOffset: number, groupId = 'g') =>
    client.query(
      `INSERT INTO transport.consumer_offsets (group_id, topic, partition, next_offset) VALUES ($1, 't', $2, $3)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = excluded.next_offset`,
      [groupId, partition, nextOffset],
    );
  const visible = (position: string) => visibleThroughKafka(client, position, target);

  beforeAll(async () => {
    db = await createTestDatabase('kafka_visibility', PROJECTOR_MIGRATIONS);
    client = new Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  beforeEach(async () => {
    await client.query('TRUNCATE transport.relay_marks, transport.consumer_offsets');
  });

  it('is not visible before the relay published the batch holding the position', async () => {
    await mark('100-5', { 0: 3, 1: 2 });
    await consumed(0, 3);
    await consumed(1, 2);
    expect(await visible('100-5')).toBe(true);
    expect(await visible('100-6')).toBe(false);
    expect(await visible('101-1')).toBe(false);
  });

  it('waits for every partition of the first mark at or past the position', async () => {
    await mark('100-5', { 0: 3, 1: 2 });
    await mark('120-9', { 0: 5, 1: 2, 2: 4 });
    await consumed(0, 3);
    // 100-5 was in the first batch: partitions 0 and 1 up to offsets 3 and 2; 1 not consumed yet.
    expect(await visible('100-5')).toBe(false);
    await consumed(1, 2);
    expect(await visible('100-5')).toBe(true);
    expect(await visible('90-1')).toBe(true);
    // 110-1 lies in the second batch: partition 2 (absent from the offsets) must reach 4.
    expect(await visible('110-1')).toBe(false);
    await consumed(0, 5);
    await consumed(2, 3);
    expect(await visible('110-1')).toBe(false);
    await consumed(2, 4);
    expect(await visible('110-1')).toBe(true);
    expect(await visible('120-9')).toBe(true);
  });

  it('orders positions as integer pairs, not as text, in both log position formats', async () => {
    await mark('9-100', { 0: 1 });
    await mark('10-2', { 0: 2 });
    await consumed(0, 1);
    // As text "10-2" < "9-100"; as a pair 9-100 comes first and is covered by offset 1.
    expect(await visible('9-100')).toBe(true);
    expect(await visible('10-1')).toBe(false);
    await client.query('TRUNCATE transport.relay_marks, transport.consumer_offsets');
    await mark('2000/1990', { 0: 7 });
    await consumed(0, 7);
    expect(await visible('1999/1999')).toBe(true);
    expect(await visible('2000/1991')).toBe(false);
  });

  it('reads only the marks of its topic and the offsets of its consumer group', async () => {
    await mark('100-5', { 0: 3 }, 'default', 'other-topic');
    await consumed(0, 3, 'other-group');
    expect(await visible('100-5')).toBe(false);
    await mark('100-5', { 0: 3 });
    expect(await visible('100-5')).toBe(false);
    await consumed(0, 3);
    expect(await visible('100-5')).toBe(true);
  });
});
