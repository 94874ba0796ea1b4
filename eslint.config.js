import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', '.next-*/', '.data/', '.e2e-data/', '.bench-data/', 'db/migrations/', 'next-env.d.ts', '**/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration from lib/config.ts, not process.env.',
        },
      ],
    },
  },
  {
    files: ['lib/config.ts', 'instrumentation.ts', '**/*.test.ts', 'e2e/**', 'scripts/**/*.mjs', '*.config.*', 'lib/testing/**', 'scripts/bench/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
