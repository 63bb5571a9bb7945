import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/**
 * Turns raw environment variables into a typed, validated configuration object (for
 * `ConfigModule.forRoot({ validate })`). Every property of the class carries its default.
 */
export const validateEnv =
  <T extends object>(schema: new () => T) =>
  (raw: Record<string, unknown>): T => {
    const config = plainToInstance(schema, raw, {
      enableImplicitConversion: true,
      exposeDefaultValues: true,
    });
    const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
    if (errors.length > 0) {
      const details = errors
        .map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`)
        .join('; ');
      throw new Error(`Invalid configuration: ${details}`);
    }
    return config;
  };
