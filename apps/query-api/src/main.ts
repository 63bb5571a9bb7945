import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createAppLogger } from '@crm/platform';
import { createQueryApi, queryApiListenOptions } from './query-api.app';

async function main(): Promise<void> {
  const app = await createQueryApi();
  const { port, host } = queryApiListenOptions(app);
  await app.listen(port, host);
  Logger.log(`query-api listening on http://${host}:${port} (OpenAPI at /docs)`, 'Bootstrap');
}

main().catch((error: unknown) => {
  createAppLogger({ app: 'query-api' }).fatal({ err: error }, 'query-api failed to start');
  process.exit(1);
});
