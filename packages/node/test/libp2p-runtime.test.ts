import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { byteStream, LengthPrefixedDecoder } from '@libp2p/utils'
import { createLibp2p, type Libp2p } from 'libp2p'
import type { Uint8ArrayList } from 'uint8arraylist'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The package's entry point mends the decoder and the yamux window (libp2p-runtime.ts).
import '../src/index.js'
import type { Stream } from '@libp2p/interface'

/** Noise's framing: a two-byte big-endian length, then the message. */
const frame = (m: Uint8Array): Uint8Array => Uint8Array.from([m.length >> 8, m.length & 0xff, ...m])

/** A two-byte length decoder like Noise's, counting the calls made on an empty buffer. */
function counted (): { decoder: (data: Uint8ArrayList | Uint8Array) => number, empty: () => number } {
  let empty = 0
  return {
    decoder: (data) => {
      if (data.byteLength === 0) empty++
      if (data.byteLength < 2) throw new RangeError('not yet')
      return data instanceof Uint8Array ? (data[0] << 8) | data[1] : data.getUint16(0)
    },
    empty: () => empty
  }
}

describe('LengthPrefixedDecoder (@libp2p/utils, mended in libp2p-runtime.ts)', () => {
  it('yields every message whatever the chunking, and never asks for a length of nothing', () => {
    fc.assert(fc.property(
      fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 20 }),
      fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 30 }),
      (messages, cuts) => {
        const bytes = Uint8Array.from(messages.flatMap((m) => [...frame(m)]))
        const { decoder, empty } = counted()
        const lp = new LengthPrefixedDecoder({ lengthDecoder: decoder, encodingLength: () => 2 })
        const out: Uint8Array[] = []
        let at = 0
        let i = 0
        while (at < bytes.length) {
          const end = Math.min(bytes.length, at + cuts[i++ % cuts.length])
          for (const m of lp.decode(bytes.subarray(at, end))) out.push(m.subarray())
          at = end
        }
        expect(out).toEqual(messages)
        expect(empty()).toBe(0)
      }
    ), { numRuns: 300 })
  })

  it('still refuses a length over its bound (InvalidMessageLengthError) and a buffer over its bound (InvalidParametersError)', () => {
    const { decoder } = counted()
    const small = new LengthPrefixedDecoder({ lengthDecoder: decoder, encodingLength: () => 2, maxDataLength: 10 })
    expect(() => [...small.decode(frame(new Uint8Array(11)))]).toThrow(expect.objectContaining({ name: 'InvalidMessageLengthError' }))
    const tight = new LengthPrefixedDecoder({ lengthDecoder: decoder, encodingLength: () => 2, maxBufferSize: 4 })
    expect(() => [...tight.decode(new Uint8Array(5))]).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
  })
})

/** yamux's FrameType.WindowUpdate and flag bits (SYN 1, ACK 2, FIN 4, RST 8). */
const WINDOW_UPDATE = 1
const INITIAL_WINDOW = 256 * 1024

describe('yamux stream window (@chainsafe/libp2p-yamux, mended in libp2p-runtime.ts), between real nodes on 127.0.0.1', () => {
  const PROTOCOL = '/parley-test/window/1.0.0'
  let sender: Libp2p
  let receiver: Libp2p
  /** What the receiving handler does with each stream; set by each test. */
  let onStream: (stream: Stream) => Promise<void> = async () => {}

  const node = async (): Promise<Libp2p> => createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: { allow: ['/ip4/127.0.0.0/ipcidr/8'] },
    connectionMonitor: { enabled: false }
  })

  beforeAll(async () => {
    ;[sender, receiver] = await Promise.all([node(), node()])
    await receiver.handle(PROTOCOL, (stream) => { void onStream(stream).catch((err: Error) => { stream.abort(err) }) })
  })

  afterAll(async () => {
    await Promise.all([sender?.stop(), receiver?.stop()])
  })

  /** Counts the window updates without flags a stream sends from now on. */
  function countUpdates (stream: Stream): () => number {
    const own = stream as unknown as { sendFrame: (header: { type: number, flag: number }, data?: unknown) => boolean }
    const send = own.sendFrame
    let updates = 0
    own.sendFrame = (header, data) => {
      if (header.type === WINDOW_UPDATE && header.flag === 0) updates++
      return send(header, data)
    }
    return () => updates
  }

  /** Sends `chunks` on a new stream; the receiver reads `total` bytes (pausing `readDelayMs` between reads) and answers their SHA-256. */
  async function transfer (chunks: Uint8Array[], readDelayMs = 0): Promise<{ digest: string, updates: number }> {
    const total = chunks.reduce((n, c) => n + c.byteLength, 0)
    let updates = (): number => 0
    onStream = async (stream) => {
      updates = countUpdates(stream)
      const bytes = byteStream(stream)
      const hash = createHash('sha256')
      for (let read = 0; read < total;) {
        const got = await bytes.read({ bytes: Math.min(total - read, 7_919) })
        hash.update(got.subarray())
        read += got.byteLength
        if (readDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, readDelayMs))
      }
      await bytes.write(hash.digest())
    }
    const stream = await sender.dialProtocol(receiver.getMultiaddrs()[0], PROTOCOL)
    const bytes = byteStream(stream)
    for (const chunk of chunks) await bytes.write(chunk)
    const digest = Buffer.from((await bytes.read({ bytes: 32 })).subarray()).toString('hex')
    await stream.close()
    return { digest, updates: updates() }
  }

  const sha256 = (chunks: Uint8Array[]): string => {
    const hash = createHash('sha256')
    for (const c of chunks) hash.update(c)
    return hash.digest('hex')
  }

  it('sends a window update once half the window is used, not one per data frame', async () => {
    // 300 small messages, 300 KiB: more than half of the 256 KiB initial window, less than two windows.
    const chunks = Array.from({ length: 300 }, (_, i) => new Uint8Array(1024).fill(i & 0xff))
    const { digest, updates } = await transfer(chunks)
    expect(digest).toBe(sha256(chunks))
    // Unmended, the receiver answered every data frame with an update: about 300 of them.
    expect(updates).toBeGreaterThanOrEqual(1)
    expect(updates).toBeLessThanOrEqual(Math.ceil(300 * 1024 / (INITIAL_WINDOW / 2)))
  })

  it('carries a transfer many windows long to a reader slower than the writer, in order', async () => {
    const chunks = Array.from({ length: 64 }, (_, i) => new Uint8Array(64 * 1024).map((_byte, j) => (i * 31 + j) & 0xff))
    const { digest, updates } = await transfer(chunks, 1)
    expect(digest).toBe(sha256(chunks))
    // 4 MiB through a window of 256 KiB (growing up to 16 MiB): some updates, each for half a window or more.
    expect(updates).toBeGreaterThanOrEqual(1)
    expect(updates).toBeLessThanOrEqual(4 * 1024 * 1024 / (INITIAL_WINDOW / 2))
  })

  it('delivers every byte in order whatever the write sizes', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 300 * 1024 }), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 0, max: 255 }),
      async (sizes, seed) => {
        const chunks = sizes.map((size, i) => new Uint8Array(size).map((_, j) => (seed + i * 7 + j) & 0xff))
        expect((await transfer(chunks)).digest).toBe(sha256(chunks))
      }
    ), { numRuns: 15 })
  })
})
