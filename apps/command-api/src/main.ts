import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createAppLogger } from '@crm/platform';
import { commandApiListenOptions, createCommandApi } from './command-api.app';

async function main(): Promise<void> {
  const app = await createCommandApi();
  const { port, host } = commandApiListenOptions(app);
  await app.listen(port, host);
  Logger.log(`command-api listening on http://${host}:${port} (OpenAPI at /docs)`, 'Bootstrap');
}

main().catch((error: unknown) => {
  createAppLogger({ app: 'command-api' }).fatal({ err: error }, 'command-api failed to start');
  process.exit(1);
});
