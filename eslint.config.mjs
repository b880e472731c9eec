// ESLint for the extension and its node tests (make lint, part of make test). The extension is classic
// scripts sharing namespaced globals (EtiquetteCore, ...), so each file is a script, not a module.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['node_modules/**', '.venv/**', 'dist/**', 'e2e/fixtures/**', 'bench/**'] },
  js.configs.recommended,
  {
    files: ['extension/**/*.js', 'backend/etiquette/static/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'script',
      globals: {
        ...globals.browser,
        ...globals.webextensions,
        ...globals.serviceworker,
        module: 'readonly',
        browserApi: 'readonly',
      },
    },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
    },
  },
  {
    files: ['extension/build/**/*.js', '**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
  },
];
