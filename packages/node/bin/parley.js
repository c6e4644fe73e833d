#!/usr/bin/env node
// The `parley` command (`npx parley …`). The CLI itself is compiled into dist/, which
// `npm install` builds (the root `prepare` script); this file exists before that so npm
// can link the command at install time.
//
// The CLI runs with Parley's V8 flags and environment (dist/cli/node-flags.js: a capped young
// generation and two malloc arenas, so a long-running peer's memory stays flat). When this process lacks them it becomes a Node process
// that has them (process.execve: same process, terminal and signals), or where that is missing
// (Windows) runs the CLI in a child process on the same terminal, which stops when this process
// dies however it dies (its IPC channel closes), so its profile is never left open behind it.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url))
try {
  const { NODE_ENV, NODE_FLAGS } = await import('../dist/cli/node-flags.js')
  const missing = NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag))
  const env = { ...NODE_ENV, ...process.env }
  const args = [...process.execArgv, ...missing, cli, ...process.argv.slice(2)]
  if (missing.length === 0) {
    await import('../dist/cli/index.js')
  } else if (typeof process.execve === 'function') {
    process.execve(process.execPath, [process.execPath, ...args], env)
  } else {
    const child = spawn(process.execPath, args, { env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] })
    // The terminal's Ctrl-C reaches both processes (the child decides); a SIGTERM or SIGHUP sent to this one is passed on.
    process.on('SIGINT', () => {})
    for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => { child.kill(signal) })
    child.on('exit', (code, signal) => { process.exit(code ?? 128 + (constants.signals[signal] ?? 0)) })
  }
} catch (error) {
  process.stderr.write(`parley: cannot load the CLI (${error.message}); run \`npm run build\` first\n`)
  process.exitCode = 1
}
