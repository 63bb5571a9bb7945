import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.nx/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Dependency direction (ARCHITECTURE.md): events import nothing; the domain only events;
      // adapters events (and platform); apps wire everything.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:events', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:events'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'type:adapter',
              onlyDependOnLibsWithTags: ['type:events', 'type:adapter', 'type:platform'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:events', 'type:adapter', 'type:platform'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:events', 'type:domain', 'type:adapter', 'type:platform'],
            },
          ],
        },
      ],
    },
  },
  {
    // The domain is pure: no framework, no I/O, no clock or randomness sources.
    files: ['libs/domain/**/*.ts', 'libs/events/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'pg',
                'kafkajs',
                '@eventstore/*',
                'node:*',
                'fs',
                'http',
                'crypto',
                'uuid',
              ],
              message: 'libs/domain and libs/events stay free of frameworks and I/O',
            },
          ],
        },
      ],
    },
  },
];
