import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProjectorMonitor } from './projector-monitor';

export interface ProjectorHttpServer {
  /** The port it listens on (useful when asked for port 0). */
  readonly port: number;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * The projector's operations endpoints (node:http, no framework): `GET /health/live`,
 * `GET /health/ready` (503 when not ready) and `GET /metrics` (Prometheus text).
 */
export async function serveProjectorHttp(
  monitor: ProjectorMonitor,
  { port, host }: { port: number; host: string },
): Promise<ProjectorHttpServer> {
  const started = Date.now();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return json(res, 405, { statusCode: 405, error: 'Method Not Allowed' });
    switch (path) {
      case '/health/live':
        return json(res, 200, {
          status: 'ok',
          info: { process: { status: 'up', uptimeSeconds: Math.round((Date.now() - started) / 1000) } },
        });
      case '/health/ready': {
        const { ready, body } = await monitor.readiness();
        return json(res, ready ? 200 : 503, body);
      }
      case '/metrics': {
        const text = await monitor.metrics.exposition();
        res.writeHead(200, { 'content-type': monitor.metrics.contentType, 'cache-control': 'no-store' });
        res.end(text);
        return;
      }
      default:
        return json(res, 404, { statusCode: 404, error: 'Not Found', message: `No route ${path}` });
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      json(res, 500, { statusCode: 500, error: 'Internal Server Error', message: String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
