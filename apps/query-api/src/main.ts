import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createQueryApi, queryApiListenOptions } from './query-api.app';

async function main(): Promise<void> {
  const app = await createQueryApi();
  const { port, host } = queryApiListenOptions(app);
  await app.listen(port, host);
  Logger.log(`query-api listening on http://${host}:${port} (OpenAPI at /docs)`, 'Bootstrap');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
