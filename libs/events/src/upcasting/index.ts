export * from './upcaster';
export * from './upcaster-registry';
export * from './visit-logged.upcasters';
export * from './upcast';
