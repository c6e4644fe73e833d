/** The Node backend of the profile store: classic-level at `<dataDir>/db`. */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { createProfileStore, DataDirDamagedError, DataDirLockedError } from '../store/index.js'
import { removeIdentityFile } from './identity-file.js'
import { openFileWriteAhead } from './file-write-ahead.js'
import { securePrivateDir, type TightenedPath } from './private-dir.js'
import type { ProfileStore } from '../store/index.js'

/**
 * LevelDB's memory and file budget, set rather than left to classic-level's defaults (8 MiB
 * block cache, 4 MiB write buffer, 1000 open tables): a peer reads a page or a sync window at a
 * time, so a small block cache serves it; up to two write buffers are held at once; and every
 * open table is a file descriptor plus its index in memory, so a history of weeks would
 * otherwise hold hundreds of both. Beyond LEVELDB_MAX_OPEN_FILES, LevelDB closes the table used
 * least recently and reopens it when needed.
 */
export const LEVELDB_CACHE_BYTES = 4 * 1024 * 1024
/** Bytes of writes LevelDB buffers in memory (and in its log) before it writes a table; see LEVELDB_CACHE_BYTES. */
export const LEVELDB_WRITE_BUFFER_BYTES = 2 * 1024 * 1024
/** Most table files LevelDB keeps open; see LEVELDB_CACHE_BYTES. */
export const LEVELDB_MAX_OPEN_FILES = 256

/** The raw key of the identity record (sublevel `identity`, key `self`). */
const IDENTITY_KEY = '!identity!self'
/** The raw key of the stored nickname (sublevel `settings`, key `nick`; peer.ts). */
const NICK_KEY = '!settings!nick'
/** Files a LevelDB directory holds once anything was written: the MANIFEST, tables and logs. */
const LEVELDB_FILE = /^(MANIFEST-\d+|\d+\.(ldb|sst|log))$/
/**
 * What LevelDB writes while it creates a database, before CURRENT names it (its first manifest, a
 * temporary CURRENT, its lock and log): a creation cut short stored nothing, and opening it again
 * creates the database afresh. Any log or table file, or a later manifest, means data was stored.
 */
const CREATION_FILE = /^(MANIFEST-000001|\d+\.dbtmp|LOCK|LOG|LOG\.old)$/

type CodedError = { code?: unknown, message?: unknown, cause?: { code?: unknown, message?: unknown } } | null

/**
 * Whether `err` is classic-level's refusal to open a database whose LOCK file
 * another process (or another open in this process) holds: open() rejects
 * with LEVEL_DATABASE_NOT_OPEN whose cause is LEVEL_LOCKED.
 */
export function isLocked (err: unknown): boolean {
  const e = err as CodedError
  return e?.code === 'LEVEL_DATABASE_NOT_OPEN' && e.cause?.code === 'LEVEL_LOCKED'
}

/**
 * LevelDB's own description of damage in `err` (or its cause), or undefined
 * when `err` is something else: a Corruption status, or an I/O error naming
 * a database file that is gone (a table the MANIFEST lists was removed).
 */
export function damageOf (err: unknown): string | undefined {
  for (const e of [err as CodedError, (err as CodedError)?.cause]) {
    const message = typeof e?.message === 'string' ? e.message : ''
    if (e?.code === 'LEVEL_CORRUPTION') return message
    if (e?.code === 'LEVEL_IO_ERROR' && /No such file/i.test(message)) return message
  }
  return undefined
}

