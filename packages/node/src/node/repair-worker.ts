/**
 * The part of `parley repair` that touches damaged files, run as a child
 * process by repair.ts: on some damage LevelDB aborts the whole process (a
 * failed assertion in its repair or compaction), and then only this child
 * dies and the parent reports it.
 *
 * Usage: repair-worker <repair|salvage> <damaged db dir> <new db dir>
 * `repair` first runs LevelDB's own repair on the damaged directory;
 * `salvage` only reads it. Either way what verifies is copied into the new
 * directory, and the audit is printed on stdout as one JSON line.
 */
import { ready } from '@parley/crypto'
import { ClassicLevel } from 'classic-level'
import { copyVerified } from '../store/repair.js'
import { verifyRecord } from './verify-record.js'

const [mode, source, target] = process.argv.slice(2)
if ((mode !== 'repair' && mode !== 'salvage') || source === undefined || target === undefined) {
  process.stderr.write('usage: repair-worker <repair|salvage> <damaged db dir> <new db dir>\n')
  process.exit(2)
}
await ready()
if (mode === 'repair') await ClassicLevel.repair(source)
const from = new ClassicLevel<string, Uint8Array>(source, { createIfMissing: false, keyEncoding: 'utf8', valueEncoding: 'view' })
const to = new ClassicLevel<string, Uint8Array>(target, { errorIfExists: true, keyEncoding: 'utf8', valueEncoding: 'view' })
await from.open()
await to.open()
const audit = await copyVerified(from, to, verifyRecord)
await to.close()
await from.close()
process.stdout.write(JSON.stringify(audit) + '\n')
