/**
 * `parley repair`: brings a damaged profile back to an openable state, never
 * working on the only copy.
 *
 * 1. refuses a profile another process has open (DataDirLockedError);
 * 2. copies the data directory aside, to `<dataDir>.damaged-<time>`;
 * 3. runs LevelDB's own repair in a child process (it can abort on some
 *    damage; then only the child dies and the report says so);
 * 4. checks what it can: every stored record still verifies (room envelopes
 *    by signature and id, DMs and private posts by decoding), the history
 *    index matches the records (see store/repair.ts), the identity opens;
 * 5. opens the result as a peer would.
 */
import { spawn } from 'node:child_process'
import { cp, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { blake2b256, ready, toHex } from '@parley/crypto'
import { ClassicLevel } from 'classic-level'
import { tryParseConversationId } from '../conversation-id.js'
import { decodeStoredDm } from '../dm/dm-model.js'
import { openEvent } from '../envelope.js'
import { named } from '../errors.js'
import { loadOrCreateIdentity } from '../identity-store.js'
import { StoredMessage } from '../pb/room.js'
import { fromRecord } from '../private-rooms/body.js'
import { toRoomMessage } from '../room-messages.js'
import { createProfileStore, DataDirLockedError } from '../store/index.js'
import { auditHistory, type ConversationAudit } from '../store/repair.js'
import { isLocked, openNodeProfileStore } from './open-store.js'

/** `parley repair` was pointed at a directory that holds no profile database. */
export class NoProfileError extends named('NoProfileError') {}

/** How the identity record came through: opened, present but sealed (no passphrase given), or not recovered. */
export type IdentityState = 'ok' | 'sealed' | 'missing' | 'wrong-passphrase' | 'damaged'

/** What {@link repairProfile} did and found. */
export interface RepairReport {
  dataDir: string
  /** Where the untouched copy of the damaged directory is. */
  copy: string
  /** Undefined when LevelDB's repair succeeded, else how it failed. */
  leveldbFailure?: string
  identity: IdentityState
  conversations: ConversationAudit[]
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

/** Latest date a stored event may carry: the repair checks signatures, not clocks. */
const FAR_FUTURE = 8.64e15
const WORKER = fileURLToPath(new URL('./leveldb-repair.js', import.meta.url))

const envelopeId = (bytes: Uint8Array): string => toHex(blake2b256(bytes))

/** Whether a stored record still checks out, by its conversation's kind. */
export function verifyRecord (conversation: string, id: string, value: Uint8Array): boolean {
  const ref = tryParseConversationId(conversation)
  if (ref === undefined) return true
  if (ref.kind === 'dm') return decodeStoredDm(value) !== undefined
  if (ref.kind === 'private-room') return fromRecord(ref.room, { id, value }) !== undefined
  if (ref.room.endsWith('/events')) {
    return openEvent(value, ref.room.slice(0, -'/events'.length), FAR_FUTURE) !== undefined && envelopeId(value) === id
  }
  const { envelope } = StoredMessage.decode(value)
  return openEvent(envelope, ref.room, FAR_FUTURE) !== undefined && envelopeId(envelope) === id && toRoomMessage(id, value).id === id
}

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

/** Runs LevelDB's repair in a child process; undefined on success, else how it failed. */
async function leveldbRepair (dbDir: string): Promise<string | undefined> {
  const child = spawn(process.execPath, [WORKER, dbDir], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000) })
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => { resolve([c, s]) }))
  if (code === 0) return undefined
  const last = stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? ''
  return `${signal === null ? `exit status ${code}` : `killed by ${signal}`}${last === '' ? '' : `: ${last}`}`
}

async function checkIdentity (db: ClassicLevel<string, Uint8Array>, passphrase: string | undefined): Promise<IdentityState> {
  const store = await createProfileStore(db)
  try {
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
  const leveldbFailure = await leveldbRepair(dbDir)
  const report: RepairReport = { dataDir, copy, leveldbFailure, identity: 'damaged', conversations: [], opens: false, recovered: false }
  const db = new ClassicLevel<string, Uint8Array>(dbDir, { createIfMissing: false, keyEncoding: 'utf8', valueEncoding: 'view' })
  try {
    await db.open()
  } catch (err) {
    report.openFailure = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message
    return report
  }
  try {
    report.conversations = (await auditHistory(db, verifyRecord)).conversations
  } finally {
    report.identity = await checkIdentity(db, init.passphrase)
  }
  try {
    await (await openNodeProfileStore(dataDir, { check: true })).close()
    report.opens = true
  } catch (err) {
    report.openFailure = (err as Error).message
  }
  report.recovered = report.opens && (report.identity === 'ok' || report.identity === 'sealed')
  return report
}
