/**
 * `parley passphrase`: sets, changes or removes the passphrase of a profile
 * (store/passphrase.ts re-encrypts it in place, crash-safe), and the
 * warnings every start gives about what a profile exposes.
 *
 * The current passphrase comes from PARLEY_PASSPHRASE or --passphrase-file,
 * the new one from PARLEY_NEW_PASSPHRASE or --new-passphrase-file, or
 * `--remove`; at a terminal whatever is missing is asked for.
 */
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { loadOrCreateIdentity, PassphraseRequiredError } from '../identity-store.js'
import { openNodeProfileStore } from '../node/open-store.js'
import { ask } from './ask.js'
import { readPassphrase, type CliOptions } from './options.js'
import type { TightenedPath } from '../node/private-dir.js'
import type { KeyStoreParams } from '@parley/crypto'

/** What a profile without a passphrase keeps in clear, said the same way by the terminal and the web app. */
export const EXPOSED = 'your identity key, contacts, rooms, message history and unsent messages'

/** A new passphrase that was asked for twice came out different. */
export class PassphraseMismatchError extends Error {
  static override name = 'PassphraseMismatchError'
  constructor (message = 'the two new passphrases differ') {
    super(message)
    this.name = PassphraseMismatchError.name
  }
}

/** There is no profile in the data directory (nothing to protect yet: the first start sets the passphrase). */
export class NoProfileError extends Error {
  static override name = 'NoProfileError'
  constructor (dataDir: string) {
    super(`there is no profile in ${dataDir}: start parley with PARLEY_PASSPHRASE to create one sealed`)
    this.name = NoProfileError.name
  }
}

/** The options of `parley passphrase`. */
export type PassphraseOptions = Pick<CliOptions, 'dataDir' | 'passphraseFile' | 'json' | 'kdfCost'> & { newPassphraseFile?: string, remove?: boolean }

/** libsodium's crypto_pwhash limits by name (OPSLIMIT_*, MEMLIMIT_* of Argon2id). */
const KDF_COSTS: Record<NonNullable<CliOptions['kdfCost']>, KeyStoreParams> = {
  interactive: { opsLimit: 2, memLimit: 64 * 1024 * 1024 },
  moderate: { opsLimit: 3, memLimit: 256 * 1024 * 1024 },
  sensitive: { opsLimit: 4, memLimit: 1024 * 1024 * 1024 }
}

/** The new passphrase ('' to remove), from --remove, --new-passphrase-file, PARLEY_NEW_PASSPHRASE or the terminal. */
async function newPassphrase (options: PassphraseOptions, interactive: boolean): Promise<string> {
  if (options.remove === true) return ''
  if (options.newPassphraseFile !== undefined) return (await readFile(options.newPassphraseFile, 'utf8')).replace(/\r?\n$/, '')
  const fromEnv = process.env.PARLEY_NEW_PASSPHRASE
  if (fromEnv !== undefined) return fromEnv
  if (!interactive) throw new PassphraseRequiredError('give the new passphrase with PARLEY_NEW_PASSPHRASE or --new-passphrase-file, or --remove')
  const first = await ask('New passphrase (empty to remove it): ', true)
  if (first !== await ask('The new passphrase again: ', true)) throw new PassphraseMismatchError()
  return first
}

/** The warning lines for paths of the data directory that other users could read. */
export function tightenedWarning (dataDir: string, paths: TightenedPath[]): string {
  const listed = paths.slice(0, 5).map((p) => `${p.path} (was ${p.was.toString(8)})`).join(', ')
  return `parley: warning: ${dataDir} was open to other users; made it private (directories 700, files 600): ${listed}${paths.length > 5 ? `, and ${paths.length - 5} more` : ''}`
}

/** The warning of a profile without a passphrase. */
export function exposedWarning (dataDir: string): string {
  return `parley: warning: this profile has no passphrase: ${EXPOSED} are stored in clear in ${dataDir} (run \`parley passphrase\` to seal them)`
}

/** Runs `parley passphrase`; resolves with the exit status (errors are thrown for the caller's failWith). */
export async function runPassphrase (options: PassphraseOptions, write: (line: string) => void, warn: (line: string) => void): Promise<number> {
  const interactive = !options.json && process.stdin.isTTY
  const current = await readPassphrase(options)
  const store = await openNodeProfileStore(options.dataDir, {
    check: true,
    passphrase: current,
    onTightened: (paths) => { warn(tightenedWarning(options.dataDir, paths)) }
  })
  try {
    let given = current
    if (store.locked && (given === undefined || given === '')) {
      if (!interactive) throw new PassphraseRequiredError()
      given = await ask('Current passphrase: ', true)
    }
    if (!store.locked && await store.kv('identity').get('self') === undefined) throw new NoProfileError(options.dataDir)
    // Unlocks the profile, checks the passphrase, and seals a profile whose identity alone was sealed.
    await loadOrCreateIdentity(store, given, KDF_COSTS[options.kdfCost ?? 'moderate'])
    const wasSealed = store.encrypted
    const next = await newPassphrase(options, interactive)
    await store.setPassphrase(next, KDF_COSTS[options.kdfCost ?? 'moderate'])
    const state = store.encrypted ? 'sealed' : 'clear'
    const change = !wasSealed && state === 'sealed' ? 'set' : wasSealed && state === 'clear' ? 'removed' : wasSealed ? 'changed' : 'unchanged'
    if (options.json) write(JSON.stringify({ event: 'passphrase', change, state, dataDir: options.dataDir }))
    else if (state === 'sealed') write(`The profile in ${options.dataDir} is sealed under the new passphrase (${change}).`)
    else write(exposedWarning(options.dataDir).replace('parley: warning: ', 'The passphrase is removed: '))
    return 0
  } finally {
    await store.close()
    // LevelDB's info log of the session that re-encrypted may name keys of the layout left behind
    // (compaction boundaries); the store reopened the database, so that session's log is LOG.old.
    await rm(join(options.dataDir, 'db', 'LOG.old'), { force: true })
  }
}
