import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { CorruptSealedStreamError, ready, SEALED_CHUNK_OVERHEAD, SEALED_STREAM_HEADER_LENGTH, SealedStreamVersionError, StreamOpener, StreamSealer, WrongPassphraseError } from '../src/index.js'

beforeAll(ready)

const FAST = { opsLimit: 1, memLimit: 8192 * 8 }
const AD = new TextEncoder().encode('PARLEYBK\x01')

function seal (chunks: Uint8Array[], passphrase = 'pw'): { header: Uint8Array, sealed: Uint8Array[] } {
  const sealer = new StreamSealer(passphrase, FAST, AD)
  const sealed = chunks.slice(0, -1).map((c) => sealer.seal(c))
  sealed.push(sealer.final(chunks[chunks.length - 1]))
  return { header: sealer.header, sealed }
}

function open (header: Uint8Array, sealed: Uint8Array[], passphrase = 'pw', ad = AD): Uint8Array[] {
  const opener = new StreamOpener(header, passphrase, ad)
  const out = sealed.map((c) => opener.open(c).plaintext)
  if (!opener.done) throw new Error('not done')
  return out
}

describe('sealed stream', () => {
  it('round-trips any sequence of chunks', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 6 }), (chunks) => {
      const { header, sealed } = seal(chunks)
      expect(header.length).toBe(SEALED_STREAM_HEADER_LENGTH)
      sealed.forEach((s, i) => { if (i < chunks.length - 1) expect(s.length).toBe(chunks[i].length + SEALED_CHUNK_OVERHEAD) })
      expect(open(header, sealed)).toEqual(chunks)
    }), { numRuns: 20 })
  })

  it('a wrong passphrase fails on the first chunk with WrongPassphraseError', () => {
    const { header, sealed } = seal([new Uint8Array([1]), new Uint8Array([2])])
    expect(() => open(header, sealed, 'other')).toThrow(expect.objectContaining({ name: WrongPassphraseError.name }))
  })

  it('a changed byte in a later chunk is CorruptSealedStreamError', () => {
    const { header, sealed } = seal([new Uint8Array([1, 2, 3]), new Uint8Array([4, 5, 6]), new Uint8Array([7])])
    sealed[1][2] ^= 1
    expect(() => open(header, sealed)).toThrow(expect.objectContaining({ name: CorruptSealedStreamError.name }))
  })

  it('reordered or dropped chunks are refused, a missing final chunk leaves it not done', () => {
    const { header, sealed } = seal([new Uint8Array([1]), new Uint8Array([2]), new Uint8Array([3])])
    expect(() => open(header, [sealed[0], sealed[2], sealed[1]])).toThrow(expect.objectContaining({ name: CorruptSealedStreamError.name }))
    const opener = new StreamOpener(header, 'pw', AD)
    opener.open(sealed[0])
    opener.open(sealed[1])
    expect(opener.done).toBe(false)
  })

  it('other associated data, a changed cost or a newer version are refused', () => {
    const { header, sealed } = seal([new Uint8Array([1])])
    expect(() => open(header, sealed, 'pw', new Uint8Array(3))).toThrow(expect.objectContaining({ name: WrongPassphraseError.name }))
    const newer = header.slice()
    newer[4] = 2
    expect(() => new StreamOpener(newer, 'pw', AD)).toThrow(expect.objectContaining({ name: SealedStreamVersionError.name }))
    const costly = header.slice()
    costly[6] = 0xff
    expect(() => new StreamOpener(costly, 'pw', AD)).toThrow(expect.objectContaining({ name: CorruptSealedStreamError.name }))
    expect(() => new StreamOpener(header.subarray(1), 'pw', AD)).toThrow(expect.objectContaining({ name: CorruptSealedStreamError.name }))
  })

  it('nothing opens after the final chunk', () => {
    const { header, sealed } = seal([new Uint8Array([1])])
    const opener = new StreamOpener(header, 'pw', AD)
    opener.open(sealed[0])
    expect(() => opener.open(sealed[0])).toThrow(expect.objectContaining({ name: CorruptSealedStreamError.name }))
  })
})
