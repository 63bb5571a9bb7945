import { Client } from 'pg';

/**
 * Wakes the log's subscribers after appends have committed: one NOTIFY at a time, on a connection
 * of its own, covering every append that committed before it was sent.
 *
 * Why not NOTIFY inside the appending transaction: PostgreSQL serialises the commits of notifying
 * transactions on one database-wide lock, held through the commit's WAL flush, so with many
 * concurrent appends the notify, not the insert, set the pace (measured in bench/README.md). Here
 * the appends commit without it; an append that commits while a NOTIFY is in flight asks for one
 * more, sent as soon as that one is done, so every append is followed by a NOTIFY sent after its
 * commit, and the appends never wait for it. Should a NOTIFY be lost (connection dropped, process
 * stopped), a subscriber still reads at its poll interval.
 */
export class AppendNotifier {
  private client: Client | null = null;
  private pending = false;
  private draining: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
  ) {}

  /** Called after an append committed: a NOTIFY will be sent after this call. */
  appended(): void {
    if (this.closed) return;
    this.pending = true;
    this.draining ??= this.drain();
  }

  /** Sends what is still pending, then closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /**
   * Sends NOTIFYs until none is pending. `draining` is cleared in the same step that finds nothing
   * pending (no await in between), so an append is either seen by this loop or starts a new one.
   */
  private async drain(): Promise<void> {
    let failures = 0;
    try {
      while (this.pending) {
        this.pending = false;
        try {
          const client = await this.connection();
          await client.query({
            name: 'event_store_notify',
            text: 'SELECT pg_notify($1, $2)',
            values: [this.channel, ''],
          });
          failures = 0;
        } catch {
          await this.drop();
          // Once more on a new connection (the old one may have been closed while idle); after
          // that the subscribers' polling covers it, and the next append tries again.
          if (++failures > 1) return;
          this.pending = true;
        }
      }
    } finally {
      this.draining = null;
    }
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.connectionString });
    // A lost connection must not crash the process: it is replaced on the next append.
    client.on('error', () => {
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
