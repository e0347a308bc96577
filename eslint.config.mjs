// ESLint for the TypeScript side (extension/, webview/, test/, scripts/, bench/): the recommended
// rules of @eslint/js and typescript-eslint, checked by the test command's lint step
// (test/run-all.sh). Each rule turned off below says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// What Node scripts (.js/.mjs) may use without importing it.
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'require',
    'module',
    '__dirname',
    '__filename',
    'structuredClone',
    'TextDecoder',
    'TextEncoder',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'extension/core/generated/**', '.venv/**', 'runs/**', 'schemas/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // tsc (strict) checks names; typescript-eslint recommends leaving undefined names to it.
      'no-undef': 'off',
      // `any` appears where JSON already checked by the generated ajv validators is handed on
      // (specs, events, configs); the types of those shapes are the generated ones — tsc's strict
      // mode, not this rule, is what keeps the rest typed.
      '@typescript-eslint/no-explicit-any': 'off',
      // `let x = fallback; try { x = read(); } catch {}` is the house idiom for optional files.
      'no-useless-assignment': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Lazy require() keeps the extension's activation and the CLI's start-up fast (docs/benchmarks.md).
    files: ['extension/vscode/**', 'extension/cli/main.ts', 'extension/core/environment/doctor.ts', 'extension/core/runner/**', 'test/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
    rules: { 'no-undef': 'error', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The e2e harness rethrows with a clearer message on purpose; the cause is printed beside it.
    files: ['test/e2e/**'],
    rules: { 'preserve-caught-error': 'off' },
  },
);
