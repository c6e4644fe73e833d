import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { createProfileStore, DataDirLockedError, type ProfileStore } from '../store/index.js'

/** Opens `<dataDir>/db` with classic-level; DataDirLockedError when another process holds it. */
export async function openNodeProfileStore (dataDir: string): Promise<ProfileStore> {
  await mkdir(dataDir, { recursive: true })
  const db = new ClassicLevel<string, Uint8Array>(join(dataDir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'view' })
  try {
    return await createProfileStore(db)
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause
    if (cause?.code === 'LEVEL_LOCKED') throw new DataDirLockedError(dataDir)
    throw err
  }
}
