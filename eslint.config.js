// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** Package boundaries (docs/DESIGN.md, "Architecture"), enforced on imports. */
const boundary = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }]
})

export default tseslint.config(
  {
    ignores: ['.scratch/**', '**/dist/**', '**/node_modules/**', '**/pb/*.ts', 'packages/web/vite.config.ts', 'bench/results/**']
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.ts', 'scripts/*.ts', 'packages/node/bin/*.js', 'packages/*/test/*/fixtures/*.mjs']
        },
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      'no-shadow': 'off',
      '@typescript-eslint/no-shadow': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }]
    }
  },
  {
    // vitest's asymmetric matchers (expect.objectContaining, …) are typed `any`, and the
    // process tests read untyped NDJSON replies.
    files: ['**/test/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off'
    }
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } }
  },
  {
    // crypto is pure: libsodium only, nothing of ours, no I/O.
    files: ['packages/crypto/src/**/*.ts'],
    rules: boundary([
      { group: ['@parley/*', 'libp2p', '@libp2p/*', 'level', 'classic-level', 'browser-level', 'node:*', 'fs', 'path', 'os'], message: '@parley/crypto is pure and isomorphic: it depends on libsodium only.' }
    ])
  },
  {
    // node imports crypto's public entry only.
    files: ['packages/node/src/**/*.ts'],
    rules: boundary([
      { group: ['@parley/crypto/*', '@parley/web', '@parley/web/*', '../../crypto/*', '../../web/*'], message: '@parley/node imports @parley/crypto\'s public entry only.' }
    ])
  },
  {
    // The isomorphic core may not reach Node-only modules; those live in src/node and src/cli.
    files: ['packages/node/src/**/*.ts'],
    ignores: ['packages/node/src/node/**', 'packages/node/src/cli/**'],
    rules: boundary([
      { group: ['@parley/crypto/*', '@parley/web', '@parley/web/*'], message: '@parley/node imports @parley/crypto\'s public entry only.' },
      { group: ['node:*', 'classic-level', '@libp2p/tcp', '@libp2p/mdns'], message: 'The peer core is isomorphic: Node-only modules belong in src/node or src/cli.' }
    ])
  },
  {
    // Views render snapshots; only view models talk to the peer.
    files: ['packages/web/src/views/**/*.ts', 'packages/web/src/views/**/*.tsx'],
    rules: boundary([
      { group: ['@parley/node', '@parley/node/*', '@parley/crypto', '@parley/crypto/*'], message: 'Views import no protocol code: go through a view model.' }
    ])
  }
)
