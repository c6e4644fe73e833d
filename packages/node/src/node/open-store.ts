/** The Node backend of the profile store: classic-level at `<dataDir>/db`. */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { createProfileStore, DataDirLockedError } from '../store/index.js'
import type { ProfileStore } from '../store/index.js'

/**
 * Whether `err` is classic-level's refusal to open a database whose LOCK file
 * another process (or another open in this process) holds: open() rejects
 * with LEVEL_DATABASE_NOT_OPEN whose cause is LEVEL_LOCKED.
 */
function isLocked (err: unknown): boolean {
  const e = err as { code?: unknown, cause?: { code?: unknown } } | null
  return e?.code === 'LEVEL_DATABASE_NOT_OPEN' && e.cause?.code === 'LEVEL_LOCKED'
}

/**
 * Opens the profile store of `dataDir` (created if missing) with classic-level
 * at `<dataDir>/db`. Throws DataDirLockedError, naming the directory, when
 * another process has it open.
 */
export async function openNodeProfileStore (dataDir: string): Promise<ProfileStore> {
  if (typeof dataDir !== 'string' || dataDir.length === 0) throw new TypeError('dataDir must be a non-empty path')
  await mkdir(dataDir, { recursive: true })
  const db = new ClassicLevel<string, Uint8Array>(join(dataDir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'view' })
  try {
    return await createProfileStore(db)
  } catch (err) {
    if (isLocked(err)) throw new DataDirLockedError(dataDir, { cause: err })
    throw err
  }
}
