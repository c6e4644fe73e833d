/**
 * File chunks sealed and opened through OpenSSL's ChaCha20-Poly1305 (the Node entry's choice) are
 * libsodium's XChaCha20-Poly1305 byte for byte: each side opens the other's, and a chunk changed
 * in any byte, or opened at another index or count, is refused the same way.
 */
import fc from 'fast-check'
import { FILE_CHUNK_BYTES, newFileSecret, openChunk, ready, sealChunk, useNativeChaCha20Poly1305 } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeChaCha20Poly1305 } from '../../src/node/native-chacha.js'

/** Byte equality (vitest's deep equality walks a 256 KiB array element by element, slowly). */
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0

const native = (on: boolean): void => { useNativeChaCha20Poly1305(on ? nodeChaCha20Poly1305 : undefined) }

beforeAll(async () => { await ready() })
afterAll(() => { native(false) })

describe('file chunks through the native cipher', () => {
  it('seal to the same bytes as libsodium and open each other\'s', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 5000 }), fc.integer({ min: 1, max: 1000 }), fc.nat(),
      (plaintext, count, at) => {
        const index = at % count
        const secret = newFileSecret()
        native(false)
        const bySodium = sealChunk(secret, index, count, plaintext)
        native(true)
        const byNative = sealChunk(secret, index, count, plaintext)
        expect(byNative).toEqual(bySodium)
        expect(openChunk(secret, index, count, bySodium)).toEqual(plaintext)
        native(false)
        expect(openChunk(secret, index, count, byNative)).toEqual(plaintext)
      }
    ), { numRuns: 200 })
  })

  it('agree on a full 256 KiB chunk', () => {
    const secret = newFileSecret()
    const plaintext = Uint8Array.from({ length: FILE_CHUNK_BYTES }, (_, i) => (i * 31) & 0xff)
    native(false)
    const bySodium = sealChunk(secret, 3, 9, plaintext)
    native(true)
    expect(same(sealChunk(secret, 3, 9, plaintext), bySodium)).toBe(true)
    const opened = openChunk(secret, 3, 9, bySodium)
    expect(same(opened, plaintext)).toBe(true)
    // A plain Uint8Array over its own memory, as libsodium's result is.
    expect(opened.constructor).toBe(Uint8Array)
    expect(opened.buffer.byteLength).toBe(opened.length)
  })

  it('refuse a changed byte, another index or another count with ChunkAuthenticationError', () => {
    native(true)
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), fc.nat(), (plaintext, at) => {
      const secret = newFileSecret()
      const sealed = sealChunk(secret, 1, 4, plaintext)
      const changed = Uint8Array.from(sealed)
      changed[at % changed.length] ^= 1
      for (const [index, count, bytes] of [[1, 4, changed], [2, 4, sealed], [1, 5, sealed]] as const) {
        expect(() => openChunk(secret, index, count, bytes)).toThrowError(expect.objectContaining({ name: 'ChunkAuthenticationError' }))
      }
    }), { numRuns: 100 })
  })
})
