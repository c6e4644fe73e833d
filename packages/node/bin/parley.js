#!/usr/bin/env node
// The `parley` command (`npx parley …`). The CLI itself is compiled into dist/, which
// `npm install` builds (the root `prepare` script); this file exists before that so npm
// can link the command at install time.
import('../dist/cli/index.js').catch((error) => {
  process.stderr.write(`parley: cannot load the CLI (${error.message}); run \`npm run build\` first\n`)
  process.exitCode = 1
})
