/**
 * `parley repair`: brings a damaged profile back to an openable state, never
 * working on the only copy.
 *
 * 1. refuses a profile another process has open (DataDirLockedError);
 * 2. copies the data directory aside, to `<dataDir>.damaged-<time>`;
 * 3. in a child process (repair-worker.ts: LevelDB can abort on some
 *    damage), runs LevelDB's own repair, then copies into a fresh database
 *    what still verifies (room envelopes by signature and id, DMs and private
 *    posts by decoding; the history index rebuilt, see store/repair.ts). If
 *    that child dies, a second one salvages by reading a fresh copy of the
 *    damaged files without LevelDB's repair;
 * 4. puts the fresh database in place, checks the identity opens, and opens
 *    the result as a peer would.
 */
import { spawn } from 'node:child_process'
import { cp, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ready } from '@parley/crypto'
import { ClassicLevel } from 'classic-level'
import { named } from '../errors.js'
import { loadOrCreateIdentity } from '../identity-store.js'
import { createProfileStore, DataDirLockedError } from '../store/index.js'
import { isLocked, openNodeProfileStore } from './open-store.js'
import type { ConversationAudit, HistoryAudit } from '../store/repair.js'

export { verifyRecord } from './verify-record.js'

/** `parley repair` was pointed at a directory that holds no profile database. */
export class NoProfileError extends named('NoProfileError') {}

/** How the identity record came through: opened, present but sealed (no passphrase given), or not recovered. */
export type IdentityState = 'ok' | 'sealed' | 'missing' | 'wrong-passphrase' | 'damaged'

/** What {@link repairProfile} did and found. */
export interface RepairReport {
  dataDir: string
  /** Where the untouched copy of the damaged directory is. */
  copy: string
  /** Undefined when LevelDB's repair succeeded, else how it failed (then the damaged files were salvaged by reading). */
  leveldbFailure?: string
  identity: IdentityState
  conversations: ConversationAudit[]
  /** Sublevels that could be read only part way. */
  unreadable: string[]
  /** True when the result was read from the damaged files as they were, LevelDB's repair having failed or lost the identity. */
  salvaged?: boolean
  /** Whether the repaired profile opens as a peer opens it. */
  opens: boolean
  /** Why it does not open, when it does not. */
  openFailure?: string
  /** The identity is there (opened, or sealed and intact) and the profile opens. */
  recovered: boolean
}

/** Options of {@link repairProfile}. */
export interface RepairInit {
  dataDir: string
  /** Opens a sealed identity to check it; without one a sealed identity is only checked to be present. */
  passphrase?: string
}

const WORKER = fileURLToPath(new URL('./repair-worker.js', import.meta.url))

async function exists (path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false)
}

/** Throws DataDirLockedError when another process holds the database. */
async function refuseLocked (dataDir: string, dbDir: string): Promise<void> {
  const db = new ClassicLevel(dbDir, { createIfMissing: false })
  try {
    await db.open()
  } catch (err) {
    if (isLocked(err)) throw new DataDirLockedError(dataDir, { cause: err })
    return
  }
  await db.close()
}

/** Runs the repair worker; the audit it printed, or how it failed. */
async function runWorker (mode: 'repair' | 'salvage', source: string, target: string): Promise<{ audit?: HistoryAudit, failure?: string }> {
  await rm(target, { recursive: true, force: true })
  const child = spawn(process.execPath, [WORKER, mode, source, target], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000) })
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => { resolve([c, s]) }))
  if (code === 0) return { audit: JSON.parse(stdout) as HistoryAudit }
  const last = stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? ''
  return { failure: `${signal === null ? `exit status ${code}` : `killed by ${signal}`}${last === '' ? '' : `: ${last}`}` }
}

async function checkIdentity (db: ClassicLevel<string, Uint8Array>, passphrase: string | undefined): Promise<IdentityState> {
  const store = await createProfileStore(db)
  try {
    if (store.locked && passphrase !== undefined && passphrase !== '') await store.unlock(passphrase)
    if (await store.kv('identity').get('self') === undefined) return 'missing'
    await loadOrCreateIdentity(store, passphrase)
    return 'ok'
  } catch (err) {
    const name = (err as Error).name
    return name === 'PassphraseRequiredError' ? 'sealed' : name === 'WrongPassphraseError' ? 'wrong-passphrase' : 'damaged'
  } finally {
    await store.close()
  }
}

/** Identity states that count as recovered. */
const HAS_IDENTITY = new Set<IdentityState>(['ok', 'sealed', 'wrong-passphrase'])

interface Attempt { dir: string, audit?: HistoryAudit, failure?: string, identity: IdentityState }

/** Runs the worker into the fresh directory `dir` and checks the identity it copied. */
async function attempt (mode: 'repair' | 'salvage', source: string, dir: string, passphrase: string | undefined): Promise<Attempt> {
  const run = await runWorker(mode, source, dir)
  if (run.audit === undefined) {
    await rm(dir, { recursive: true, force: true })
    return { dir, failure: run.failure, identity: 'damaged' }
  }
  const identity = await checkIdentity(new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' }), passphrase)
  return { dir, audit: run.audit, identity }
}

/** A file-name-safe timestamp. */
const stamp = (): string => new Date().toISOString().replace(/[:.]/g, '-')

/** Repairs the profile at `init.dataDir`; see the module comment. */
export async function repairProfile (init: RepairInit): Promise<RepairReport> {
  const { dataDir } = init
  await ready()
  const dbDir = join(dataDir, 'db')
  if (!await exists(dbDir)) throw new NoProfileError(`there is no profile database in ${dataDir}`)
  await refuseLocked(dataDir, dbDir)
  const copy = `${dataDir.replace(/[/\\]+$/, '')}.damaged-${stamp()}`
  await cp(dataDir, copy, { recursive: true, errorOnExist: true, force: false })
  const report: RepairReport = { dataDir, copy, identity: 'damaged', conversations: [], unreadable: [], opens: false, recovered: false }
  let best = await attempt('repair', dbDir, join(dataDir, 'db.repaired'), init.passphrase)
  report.leveldbFailure = best.failure
  if (best.audit === undefined || !HAS_IDENTITY.has(best.identity)) {
    // LevelDB's repair failed, or dropped the table holding the identity: read the damaged files as they were.
    const scratch = join(dataDir, 'db.salvage')
    await rm(scratch, { recursive: true, force: true })
    await cp(join(copy, 'db'), scratch, { recursive: true })
    const salvaged = await attempt('salvage', scratch, join(dataDir, 'db.salvaged'), init.passphrase)
    await rm(scratch, { recursive: true, force: true })
    if (salvaged.audit !== undefined && (best.audit === undefined || HAS_IDENTITY.has(salvaged.identity))) {
      await rm(best.dir, { recursive: true, force: true })
      best = salvaged
      report.salvaged = true
    } else {
      await rm(salvaged.dir, { recursive: true, force: true })
    }
  }
  if (best.audit === undefined) {
    report.openFailure = `nothing could be read back (${best.failure ?? 'unknown'})`
    return report
  }
  report.conversations = best.audit.conversations
  report.unreadable = best.audit.unreadable
  report.identity = best.identity
  await rm(dbDir, { recursive: true, force: true })
  await rename(best.dir, dbDir)
  try {
    await (await openNodeProfileStore(dataDir, { check: true })).close()
    report.opens = true
  } catch (err) {
    report.openFailure = (err as Error).message
  }
  report.recovered = report.opens && (report.identity === 'ok' || report.identity === 'sealed')
  return report
}
