import { spawnSync } from 'node:child_process';
import { BACKWARDS, END } from '@eventstore/db-client';
import type { StartedTestContainer } from 'testcontainers';
import {
  EventStoreDbEventStore,
  InMemoryEventStoreDbClient,
  connectEventStoreDb,
  formatEsdbPosition,
  type EsdbClient,
} from '@crm/event-store';
import { describeEventStoreContract, type EventStoreHarness } from '@crm/testing';

/**
 * The event-store contract suite for the EventStoreDB adapter, twice:
 * 1. against a REAL EventStoreDB: the server in EVENTSTORE_CONNECTION_STRING, or else one started
 *    with Testcontainers when a container runtime answers; with neither the block is skipped and
 *    says why;
 * 2. against the in-memory client double, which checks the adapter's translation logic but is NOT
 *    a server (its name says so in every test title).
 */

/**
 * What the adapter cannot do, for the suite to skip the matching tests (appendMany is not atomic
 * across streams on EventStoreDB). The suite reads it once it knows about capabilities.
 */
type EsdbHarness = EventStoreHarness & { capabilities: { atomicMultiStreamAppend: boolean } };

const IMAGE = 'eventstore/eventstore:24.10';

type Server =
  | { kind: 'connection-string'; connectionString: string }
  | { kind: 'container' }
  | { kind: 'none'; reason: string };

/** Decided before the tests are declared: Jest cannot declare tests after an await. */
function findServer(): Server {
  const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
  if (connectionString) return { kind: 'connection-string', connectionString };
  // testcontainers' own probe, in a child process so that its answer is known synchronously.
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(require.resolve('testcontainers'))}).getContainerRuntimeClient().then(
         () => process.exit(0),
         (e) => { process.stdout.write(String(e && e.message)); process.exit(1); })`,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (probe.status === 0) return { kind: 'container' };
  const why =
    probe.stdout.trim() || probe.stderr.trim() || `probe exited with ${probe.status ?? probe.signal}`;
  return {
    kind: 'none',
    reason: `EVENTSTORE_CONNECTION_STRING is not set and no container runtime is available (${why})`,
  };
}

/** The position of the last record of `$all` now: the test's store starts after it. */
async function endOfLog(client: EsdbClient): Promise<string | null> {
  for await (const resolved of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
    if (resolved.event?.position) return formatEsdbPosition(resolved.event.position);
  }
  return null;
}

const harnessOver = (client: EsdbClient, origin: string | null): EsdbHarness => {
  const store = new EventStoreDbEventStore({ client, origin });
  return {
    store,
    capabilities: store.capabilities,
    // No beginSlowAppend: an EventStoreDB append cannot be held open (the late-commit test says so).
    dispose: () => store.close(),
  };
};

const server = findServer();

if (server.kind === 'none') {
  console.warn(`EventStoreDB contract against a real server skipped: ${server.reason}`);
  describe.skip('event store contract: EventStoreDB (real server)', () => {
    it(`runs the contract suite against ${IMAGE} or EVENTSTORE_CONNECTION_STRING`, () => undefined);
  });
} else {
  describe('EventStoreDB (real server)', () => {
    let connectionString = server.kind === 'connection-string' ? server.connectionString : '';
    let container: StartedTestContainer | undefined;

    beforeAll(async () => {
      if (server.kind !== 'container') return;
      const { GenericContainer, Wait } = await import('testcontainers');
      container = await new GenericContainer(IMAGE)
        .withEnvironment({
          EVENTSTORE_INSECURE: 'true',
          EVENTSTORE_MEM_DB: 'true',
          EVENTSTORE_CLUSTER_SIZE: '1',
          EVENTSTORE_RUN_PROJECTIONS: 'None',
        })
        .withExposedPorts(2113)
        .withWaitStrategy(
          Wait.forHttp('/health/live', 2113).forStatusCodeMatching((s) => s >= 200 && s < 300),
        )
        .withStartupTimeout(180_000)
        .start();
      connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    }, 300_000);

    afterAll(async () => {
      await container?.stop();
    });

    // Every test gets a new client and a store whose log begins where `$all` ends now.
    describeEventStoreContract('EventStoreDB', async () => {
      const client = connectEventStoreDb(connectionString);
      return harnessOver(client, await endOfLog(client));
    });
  });
}

describeEventStoreContract('EventStoreDB adapter over the in-memory client double (not a server)', async () =>
  harnessOver(new InMemoryEventStoreDbClient(), null),
);
