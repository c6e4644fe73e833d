/**
 * `npm run fuzz [-- <target>…] [--runs N] [--seed S]`: long fuzz runs of the
 * targets in targets.ts, reporting inputs per second per target. Each target
 * runs in a worker thread watched from here, so an input that never returns
 * (a loop that does not end) is reported with its bytes instead of hanging
 * the run. Exits 1 when any target failed. Runs the TypeScript sources
 * directly (Node 24, --experimental-transform-types for the generated
 * protobuf enums): a resolve hook maps `.js` imports to the `.ts` beside them.
 */
import { existsSync } from 'node:fs'
import { registerHooks } from 'node:module'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'

const ROOT = new URL('../../', import.meta.url)
const ALIASES: Record<string, string> = {
  '@parley/crypto': 'packages/crypto/src/index.ts',
  '@parley/node': 'packages/node/src/index.ts',
  '@parley/node/node': 'packages/node/src/node/index.ts'
}

registerHooks({
  resolve (specifier, context, next) {
    const alias = ALIASES[specifier]
    if (alias !== undefined) return next(new URL(alias, ROOT).href, context)
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.startsWith(ROOT.href) === true && !context.parentURL.includes('/node_modules/')) {
      const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL)
      if (existsSync(fileURLToPath(ts))) return next(ts.href, context)
    }
    return next(specifier, context)
  }
})

/** Shared with the worker: [inputs done, length of the current input], then the current input's bytes. */
const INPUT_BYTES = 1 << 20
/** How long one input may run before the watchdog calls it a hang. */
const HANG_MS = 5_000

interface Job { name: string, runs: number, seed: number, shared: SharedArrayBuffer }
interface Outcome { name: string, runs: number, ms: number, failure?: string }

async function work ({ name, runs, seed, shared }: Job): Promise<Outcome> {
  const [{ ready }, fc, { check, fuzzTargets }] = await Promise.all([import('@parley/crypto'), import('fast-check'), import('./targets.js')])
  await ready()
  const target = fuzzTargets().find((t) => t.name === name)
  if (target === undefined) throw new Error(`no fuzz target ${name}`)
  const counters = new Int32Array(shared, 0, 2)
  const current = new Uint8Array(shared, 8)
  const started = performance.now()
  const result = fc.default.check(fc.default.property(target.arbitrary(), (input: Uint8Array) => {
    const n = Math.min(input.length, INPUT_BYTES)
    current.set(input.subarray(0, n))
    Atomics.store(counters, 1, input.length)
    check(target, input)
    Atomics.add(counters, 0, 1)
  }), { numRuns: runs, seed })
  const ms = performance.now() - started
  return { name, runs: result.numRuns, ms, failure: result.failed ? `${String(result.errorInstance)}\n${fc.default.defaultReportMessage(result) ?? ''}` : undefined }
}

function runInWorker (name: string, runs: number, seed: number): Promise<Outcome> {
  const shared = new SharedArrayBuffer(8 + INPUT_BYTES)
  const counters = new Int32Array(shared, 0, 2)
  const worker = new Worker(new URL(import.meta.url), { workerData: { name, runs, seed, shared }, execArgv: ['--experimental-transform-types', '--no-warnings'] })
  const started = performance.now()
  return new Promise((resolve) => {
    let last = -1
    let since = performance.now()
    const watchdog = setInterval(() => {
      const done = Atomics.load(counters, 0)
      if (done !== last) { last = done; since = performance.now(); return }
      if (performance.now() - since < HANG_MS || done === 0 && Atomics.load(counters, 1) === 0) return
      clearInterval(watchdog)
      const length = Atomics.load(counters, 1)
      const bytes = Buffer.from(new Uint8Array(shared, 8, Math.min(length, 512)))
      void worker.terminate()
      resolve({ name, runs: done, ms: performance.now() - started, failure: `input ${done + 1} did not return within ${HANG_MS} ms (${length} bytes${length > 512 ? ', first 512' : ''}): ${bytes.toString('hex')}` })
    }, 200)
    worker.once('message', (outcome: Outcome) => { clearInterval(watchdog); resolve(outcome) })
    worker.once('error', (err) => { clearInterval(watchdog); resolve({ name, runs: Atomics.load(counters, 0), ms: performance.now() - started, failure: `${err.name}: ${err.message}` }) })
  })
}

async function main (): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' } }
  })
  const { ready } = await import('@parley/crypto')
  const { fuzzTargets } = await import('./targets.js')
  await ready()
  const all = fuzzTargets()
  const names = positionals.length > 0 ? positionals : all.map((t) => t.name)
  const unknown = names.filter((n) => !all.some((t) => t.name === n))
  if (unknown.length > 0) {
    process.stderr.write(`unknown fuzz target ${unknown.join(', ')}; known: ${all.map((t) => t.name).join(', ')}\n`)
    process.exit(2)
  }
  const runs = Number(values.runs)
  const seed = values.seed === undefined ? Date.now() % 0x7fffffff : Number(values.seed)
  process.stdout.write(`fuzz: ${runs} inputs per target, seed ${seed}\n`)
  let failed = 0
  for (const name of names) {
    const outcome = await runInWorker(name, runs, seed)
    const rate = outcome.runs / (outcome.ms / 1000)
    const target = all.find((t) => t.name === name)
    const known = target?.knownFailing ?? target?.knownSlow
    process.stdout.write(`${name.padEnd(22)} ${String(outcome.runs).padStart(8)} inputs ${rate.toFixed(0).padStart(8)}/s  ${outcome.failure === undefined ? 'ok' : 'FAILED'}${known === undefined ? '' : ` (known: ${known})`}\n`)
    if (outcome.failure !== undefined) {
      failed++
      process.stdout.write(`  ${outcome.failure.split('\n').join('\n  ')}\n`)
    }
  }
  process.exit(failed > 0 ? 1 : 0)
}

if (isMainThread) await main()
else parentPort?.postMessage(await work(workerData as Job))
