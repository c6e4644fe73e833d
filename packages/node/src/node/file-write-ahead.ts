/**
 * The profile store's write-ahead record on disk (store/write-ahead.ts): one file beside the
 * database, `<dataDir>/write-ahead`, written with one synchronous positioned write and emptied
 * once the batch is in the database.
 *
 * Layout: the payload's length (u32, big-endian), its CRC-32, then the payload. A write the
 * process did not finish (killed inside it) leaves a length, CRC or payload that does not match:
 * that record is none, because its commit was never acknowledged.
 */
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { writeFully } from './file-io.js'
import type { WriteAhead } from '../store/write-ahead.js'

/** The file's name in the profile's data directory. */
export const WRITE_AHEAD_FILE = 'write-ahead'
const HEADER_BYTES = 8

/** Opens (creating, private) the write-ahead file of the profile at `dataDir`. */
export function openFileWriteAhead (dataDir: string): WriteAhead {
  const fd = openSync(join(dataDir, WRITE_AHEAD_FILE), constants.O_RDWR | constants.O_CREAT, 0o600)
  const header = new Uint8Array(HEADER_BYTES)
  const view = new DataView(header.buffer)
  // The file holds a record (or a torn one) until clear(): the length of what is there.
  let held = fstatSync(fd).size
  return {
    pending: () => {
      if (held < HEADER_BYTES) return undefined
      const bytes = new Uint8Array(held)
      let at = 0
      while (at < held) {
        const n = readSync(fd, bytes, at, held - at, at)
        if (n === 0) break
        at += n
      }
      const stored = new DataView(bytes.buffer)
      const length = stored.getUint32(0)
      if (at < HEADER_BYTES + length) return undefined
      const payload = bytes.subarray(HEADER_BYTES, HEADER_BYTES + length)
      return crc32(payload) === stored.getUint32(4) ? payload : undefined
    },
    write: (record) => {
      view.setUint32(0, record.byteLength)
      view.setUint32(4, crc32(record))
      writeFully(fd, [header, record], 0)
      held = Math.max(held, HEADER_BYTES + record.byteLength)
    },
    clear: () => {
      if (held === 0) return
      ftruncateSync(fd, 0)
      held = 0
    },
    close: () => { closeSync(fd) }
  }
}
