import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { createRecordBox, generateIdentity, openDataKey, openIdentity, randomBytes, ready, RECORD_BOX_OVERHEAD, sealDataKey, sealIdentity } from '../src/index.js'
import { OPEN_ALL_BYTES } from '../src/raw-aead.js'
import { sodium } from '../src/sodium.js'

beforeAll(ready)

const FAST = { opsLimit: 1, memLimit: 8192 }
const named = (name: string): unknown => expect.objectContaining({ name })

describe('record box', () => {
  it('opens what it sealed, under the same associated data only', () => {
    const box = createRecordBox(randomBytes(32))
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 120 }), fc.string({ maxLength: 120 }), (plaintext, ad, other) => {
      const sealed = box.seal(ad, plaintext)
      expect(sealed.length).toBe(plaintext.length + RECORD_BOX_OVERHEAD)
      expect(box.open(ad, sealed)).toEqual(plaintext)
      if (other !== ad) expect(box.open(other, sealed)).toBeUndefined()
    }), { numRuns: 200 })
  })

  it('refuses a changed byte, a short or unversioned blob and another data key', () => {
    const box = createRecordBox(randomBytes(32))
    const sealed = box.seal('key', new TextEncoder().encode('secret text'))
    for (let i = 0; i < sealed.length; i++) {
      const bad = sealed.slice()
      bad[i] ^= 1
      expect(box.open('key', bad)).toBeUndefined()
    }
    expect(box.open('key', sealed.subarray(0, RECORD_BOX_OVERHEAD - 1))).toBeUndefined()
    expect(createRecordBox(randomBytes(32)).open('key', sealed)).toBeUndefined()
  })

  it('opens exactly what libsodium\'s wrapper opens (the direct path and the wrapper agree)', () => {
    const dataKey = randomBytes(32)
    const box = createRecordBox(dataKey)
    const valueKey = sodium().crypto_generichash(32, new TextEncoder().encode('parley/store/value'), dataKey)
    const sealed = box.seal('m0123', new Uint8Array(5000).fill(9))
    const viaWrapper = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed.subarray(25), new TextEncoder().encode('m0123'), sealed.subarray(1, 25), valueKey)
    expect(box.open('m0123', sealed)).toEqual(viaWrapper)
  })

  it('opens a batch as it opens each record: forged, moved, short, empty and non-ASCII bound records included', () => {
    const box = createRecordBox(randomBytes(32))
    const record = fc.record({
      plaintext: fc.uint8Array({ maxLength: 600 }),
      ad: fc.string({ unit: 'binary', maxLength: 90 }),
      harm: fc.constantFrom('none', 'flip', 'move', 'short', 'unversioned')
    })
    fc.assert(fc.property(fc.array(record, { maxLength: 60 }), (records) => {
      const ads = records.map((r) => r.ad)
      const sealed = records.map(({ plaintext, ad, harm }) => {
        const one = box.seal(ad, plaintext)
        if (harm === 'flip') one[one.length - 1] ^= 0x80
        if (harm === 'move') return box.seal(ad + 'x', plaintext)
        if (harm === 'short') return one.subarray(0, RECORD_BOX_OVERHEAD - 1)
        if (harm === 'unversioned') one[0] = 2
        return one
      })
      const opened = box.openAll(ads, sealed)
      expect(opened).toEqual(sealed.map((one, i) => box.open(ads[i], one)))
      records.forEach(({ plaintext, harm }, i) => { expect(opened[i]).toEqual(harm === 'none' ? plaintext : undefined) })
    }), { numRuns: 200 })
    expect(() => box.openAll(['a'], [])).toThrow(named('InvalidArgumentError'))
  })

  it('opens a batch of large records in runs of at most OPEN_ALL_BYTES of plaintext, one record at least', () => {
    const box = createRecordBox(randomBytes(32))
    const sizes = [100_000, 100_000, 100_000, OPEN_ALL_BYTES + 1, 10, 200_000, 60_000]
    const plaintexts = sizes.map((n) => randomBytes(n))
    const ads = sizes.map((_, i) => `m${i}`)
    const opened = box.openAll(ads, plaintexts.map((p, i) => box.seal(ads[i], p)))
    // Compared as Buffers: toEqual walks a megabyte element by element.
    expect(opened.map((p, i) => p !== undefined && Buffer.from(p).equals(plaintexts[i]))).toEqual(sizes.map(() => true))
    // Runs: [100k, 100k], [100k], [256 KiB + 1] alone, [10, 200k, 60k].
    const runs = [...new Set(opened.map((p) => p?.buffer as ArrayBuffer))]
    expect(runs.map((b) => b.byteLength)).toEqual([200_000, 100_000, OPEN_ALL_BYTES + 1, 260_010])
  })

  it('names a text the same way each time, differently per label and per data key', () => {
    const key = randomBytes(32)
    const box = createRecordBox(key)
    expect(box.name('c', 'room:a', 16)).toEqual(createRecordBox(key).name('c', 'room:a', 16))
    expect(box.name('c', 'room:a', 16)).not.toEqual(box.name('i', 'room:a', 16))
    expect(box.name('c', 'room:a', 16)).not.toEqual(createRecordBox(randomBytes(32)).name('c', 'room:a', 16))
  })

  it('refuses a data key of the wrong length', () => {
    expect(() => createRecordBox(new Uint8Array(31))).toThrow(named('InvalidLengthError'))
  })
})

describe('sealed data key', () => {
  it('opens under its passphrase and refuses another', () => {
    const key = randomBytes(32)
    const sealed = sealDataKey(key, 'pass', FAST)
    expect(openDataKey(sealed, 'pass')).toEqual(key)
    expect(() => openDataKey(sealed, 'wrong')).toThrow(named('WrongPassphraseError'))
  })

  it('never opens as an identity, nor an identity as a data key', () => {
    const sealedKey = sealDataKey(randomBytes(32), 'pass', FAST)
    const sealedIdentity = sealIdentity(generateIdentity(), 'pass', FAST)
    expect(() => openIdentity(sealedKey, 'pass')).toThrow(named('CorruptKeyStoreError'))
    expect(() => openDataKey(sealedIdentity, 'pass')).toThrow(named('CorruptKeyStoreError'))
  })
})
