import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'lib/**',
      'packages/*/dist/**',
      'node_modules/**',
      '.tools/**',
      '.stack/**',
      'coverage/**',
      'bin/**',
      '**/*.config.js',
      '*.config.mjs',
      'packages/*/bin/**',
      // Compiled by their suites against clients generated at test time (tsc --strict, javac), not in this project.
      'test/generated-clients/callers/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
    files: ['workflows/**/*.ts', 'contracts/**/*.ts', 'bench/workflows/**/*.ts', 'metrics/names.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Workflow code must not use Node built-ins.' },
            {
              group: ['axios', 'fs', 'path', 'http', 'https', 'crypto', 'child_process', 'os', 'net'],
              message: 'No I/O in workflow code.',
            },
            {
              group: ['@temporalio/activity', '@temporalio/client', '@temporalio/worker'],
              message: 'Workflow code only imports @temporalio/workflow and @temporalio/common.',
            },
            {
              group: ['**/activities', '**/activities/*'],
              allowTypeImports: true,
              message: 'Import activities as types only.',
            },
            {
              group: ['**/box/*', 'box-sign-emulator', '**/worker/*', '**/client/*'],
              message: 'Workflow code must not import side-effecting modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // Every module a workflow imports loads again for each cached workflow: contract files one by one (the barrel
    // brings the zod schema), and the schema itself never (validation runs in the validateInput local activity).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[importKind!='type'][source.value=/^(zod|\\.\\.\\/contracts(\\/index|\\/sign-request-schema|\\/validation)?)$/]",
          message: 'Workflows import contract files, never the contracts barrel, the zod schema or zod.',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  prettier,
);
