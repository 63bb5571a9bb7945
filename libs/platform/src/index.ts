export * from './database/embedded-postgres';
export * from './database/database-admin';
export * from './database/run-migrations';
export * from './config/validate-env';
export * from './config/defaults';
export * from './http/validation';
export * from './http/http-exception.filter';
export * from './http/create-http-app';
