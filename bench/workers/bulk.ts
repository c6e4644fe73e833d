/**
 * The raw stream baseline of the files benchmark: `bytes` sent over one
 * libp2p stream (TCP + Noise + yamux) in 256 KiB writes, the receiver
 * answering one byte once it has them all.
 */
import { multiaddr } from '@multiformats/multiaddr'
import type { Libp2p } from 'libp2p'

export const BULK_PROTOCOL = '/parley-bench/bulk/1.0.0'
const WRITE_BYTES = 256 * 1024

/** Receives bulk streams: counts bytes, answers one byte when `expected` arrived. */
export async function serveBulk (node: Libp2p): Promise<void> {
  await node.handle(BULK_PROTOCOL, (stream) => {
    let expected = -1
    let got = 0
    stream.addEventListener('message', (evt) => {
      const data = evt.data.subarray()
      if (expected < 0) {
        expected = new DataView(data.buffer, data.byteOffset, 8).getUint32(0) * 2 ** 32 + new DataView(data.buffer, data.byteOffset, 8).getUint32(4)
        got -= 8
      }
      got += data.byteLength
      if (got >= expected) {
        stream.send(Uint8Array.of(1))
        void stream.close().catch(() => {})
      }
    })
  })
}

/** Sends `bytes` (after an 8-byte length) to `addr`; resolves with the ms until the answer came back. */
export async function sendBulk (node: Libp2p, addr: string, bytes: number): Promise<number> {
  const stream = await node.dialProtocol(multiaddr(addr), BULK_PROTOCOL)
  const start = performance.now()
  const answered = new Promise<void>((resolve, reject) => {
    stream.addEventListener('message', () => { resolve() })
    stream.addEventListener('close', (evt) => { if (evt.error !== undefined) reject(evt.error) })
  })
  const header = new Uint8Array(8)
  new DataView(header.buffer).setUint32(0, Math.floor(bytes / 2 ** 32))
  new DataView(header.buffer).setUint32(4, bytes % 2 ** 32)
  if (!stream.send(header)) await stream.onDrain()
  const block = new Uint8Array(WRITE_BYTES).fill(7)
  for (let sent = 0; sent < bytes; sent += WRITE_BYTES) {
    if (!stream.send(block.subarray(0, Math.min(WRITE_BYTES, bytes - sent)))) await stream.onDrain()
  }
  await answered
  const ms = performance.now() - start
  await stream.close().catch(() => {})
  return ms
}
