export * from './database/embedded-postgres';
export * from './database/database-admin';
export * from './database/run-migrations';
export * from './config/validate-env';
export * from './config/defaults';
