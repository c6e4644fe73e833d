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
    // `vitest run --project unit` (npm run test:unit): the packages' own fast tests, in process.
    // `--project integration`: real peers, `parley` processes and Chromium (test/).
    projects: [
      { extends: true, test: { name: 'unit', include: ['packages/*/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'] } }
    ],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
