/**
 * The identity file: a copy of a clear profile's identity record beside its database,
 * `<dataDir>/identity.key` (0600, the same 36 bytes as the record: "PLN1" and the Ed25519 seed).
 * libp2p's private key is that identity, so with this file read first libp2p is built and started
 * while LevelDB opens (createNodePeer); the record is compared with the file once the database is
 * open, and a file naming another identity stops the start (IdentityFileMismatchError).
 *
 * Only a clear profile has one: its identity is in clear in the database already, so the copy
 * exposes nothing more. A profile sealed under a passphrase never has one: the Node store removes
 * the file before it seals (open-store.ts), createNodePeer removes one it finds beside a sealed
 * profile, and a sealed profile starts the way it always did (LevelDB first, then libp2p).
 */
import { readFileSync } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { identityFromSeed, identitySeed, type Identity } from '@parley/crypto'
import { named } from '../errors.js'
import { PRIVATE_FILE_MODE } from './private-dir.js'

/** The file's name in the data directory. */
export const IDENTITY_FILE = 'identity.key'
/** The file being written, renamed to IDENTITY_FILE once whole. */
const PARTIAL_FILE = `${IDENTITY_FILE}.partial`
/** The identity record's clear form (identity-store.ts): magic, then the 32-byte seed. */
const PLAIN_MAGIC = [0x50, 0x4c, 0x4e, 0x31] // "PLN1"
const RECORD_BYTES = PLAIN_MAGIC.length + 32

/** The identity file names another identity than the profile's database holds. */
export class IdentityFileMismatchError extends named('IdentityFileMismatchError') {
  /** The data directory. */
  readonly dataDir: string
  constructor (dataDir: string) {
    super(`${join(dataDir, IDENTITY_FILE)} holds another identity than the profile in ${dataDir}: remove that file to start with the profile's own identity`)
    this.dataDir = dataDir
  }
}

/** Whether `blob` is a clear identity record ("PLN1" and a seed). */
export function isClearIdentityRecord (blob: Uint8Array): boolean {
  return blob.length === RECORD_BYTES && PLAIN_MAGIC.every((b, i) => blob[i] === b)
}

/**
 * The identity record in `dataDir`'s identity file, or undefined when there is none or it is not
 * a clear identity record (a file cut short by a power cut, say: the start then takes the slow
 * path and writes it again).
 */
export function readIdentityFile (dataDir: string): Uint8Array | undefined {
  let bytes: Uint8Array
  try {
    // Synchronous: 36 bytes from the page cache, where a thread-pool round trip waits behind the
    // store's open that has just begun.
    bytes = readFileSync(join(dataDir, IDENTITY_FILE))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  return isClearIdentityRecord(bytes) ? bytes : undefined
}

/**
 * Writes the identity file (0600) through a partial file renamed over it, so a crash leaves the
 * old file, the new one or none, never a part. Called with the profile's database open (its lock
 * held), so no other process writes it at the same time.
 */
export async function writeIdentityFile (dataDir: string, record: Uint8Array): Promise<void> {
  if (!isClearIdentityRecord(record)) throw new TypeError('record must be a clear identity record')
  const partial = join(dataDir, PARTIAL_FILE)
  try {
    await writeFile(partial, record, { mode: PRIVATE_FILE_MODE })
    await rename(partial, join(dataDir, IDENTITY_FILE))
  } catch (err) {
    await rm(partial, { force: true })
    throw err
  }
}

/** Removes the identity file and a partial one a crash left (nothing when there is none). */
export async function removeIdentityFile (dataDir: string): Promise<void> {
  await Promise.all([rm(join(dataDir, IDENTITY_FILE), { force: true }), rm(join(dataDir, PARTIAL_FILE), { force: true })])
}

/** The clear identity record of `identity`. */
export function identityRecord (identity: Identity): Uint8Array {
  return new Uint8Array([...PLAIN_MAGIC, ...identitySeed(identity)])
}

/** The identity a clear identity record holds. */
export function identityFromRecord (record: Uint8Array): Identity {
  return identityFromSeed(record.subarray(PLAIN_MAGIC.length))
}

/** Whether two records hold the same bytes. */
export function sameRecord (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
