import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Packages talk through their public entries (package.json exports), never through another package's files.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(firmware-contracts|services|simulators|web|test)/',
              message: "Import another package by its name and public entry (e.g. '@arterial/contracts/mqtt/v1'), not by path.",
            },
            { regex: '^@arterial/[^/]+/(src|dist)(/|$)', message: "Import the package's public entry, not its src/ or dist/ files." },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='describe'][callee.property.name='skip']", message: 'Skipped tests are not allowed.' },
        { selector: "CallExpression[callee.object.name='it'][callee.property.name='skip']", message: 'Skipped tests are not allowed.' },
        { selector: "CallExpression[callee.object.name='test'][callee.property.name='skip']", message: 'Skipped tests are not allowed.' },
      ],
    },
  },
);
