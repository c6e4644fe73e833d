/**
 * Builds a page of packages/web with the package's own Vite config into a temporary directory,
 * so browser tests always run what the current sources produce.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

/** The web package's directory. */
export const WEB_DIR = fileURLToPath(new URL('../../../packages/web/', import.meta.url))

/**
 * Builds the page whose `index.html` is in `packages/web/<dir>`; resolves with the output directory.
 * `alias` maps module names to files (paths relative to packages/web), on top of the package's own.
 */
export async function buildPage (dir: string, alias: Record<string, string> = {}): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'parley-web-'))
  await build({
    configFile: join(WEB_DIR, 'vite.config.ts'),
    root: join(WEB_DIR, dir),
    logLevel: 'warn',
    // The page exposes `window.parley` for tests and benchmarks (packages/web/src/main.tsx).
    define: { __PARLEY_TEST_HOOKS__: 'true' },
    resolve: {
      alias: Object.entries(alias).map(([name, file]) => ({ find: new RegExp(`^${name}$`), replacement: join(WEB_DIR, file) }))
    },
    build: { outDir, emptyOutDir: true, sourcemap: false }
  })
  return outDir
}
