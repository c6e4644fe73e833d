/** Whole-database chores of the profile store: sweeping a layout left behind, and compaction. */
import type { BytesSublevel, LevelDatabase } from './layout.js'

/** Whether a sublevel holds any record. */
export async function holdsAny (sublevel: BytesSublevel): Promise<boolean> {
  const [first] = await sublevel.keys({ limit: 1 }).all()
  return first !== undefined
}

/** Clears every non-empty sublevel of `sublevels` (a namespace that is not the profile's); compacts `core` when anything went. */
export async function sweepSublevels (core: { compact: () => Promise<void> }, sublevels: readonly BytesSublevel[]): Promise<void> {
  // Every open of a profile looks into each of them: the looks run side by side.
  const held = await Promise.all(sublevels.map(holdsAny))
  const swept = sublevels.filter((_, i) => held[i])
  for (const sublevel of swept) await sublevel.clear()
  if (swept.length > 0) await core.compact()
}

/**
 * Asks LevelDB (when the backend can) to rewrite its tables without deleted
 * entries. LevelDB's CompactRange merges each level into the next down to
 * the deepest level that held a file when it was called; a memtable it
 * flushes first may land deeper than that and stay unmerged. So the
 * passphrase change compacts before it copies (old records go to a table)
 * and after it clears (the deletions land above that table and merge
 * into it), and each compaction runs twice. Then the database is reopened:
 * LevelDB writes a fresh MANIFEST at open, and the old one names the first
 * and last key of tables that are gone. `sublevels` (closed with their
 * parent) are opened again.
 */
export async function compactDatabase (db: LevelDatabase, sublevels: readonly BytesSublevel[]): Promise<void> {
  const level = db as LevelDatabase & { compactRange?: (start: string, end: string) => Promise<void> }
  if (typeof level.compactRange !== 'function') return
  await level.compactRange('!', '~')
  await level.compactRange('!', '~')
  await level.close()
  await level.open()
  for (const sublevel of new Set(sublevels)) await sublevel.open()
}
