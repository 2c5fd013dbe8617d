// One lint setup for every folder. Where-it-runs rules: the renderer never imports Node modules,
// and only main/electron imports electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['fs', 'path', 'child_process', 'net', 'os', 'crypto', 'http', 'https', 'stream', 'worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'e2e/artifacts/**', 'test-results/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main/electron may import electron.' }] }],
    },
  },
  { files: ['main/electron/**'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches the host only through main/api.' }],
          patterns: [
            { group: ['node:*', ...nodeBuiltins], message: 'The renderer never imports Node modules.' },
            { group: ['**/main/host/**', '**/main/node/**', '**/devices/**', '**/sync/server/**'], message: 'Renderer imports only main/api, sync/protocol, sync/client and kiosk-config types.' },
          ],
        },
      ],
    },
  },
);
