import { fileURLToPath } from 'node:url'
import preact from '@preact/preset-vite'
import { defineConfig, type Plugin } from 'vite'

// `level` and its dependencies import Node's `events`; the browser gets the npm package of the
// same API instead of Vite's empty stub for Node built-ins.
const events = fileURLToPath(import.meta.resolve('events/events.js'))

/**
 * The page's Content-Security-Policy (index.html) allows no inline script: the build fails if an
 * HTML page it writes has a <script> without src, or an inline event handler.
 */
const noInlineScript = (): Plugin => ({
  name: 'parley-no-inline-script',
  apply: 'build',
  enforce: 'post',
  generateBundle (_options, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type !== 'asset' || !file.fileName.endsWith('.html')) continue
      const html = String(file.source)
      const inline = [...html.matchAll(/<script\b([^>]*)>/gi)].filter((m) => !/\ssrc=/i.test(m[1]))
      if (inline.length > 0 || /\son[a-z]+\s*=/i.test(html.replace(/<!--[\s\S]*?-->/g, ''))) {
        this.error(`${file.fileName} has inline script, which its Content-Security-Policy refuses`)
      }
    }
  }
})

/**
 * The dev server injects CSS as <style> elements, which the page's policy refuses: in `vite`
 * (dev) only, the policy allows inline styles. Builds keep the policy as written.
 */
const devStyles = (): Plugin => ({
  name: 'parley-dev-styles',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
})

export default defineConfig({
  base: './',
  plugins: [preact(), noInlineScript(), devStyles()],
  // `window.parley` (src/main.tsx) only in builds for tests and benchmarks, which define it true.
  define: { __PARLEY_TEST_HOOKS__: 'false' },
  resolve: {
    alias: [
      { find: /^(node:)?events$/, replacement: events }
    ]
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500
  }
})
