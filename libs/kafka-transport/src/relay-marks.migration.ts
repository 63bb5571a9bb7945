import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each relay batch landed: the batch's last log position and, per partition, the next offset
 * of the topic after it. A consistency token (a log position) is visible through Kafka once every
 * partition's consumer offset reaches the offsets of the first mark at or past the token.
 */
export class KafkaRelayMarks1764600000000 implements MigrationInterface {
  name = 'KafkaRelayMarks1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transport.relay_marks (
        relay text NOT NULL,
        -- Both log position formats are two integers ("<xid>-<pos>", "<commit>/<prepare>") ordered
        -- as a pair; the array compares the same way.
        position_key numeric[] NOT NULL,
        log_position text NOT NULL,
        topic text NOT NULL,
        next_offsets jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (relay, topic, position_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE transport.relay_marks`);
  }
}
