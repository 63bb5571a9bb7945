import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { commandApiListenOptions, createCommandApi } from './command-api.app';

async function main(): Promise<void> {
  const app = await createCommandApi();
  const { port, host } = commandApiListenOptions(app);
  await app.listen(port, host);
  Logger.log(`command-api listening on http://${host}:${port} (OpenAPI at /docs)`, 'Bootstrap');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
