import { fileURLToPath } from 'node:url'
import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'

// `level` and its dependencies import Node's `events`; the browser gets the npm package of the
// same API instead of Vite's empty stub for Node built-ins.
const events = fileURLToPath(import.meta.resolve('events/events.js'))

export default defineConfig({
  base: './',
  plugins: [preact()],
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
