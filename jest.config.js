// Jest runs TypeScript through swc (legacy decorators + metadata, CommonJS output).
// NestJS 12 and a few of its dependencies ship ESM only, so they are transformed too.
const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  '@borewit',
  'uint8array-extras',
  'cookie',
  'content-disposition',
  'set-cookie-parser',
  'toad-cache',
  'libphonenumber-js',
  'uid',
  'uuid',
  'jose',
];

const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@crm/(events|domain|event-store|read-models|platform|testing|kafka-transport)$': '<rootDir>/libs/$1/src/index.ts',
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swcTransform },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/apps/.*/dist/', '<rootDir>/libs/.*/dist/'],
};

/** @type {import('jest').Config} */
module.exports = {
  // testTimeout is a global option (ignored inside projects): integration suites on a busy 2-core
  // machine need more than the 5 s default for their database set-up.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/src/**/*.spec.ts', '<rootDir>/apps/**/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/**/*.int.spec.ts', '<rootDir>/tests/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
      testTimeout: 60000,
    },
  ],
};
