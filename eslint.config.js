// One lint setup for every folder. Where-it-runs rules: the renderer never imports Node modules,
// and only main/electron imports electron. The renderer never renders a string as HTML.
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
      // Scanned codes, OCR text and platform answers are untrusted: they reach the screen as text nodes only.
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never render HTML: untrusted text (scans, OCR, platform) goes into text nodes.' },
        { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'Never render HTML: set textContent instead.' },
        { selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment)$/]", message: 'Never render HTML: build nodes or set textContent.' },
        { selector: "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]", message: 'Never render HTML.' },
      ],
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
