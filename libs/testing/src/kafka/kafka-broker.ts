import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Folder with the Maven project that names the broker's jars (tools/kafka-broker/pom.xml). */
const POM_DIR = path.resolve(__dirname, '../../../../tools/kafka-broker');
/** Resolved classpath, cached between runs (the jars themselves live in Maven's local repository). */
const CACHE_DIR = path.resolve(__dirname, '../../../../.cache/kafka');

export interface KafkaBroker {
  /** Bootstrap servers, e.g. "127.0.0.1:39092". */
  readonly brokers: string;
  /** Stops the broker process (its data stays), e.g. to test a broker outage. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
}

export type KafkaAvailability = { available: true } | { available: false; reason: string };

const has = (command: string, args: string[]): boolean => {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.status === 0;
};

/** Whether a real broker can be started here: Java and Maven must be on the PATH. */
export const kafkaAvailability = (): KafkaAvailability => {
  if (!has('java', ['-version'])) return { available: false, reason: 'java is not on the PATH' };
  if (!has('mvn', ['-v'])) return { available: false, reason: 'mvn is not on the PATH' };
  return { available: true };
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const canConnect = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Resolves Apache Kafka's jars with Maven (downloaded once into ~/.m2) and returns the classpath. */
export async function kafkaClasspath(): Promise<string> {
  const pom = await readFile(path.join(POM_DIR, 'pom.xml'), 'utf8');
  const version = /<kafka.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown';
  const file = path.join(CACHE_DIR, `classpath-${version}.txt`);
  if (existsSync(file)) {
    const cached = await readFile(file, 'utf8');
    if (cached.split(':').every((jar) => existsSync(jar))) return cached;
  }
  await mkdir(CACHE_DIR, { recursive: true });
  await run('mvn', ['-q', '-B', '-f', path.join(POM_DIR, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${file}`], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 600_000,
  });
  return readFile(file, 'utf8');
}

/**
 * Starts a single-node Apache Kafka (KRaft, broker + controller) from Kafka's own jars, on loopback
 * and free ports, with its data in a temporary folder.
 */
export async function startKafkaBroker(options: { partitions?: number; log?: (line: string) => void } = {}): Promise<KafkaBroker> {
  const classpath = await kafkaClasspath();
  const dir = await mkdtemp(path.join(tmpdir(), 'crm-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const config = path.join(dir, 'server.properties');
  await writeFile(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${path.join(dir, 'data')}`,
      `num.partitions=${options.partitions ?? 3}`,
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=3',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=false',
      'log.flush.interval.messages=1',
      '',
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'log4j.properties'), 'log4j.rootLogger=WARN, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\nlog4j.appender.stdout.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stdout.layout.ConversionPattern=[kafka] %p %m%n\n');
  const clusterId = randomBytes(16).toString('base64url').slice(0, 22);
  const jvm = ['-Xms256m', '-Xmx512m', `-Dlog4j.configuration=file:${path.join(dir, 'log4j.properties')}`, '-cp', classpath];
  try {
    await run('java', [...jvm, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, `--config=${config}`], {
      timeout: 120_000,
    });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`Formatting Kafka's storage failed: ${e.stderr || e.stdout || String(error)}`);
  }

  let child: ChildProcess | null = null;
  let output = '';
  const start = async () => {
    output = '';
    child = spawn('java', [...jvm, 'kafka.Kafka', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-20_000);
      options.log?.(text);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const deadline = Date.now() + 120_000;
    while (!(await canConnect(port))) {
      if (child.exitCode !== null) throw new Error(`Kafka exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`Kafka did not listen on ${port} within 120 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => running.kill('SIGKILL'), 20_000);
      running.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      running.kill('SIGTERM');
    });
  };
  await start();
  return {
    brokers: `127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