/** The database files of `dbDir`, or undefined when it does not exist yet (synchronous, like securePrivateDir's walk). */
function listDb (dbDir: string): string[] | undefined {
  try {
    return readdirSync(dbDir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

/** What {@link probe} reads of the raw database: its first key, the clear identity record and nickname. */
type RawProbe = [string[], Uint8Array | undefined, Uint8Array | undefined]

/**
 * The raw reads of {@link probe}, asked for while LevelDB opens so that they go out with the
 * store's own first reads (store-core.ts) instead of after them.
 */
async function rawProbe (db: ClassicLevel<string, Uint8Array>): Promise<RawProbe> {
  return Promise.all([db.keys({ limit: 1 }).all(), db.get(IDENTITY_KEY), db.get(NICK_KEY)])
}

/** What a peer's start reads of a clear profile, read with the check (see {@link openPeerProfile}). */
export interface PrereadProfile {
  /** The stored identity record, if any. */
  identity?: Uint8Array
  /** The stored nickname, if any. */
  nick?: Uint8Array
}

/**
 * Whether the database holds anything, and the identity record: point reads, whatever the
 * history's size (reading every key would make a long history slow every start; a table that no
 * longer reads back is still found, as CorruptMessageError on the read that meets it, or by
 * `parley repair`). A clear profile's records read here are handed on (`preread`).
 */
async function probe (raw: Promise<RawProbe>, store: ProfileStore): Promise<{ empty: boolean, identity: boolean, preread?: PrereadProfile }> {
  const [[first], clearIdentity, clearNick] = await raw
  // A sealed profile's records are under hashed keys: its identity is looked for once it is unlocked.
  const preread = store.encrypted ? undefined : { identity: clearIdentity, nick: clearNick }
  if (first === undefined) return { empty: true, identity: false, preread }
  const identity = store.encrypted ? (store.locked ? true : await store.kv('identity').get('self')) : clearIdentity
  return { empty: false, identity: identity !== undefined, preread }
}

/** Options of {@link openNodeProfileStore}. */
export interface OpenStoreOptions {
  /**
   * Check the profile before handing it out (what a peer wants, not a bare
   * store): require the identity record whenever anything else is stored.
   * Default false.
   */
  check?: boolean
  /** Unlocks a profile sealed under a passphrase (WrongPassphraseError when it does not); without it such a profile opens locked. */
  passphrase?: string
  /** Told which paths of an existing data directory were open to other users (and are 0700/0600 now). */
  onTightened?: (paths: TightenedPath[]) => void
}

/**
 * Opens the profile store of `dataDir` (created if missing) with classic-level
 * at `<dataDir>/db`. Throws DataDirLockedError when another process has it
 * open, and DataDirDamagedError, naming the directory and what is wrong, when
 * its files are damaged: LevelDB will not open them, the CURRENT file is gone
 * (LevelDB would otherwise start an empty database over the old files and
 * delete them), or, with `check`, the identity record does not read back or is gone while other data remains (a new identity would silently
 * replace it).
 */
export async function openNodeProfileStore (dataDir: string, options: OpenStoreOptions = {}): Promise<ProfileStore> {
  return (await openProfile(dataDir, options)).store
}

/**
 * {@link openNodeProfileStore} with the check, for a peer's start: also hands on what the check
 * read of a clear profile (its identity record and nickname, read while LevelDB opened), so the
 * start reads neither again. `preread` is undefined for a sealed profile.
 *
 * @throws what openNodeProfileStore throws
 */
export async function openPeerProfile (dataDir: string, options: Omit<OpenStoreOptions, 'check'> = {}): Promise<{ store: ProfileStore, preread?: PrereadProfile }> {
  return openProfile(dataDir, { ...options, check: true })
}

async function openProfile (dataDir: string, options: OpenStoreOptions): Promise<{ store: ProfileStore, preread?: PrereadProfile }> {
  if (typeof dataDir !== 'string' || dataDir.length === 0) throw new TypeError('dataDir must be a non-empty path')
  const dbDir = join(dataDir, 'db')
  // The walk creates dataDir when missing; a missing db directory lists as undefined.
  const tightened = securePrivateDir(dataDir)
  const files = listDb(dbDir)
  if (tightened.length > 0) options.onTightened?.(tightened)
  if (files !== undefined && !files.includes('CURRENT') && files.some((f) => LEVELDB_FILE.test(f)) && !files.every((f) => CREATION_FILE.test(f))) {
    throw new DataDirDamagedError(dataDir, 'the CURRENT file is missing')
  }
  const db = new ClassicLevel<string, Uint8Array>(dbDir, {
    keyEncoding: 'utf8',
    valueEncoding: 'view',
    cacheSize: LEVELDB_CACHE_BYTES,
    writeBufferSize: LEVELDB_WRITE_BUFFER_BYTES,
    maxOpenFiles: LEVELDB_MAX_OPEN_FILES
  })
  const writeAhead = openFileWriteAhead(dataDir)
  // The probe's reads wait for the open in abstract-level's queue and go out with the store's own,
  // unless an acknowledged batch is to be written back first (then they follow the store's open).
  const early = writeAhead.pending() === undefined
  let raw = options.check === true && early ? rawProbe(db) : undefined
  raw?.catch(() => {}) // awaited below once the store is made
  let store: ProfileStore
  try {
    store = await createProfileStore(db, { passphrase: options.passphrase, writeAhead })
    if (options.check === true && !early) raw = rawProbe(db)
  } catch (err) {
    if (isLocked(err)) throw new DataDirLockedError(dataDir, { cause: err })
    const damage = damageOf(err)
    if (damage !== undefined) throw new DataDirDamagedError(dataDir, `LevelDB cannot open it (${damage})`, { cause: err })
    if ((err as Error | null)?.name === 'CorruptRecordError') throw new DataDirDamagedError(dataDir, (err as Error).message, { cause: err })
    throw err
  }
  // LevelDB made its files under the process umask: they are taken private at once (new ones: see the
  // CLI's umask), while the profile is checked.
  let preread: PrereadProfile | undefined
  const [secured, checked] = await Promise.allSettled([
    Promise.resolve().then(() => securePrivateDir(dataDir)),
    raw !== undefined ? probe(raw, store) : Promise.resolve({ empty: true, identity: false, preread: undefined })
  ])
  try {
    if (secured.status === 'rejected') throw secured.reason
    if (checked.status === 'rejected') throw checked.reason
    if (!checked.value.empty && !checked.value.identity) throw new DataDirDamagedError(dataDir, 'the identity record is missing')
    preread = checked.value.preread
  } catch (err) {
    await store.close()
    const damage = damageOf(err)
    if (damage !== undefined) throw new DataDirDamagedError(dataDir, `a table file does not read back (${damage})`, { cause: err })
    throw err
  }
  sealWithoutIdentityFile(store, dataDir)
  return { store, preread }
}

/**
 * Makes `store.setPassphrase` remove the identity file (identity-file.ts) before it seals: a
 * sealed profile keeps no clear copy of its key (a crash in between leaves no file and a clear or
 * sealed profile; a clear one gets its file again at its next start).
 */
function sealWithoutIdentityFile (store: ProfileStore, dataDir: string): void {
  const setPassphrase = store.setPassphrase.bind(store)
  store.setPassphrase = async (passphrase, params) => {
    await removeIdentityFile(dataDir)
    await setPassphrase(passphrase, params)
  }
}
