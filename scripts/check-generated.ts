/**
 * CI check: the committed protons output (packages/node/src/pb/*.ts) matches what
 * `npm run generate` makes from the .proto files beside it. Exits 1 naming each stale file.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const pb = join(import.meta.dirname, '..', 'packages', 'node', 'src', 'pb')
const out = mkdtempSync(join(tmpdir(), 'parley-pb-'))
try {
  const protos = readdirSync(pb).filter((f) => f.endsWith('.proto')).sort()
  execFileSync('protons', ['--output', out, ...protos.map((f) => join(pb, f))], { stdio: 'inherit' })
  const stale = protos
    .map((f) => f.replace(/\.proto$/, '.ts'))
    .filter((ts) => {
      const generated = readFileSync(join(out, ts), 'utf8')
      try { return readFileSync(join(pb, ts), 'utf8') !== generated } catch { return true }
    })
  if (stale.length > 0) {
    process.stderr.write(`check:generated: ${stale.join(', ')} in ${pb} do not match their .proto; run \`npm run generate\` and commit\n`)
    process.exitCode = 1
  } else {
    process.stdout.write(`check:generated: ${protos.length} .proto files match their generated .ts\n`)
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
