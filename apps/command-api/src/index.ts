export * from './command-api.app';
