/**
 * Files on disk as sources and sinks of the peer's files (files/files.ts): a
 * path read chunk by chunk (never whole), and a path written through a
 * `.part` file renamed once complete, so a partial download never looks
 * like the file.
 */
import { writevSync } from 'node:fs'
import { access, open, rename, rm, stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import type { FileSink, FileSource } from '../files/files.js'
import { named } from '../errors.js'

/** A write to a file that took no bytes (it would otherwise be tried forever). */
export class DiskWriteError extends named('DiskWriteError') {}

/** MIME types by extension, for what the other side shows (never trusted there). */
const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.zip': 'application/zip'
}

/** The MIME type of a file name, by its extension (application/octet-stream when unknown). */
export function typeOf (name: string): string {
  const ext = extname(name).toLowerCase()
  return Object.hasOwn(TYPES, ext) ? TYPES[ext] : 'application/octet-stream'
}

/**
 * Where to save a file named `name` (chosen by its sender) in `dir` when the user named no path:
 * `dir/name`, or `dir/name (2).ext` and so on, so a sender's name never overwrites a file.
 */
export async function freePath (dir: string, name: string): Promise<string> {
  const ext = extname(name)
  const stem = name.slice(0, name.length - ext.length)
  for (let n = 1; n < 1000; n++) {
    const path = join(dir, n === 1 ? name : `${stem} (${n})${ext}`)
    const taken = await access(path).then(() => true, () => false) || await access(`${path}.part`).then(() => true, () => false)
    if (!taken) return path
  }
  return join(dir, `${stem} (${Date.now()})${ext}`)
}

/** A file on disk to send. */
export async function fileSource (path: string): Promise<FileSource> {
  const { size } = await stat(path)
  const name = basename(path)
  return {
    name,
    type: typeOf(name),
    size,
    read: async (offset, length) => {
      const handle = await open(path, 'r')
      try {
        const out = new Uint8Array(length)
        const { bytesRead } = await handle.read(out, 0, length, offset)
        return out.subarray(0, bytesRead)
      } finally {
        await handle.close()
      }
    }
  }
}

/**
 * Writes `parts` to the open file `fd`, at `position` (or where the file is), synchronously and
 * whole (a short write goes on from where it stopped). A chunk's pieces are written this way:
 * a ≤ 256 KiB copy into the page cache takes tens of microseconds, while a write through libuv's
 * thread pool keeps the pieces alive until a pool thread gets to it, long enough on a busy
 * machine for V8 to move them to its old generation, which only a full collection frees. A 256 MiB
 * save grew its process by 30–38 MiB so, against 41–87 MiB with asynchronous writes, and
 * ran fewer full collections (bench/README.md, files round 10).
 */
export function writeFully (fd: number, parts: readonly Uint8Array[], position?: number): void {
  let rest = parts.filter((p) => p.length > 0)
  let at = position
  while (rest.length > 0) {
    let written = writevSync(fd, rest, at)
    if (written <= 0) throw new DiskWriteError(`a write of ${rest.reduce((n, p) => n + p.length, 0)} bytes took none`)
    if (at !== undefined) at += written
    const left: Uint8Array[] = []
    for (const p of rest) {
      if (written >= p.length) written -= p.length
      else {
        left.push(p.subarray(written))
        written = 0
      }
    }
    rest = left
  }
}

/** A sink writing `path` (through `<path>.part`, renamed on close). */
export async function fileSink (path: string): Promise<FileSink> {
  const part = `${path}.part`
  const handle = await open(part, 'w', 0o600)
  let closed = false
  return {
    write: async (bytes) => { writeFully(handle.fd, [bytes]); await Promise.resolve() },
    writev: async (parts) => { writeFully(handle.fd, parts); await Promise.resolve() },
    close: async () => {
      if (closed) return
      closed = true
      await handle.close()
      await rename(part, path)
    },
    abort: async () => {
      if (closed) return
      closed = true
      await handle.close()
      await rm(part, { force: true })
    }
  }
}
