// Lint: typescript-eslint's recommended rules over the server, the pages, the emulator and the
// tests; `npm run lint` runs it with knip (unused files, exports and dependencies).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-output/', '.playground/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        // Apps Script's services, as the server bundle sees them.
        SpreadsheetApp: 'readonly',
        DriveApp: 'readonly',
        UrlFetchApp: 'readonly',
        PropertiesService: 'readonly',
        CacheService: 'readonly',
        LockService: 'readonly',
        ScriptApp: 'readonly',
        HtmlService: 'readonly',
        Session: 'readonly',
        Utilities: 'readonly',
        Logger: 'readonly',
        GoogleAppsScript: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Build and test configuration, run by Node itself.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { process: 'readonly', module: 'writable', require: 'readonly', URL: 'readonly' },
    },
  },
);
