/** What the at-rest tests share: raw scans of a data directory and file modes. */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'

/** Every file under `dir`, with its bytes. */
export async function rawFiles (dir: string): Promise<Array<{ path: string, bytes: Buffer }>> {
  const out: Array<{ path: string, bytes: Buffer }> = []
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      if (entry.isDirectory()) await walk(path)
      else if (entry.isFile()) out.push({ path: relative(dir, path), bytes: await readFile(path) })
    }
  }
  await walk(dir)
  return out
}

/** The files of `dir` that contain `needle` byte for byte, per needle name. */
export async function findBytes (dir: string, needles: Record<string, Uint8Array | string>): Promise<Record<string, string[]>> {
  const files = await rawFiles(dir)
  const found: Record<string, string[]> = {}
  for (const [name, needle] of Object.entries(needles)) {
    const bytes = typeof needle === 'string' ? Buffer.from(needle, 'utf8') : Buffer.from(needle)
    const hits = files.filter((f) => f.bytes.includes(bytes)).map((f) => f.path)
    if (hits.length > 0) found[name] = hits
  }
  return found
}

/** The permission bits of `dir` and of everything under it, by relative path ('.' for `dir`). */
export async function modes (dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = { '.': ((await stat(dir)).mode & 0o777).toString(8) }
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      out[relative(dir, path)] = ((await stat(path)).mode & 0o777).toString(8)
      if (entry.isDirectory()) await walk(path)
    }
  }
  await walk(dir)
  return out
}
