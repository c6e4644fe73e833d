/**
 * A profile's data directory is private to its user: the directory and every
 * directory under it 0700, every file 0600. {@link securePrivateDir} makes a
 * missing one so and tightens an existing one, reporting what it had to
 * tighten so the user can be told (another user may have read those files).
 * Only what parley keeps there is walked: the directory itself and its
 * `db` and `db.*` entries (the database and the copies `parley repair`
 * keeps), so a --data-dir pointed at a shared folder does not have the
 * user's other files changed. A path someone else owns is left as it is.
 * POSIX modes only: on Windows chmod cannot express them and this is a no-op.
 */
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'

/** Mode of the data directory and the directories in it. */
export const PRIVATE_DIR_MODE = 0o700
/** Mode of every file in the data directory. */
export const PRIVATE_FILE_MODE = 0o600
/** How deep the walk goes: the data directory, `db` and the copies `parley repair` keeps hold files two levels down. */
const MAX_DEPTH = 4
/** The entries of the data directory that are parley's. */
const OURS = /^db(\..*)?$/

/** A path that was open to others, with the mode it had. */
export interface TightenedPath {
  /** Relative to the data directory ('.' for the directory itself). */
  path: string
  /** The mode it had, e.g. 0o755. */
  was: number
}

async function tighten (root: string, path: string, depth: number, found: TightenedPath[]): Promise<void> {
  const info = await lstat(path)
  // A symbolic link is left alone: chmod would follow it out of the directory.
  if (info.isSymbolicLink()) return
  const mode = info.mode & 0o777
  const want = info.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE
  if ((mode & 0o077) !== 0 && info.uid === process.getuid?.()) {
    await chmod(path, mode & want)
    found.push({ path: relative(root, path) || '.', was: mode })
  }
  if (!info.isDirectory() || depth >= MAX_DEPTH) return
  // The entries are looked at side by side (a database of a million messages holds dozens of
  // tables, and a peer's start waits for this walk); `found` is sorted by the caller.
  const names = (await readdir(path)).filter((name) => depth !== 0 || OURS.test(name))
  await Promise.all(names.map(async (name) => { await tighten(root, join(path, name), depth + 1, found) }))
}

/**
 * Creates `dataDir` 0700 if missing, then takes group and other permissions
 * off it and everything in it. Returns the paths that had any.
 */
export async function securePrivateDir (dataDir: string): Promise<TightenedPath[]> {
  if (process.platform === 'win32') {
    await mkdir(dataDir, { recursive: true })
    return []
  }
  await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE })
  const found: TightenedPath[] = []
  await tighten(dataDir, dataDir, 0, found)
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
