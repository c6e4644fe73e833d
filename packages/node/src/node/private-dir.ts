/**
 * A profile's data directory is private to its user: the directory and every
 * directory under it 0700, every file 0600. {@link securePrivateDir} makes a
 * missing one so and tightens an existing one, reporting what it had to
 * tighten so the user can be told (another user may have read those files).
 * Only what parley keeps there is walked: the directory itself and its
 * `db` and `db.*` entries (the database and the copies `parley repair`
 * keeps) and the identity file, so a --data-dir pointed at a shared folder does not have the
 * user's other files changed. A path someone else owns is left as it is.
 * POSIX modes only: on Windows chmod cannot express them and this is a no-op.
 *
 * The walk uses synchronous calls: a data directory holds a few dozen entries (a history of a
 * million messages is about 25 files), each lstat a few microseconds from the inode cache, where
 * an asynchronous call per entry is a thread-pool round trip that waits behind LevelDB's own
 * work and the start of libp2p (a peer's start waits for this walk twice).
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Mode of the data directory and the directories in it. */
export const PRIVATE_DIR_MODE = 0o700
/** Mode of every file in the data directory. */
export const PRIVATE_FILE_MODE = 0o600
/** How deep the walk goes: the data directory, `db` and the copies `parley repair` keeps hold files two levels down. */
const MAX_DEPTH = 4
/** The entries of the data directory that are parley's: the database, its repair copies, the identity file (identity-file.ts). */
const OURS = /^(db(\..*)?|identity\.key(\.partial)?)$/

/** A path that was open to others, with the mode it had. */
export interface TightenedPath {
  /** Relative to the data directory ('.' for the directory itself). */
  path: string
  /** The mode it had, e.g. 0o755. */
  was: number
}

function tighten (root: string, path: string, depth: number, found: TightenedPath[]): void {
  // An entry gone since its directory was listed (LevelDB removes files as it compacts) is skipped.
  const info = lstatSync(path, { throwIfNoEntry: false })
  // A symbolic link is left alone: chmod would follow it out of the directory.
  if (info === undefined || info.isSymbolicLink()) return
  const mode = info.mode & 0o777
  const want = info.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE
  if ((mode & 0o077) !== 0 && info.uid === process.getuid?.()) {
    chmodSync(path, mode & want)
    found.push({ path: relative(root, path) || '.', was: mode })
  }
  if (!info.isDirectory() || depth >= MAX_DEPTH) return
  let names: string[]
  try {
    names = readdirSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw err
  }
  for (const name of names) if (depth !== 0 || OURS.test(name)) tighten(root, join(path, name), depth + 1, found)
}

/**
 * Creates `dataDir` 0700 if missing, then takes group and other permissions
 * off it and everything in it. Returns the paths that had any.
 */
export function securePrivateDir (dataDir: string): TightenedPath[] {
  if (process.platform === 'win32') {
    mkdirSync(dataDir, { recursive: true })
    return []
  }
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE })
  const found: TightenedPath[] = []
  tighten(dataDir, dataDir, 0, found)
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
