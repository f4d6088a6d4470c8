import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='describe'][callee.property.name='skip']", message: 'Skipped tests are not allowed.' },
        { selector: "CallExpression[callee.object.name='it'][callee.property.name='skip']", message: 'Skipped tests are not allowed.' },
        { selector: "CallExpression[callee.object.name='test'][callee.property.name='skip']", message: 'Skipped tests are not allowed.' },
      ],
    },
  },
);
