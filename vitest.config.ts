import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (pkg: string, entry = 'index.ts'): string =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${entry}`, import.meta.url))

export default defineConfig({
  resolve: {
    // In-process tests run against the sources; child processes (the CLI) run the build.
    alias: [
      { find: /^@parley\/crypto$/, replacement: src('crypto') },
      { find: /^@parley\/node$/, replacement: src('node') },
      { find: /^@parley\/node\/node$/, replacement: src('node', 'node/index.ts') },
      { find: /^@parley\/node\/browser$/, replacement: src('node', 'browser/index.ts') }
    ]
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
