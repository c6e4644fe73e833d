/**
 * A faster XChaCha20-Poly1305 open for many small records: the same libsodium
 * function (crypto_aead_xchacha20poly1305_ietf_decrypt) called on its
 * WebAssembly module directly, with the key kept in a buffer of the module's
 * heap and one scratch buffer reused across calls. libsodium-wrappers
 * allocates, copies and frees every argument on each call, which costs more
 * than the cipher itself for a record of a few hundred bytes (a history page
 * opens 50 of them).
 *
 * Used when the wrappers expose their module (`libsodium`, with `_malloc`,
 * `_free` and `HEAPU8`); otherwise callers fall back to the wrapper.
 */
import { sodium } from './sodium.js'

interface SodiumModule {
  HEAPU8: Uint8Array
  _malloc: (size: number) => number
  _free: (pointer: number) => void
  _crypto_aead_xchacha20poly1305_ietf_decrypt: (
    m: number, mlenP: number, nsec: number, c: number, clenLow: number, clenHigh: number,
    ad: number, adlenLow: number, adlenHigh: number, npub: number, k: number) => number
}

const KEY_LENGTH = 32
const NONCE_LENGTH = 24
const TAG_LENGTH = 16
const encoder = new TextEncoder()

/**
 * Opens the sealed bytes `sealed`, whose nonce starts at `at` and is followed by the ciphertext
 * and its tag, under the associated data `ad`; undefined when they do not authenticate.
 */
export type RawOpen = (ad: string, sealed: Uint8Array, at: number) => Uint8Array | undefined

function moduleOf (): SodiumModule | undefined {
  const m = (sodium() as unknown as { libsodium?: Partial<SodiumModule> }).libsodium
  if (m === undefined || typeof m._malloc !== 'function' || typeof m._free !== 'function' ||
    typeof m._crypto_aead_xchacha20poly1305_ietf_decrypt !== 'function' || !(m.HEAPU8 instanceof Uint8Array)) return undefined
  return m as SodiumModule
}

/** A {@link RawOpen} under `key`, or undefined when the module is not reachable. */
export function rawOpener (key: Uint8Array): RawOpen | undefined {
  const m = moduleOf()
  if (m === undefined) return undefined
  const keyAt = m._malloc(KEY_LENGTH)
  m.HEAPU8.set(key, keyAt)
  let scratch = 0
  let size = 0
  return (ad, sealed, at) => {
    const length = sealed.length - at - NONCE_LENGTH
    if (length < TAG_LENGTH) return undefined
    // The associated data is UTF-8 encoded straight into the heap: at most 3 bytes per UTF-16 unit.
    const need = 3 * ad.length + 2 * (sealed.length - at)
    if (need > size) {
      if (scratch !== 0) m._free(scratch)
      size = Math.max(need, 2 * size, 1024)
      scratch = m._malloc(size)
    }
    const heap = m.HEAPU8
    const adLength = encoder.encodeInto(ad, heap.subarray(scratch, scratch + 3 * ad.length)).written
    // The whole sealed blob in one copy: the nonce at `at`, the ciphertext right after it.
    const sealedAt = scratch + adLength
    heap.set(sealed, sealedAt)
    const nonceAt = sealedAt + at
    const cAt = nonceAt + NONCE_LENGTH
    const outAt = sealedAt + sealed.length
    const failed = m._crypto_aead_xchacha20poly1305_ietf_decrypt(outAt, 0, 0, cAt, length, 0, scratch, adLength, 0, nonceAt, keyAt)
    if (failed !== 0) return undefined
    return heap.slice(outAt, outAt + length - TAG_LENGTH)
  }
}
