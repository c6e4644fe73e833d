#!/usr/bin/env node
// The `parley` command (`npx parley …`). The CLI itself is compiled into dist/, which
// `npm install` builds (the root `prepare` script); this file exists before that so npm
// can link the command at install time.
//
// The CLI runs with Parley's V8 flags (dist/cli/node-flags.js: a capped young generation, so a
// long-running peer's memory stays flat): when this process lacks them, the CLI runs in a child
// process that has them, on the same terminal. The child stops when this process dies however it
// dies (its IPC channel closes), so its profile is never left open behind it.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url))
try {
  const { NODE_FLAGS } = await import('../dist/cli/node-flags.js')
  const missing = NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag))
  if (missing.length === 0) {
    await import('../dist/cli/index.js')
  } else {
    const child = spawn(process.execPath, [...process.execArgv, ...missing, cli, ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] })
    // The terminal's Ctrl-C reaches both processes (the child decides); a SIGTERM or SIGHUP sent to this one is passed on.
    process.on('SIGINT', () => {})
    for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => { child.kill(signal) })
    child.on('exit', (code, signal) => { process.exit(code ?? 128 + (constants.signals[signal] ?? 0)) })
  }
} catch (error) {
  process.stderr.write(`parley: cannot load the CLI (${error.message}); run \`npm run build\` first\n`)
  process.exitCode = 1
}
