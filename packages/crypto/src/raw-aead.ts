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
/** Most plaintext bytes {@link RawOpenAll} opens into one buffer; a larger batch goes in runs. */
export const OPEN_ALL_BYTES = 256 * 1024

/** The plaintext length of a sealed record whose nonce starts at `at` (0 when too short to hold a tag). */
const plainLength = (sealed: Uint8Array, at: number): number => Math.max(0, sealed.length - at - NONCE_LENGTH - TAG_LENGTH)

/**
 * Opens the sealed bytes `sealed`, whose nonce starts at `at` and is followed by the ciphertext
 * and its tag, under the associated data `ad`; undefined when they do not authenticate.
 */
export type RawOpen = (ad: string, sealed: Uint8Array, at: number) => Uint8Array | undefined

/**
 * Opens many sealed records as {@link RawOpen} opens one (`ads[i]` with `sealed[i]`). The
 * plaintexts are views of one buffer copied out of the module once per OPEN_ALL_BYTES of them:
 * copying each out on its own allocates a buffer per record, which costs as much as the cipher for
 * a record of a few hundred bytes.
 */
export type RawOpenAll = (ads: readonly string[], sealed: readonly Uint8Array[], at: number) => Array<Uint8Array | undefined>

/**
 * Writes `text` as UTF-8 into `heap` at `at` (room for 3 bytes per UTF-16 unit); the bytes written.
 * ASCII (every storage key of a sealed profile) is copied unit by unit: a view for encodeInto
 * costs more than the copy.
 */
function writeText (heap: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit >= 0x80) return encoder.encodeInto(text, heap.subarray(at, at + 3 * text.length)).written
    heap[at + i] = unit
  }
  return text.length
}

function moduleOf (): SodiumModule | undefined {
  const m = (sodium() as unknown as { libsodium?: Partial<SodiumModule> }).libsodium
  if (m === undefined || typeof m._malloc !== 'function' || typeof m._free !== 'function' ||
    typeof m._crypto_aead_xchacha20poly1305_ietf_decrypt !== 'function' || !(m.HEAPU8 instanceof Uint8Array)) return undefined
  return m as SodiumModule
}

/** {@link RawOpen} and {@link RawOpenAll} under `key`, or undefined when the module is not reachable. */
export function rawOpener (key: Uint8Array): { open: RawOpen, openAll: RawOpenAll } | undefined {
  const m = moduleOf()
  if (m === undefined) return undefined
  const keyAt = m._malloc(KEY_LENGTH)
  m.HEAPU8.set(key, keyAt)
  let scratch = 0
  let size = 0
  /** A scratch area of at least `need` bytes in the module's heap (its address). */
  const reserve = (need: number): number => {
    if (need > size) {
      if (scratch !== 0) m._free(scratch)
      size = Math.max(need, 2 * size, 1024)
      scratch = m._malloc(size)
    }
    return scratch
  }
  /**
   * Opens one record with its input at `inAt` and its plaintext written at `outAt` (the caller
   * reserved room for both): the plaintext's length, or -1 when it does not authenticate.
   */
  const openAt = (ad: string, sealed: Uint8Array, at: number, inAt: number, outAt: number): number => {
    const length = sealed.length - at - NONCE_LENGTH
    if (length < TAG_LENGTH) return -1
    // HEAPU8 is read after every _malloc: a grown memory replaces it.
    const heap = m.HEAPU8
    const adLength = writeText(heap, inAt, ad)
    // The whole sealed blob in one copy: the nonce at `at`, the ciphertext right after it.
    const sealedAt = inAt + adLength
    heap.set(sealed, sealedAt)
    const nonceAt = sealedAt + at
    const failed = m._crypto_aead_xchacha20poly1305_ietf_decrypt(outAt, 0, 0, nonceAt + NONCE_LENGTH, length, 0, inAt, adLength, 0, nonceAt, keyAt)
    return failed === 0 ? length - TAG_LENGTH : -1
  }
  const open: RawOpen = (ad, sealed, at) => {
    const inputAt = reserve(3 * ad.length + 2 * sealed.length)
    const outAt = inputAt + 3 * ad.length + sealed.length
    const length = openAt(ad, sealed, at, inputAt, outAt)
    return length < 0 ? undefined : m.HEAPU8.slice(outAt, outAt + length)
  }
  /** Opens records first..end-1 (`out` plaintext bytes) into `opened`, their plaintexts side by side, then one copy out. */
  const openRun = (ads: readonly string[], sealed: readonly Uint8Array[], at: number, first: number, end: number, out: number, opened: Array<Uint8Array | undefined>): void => {
    // Plaintexts side by side first (`out` bytes), then the largest input's room.
    let input = 0
    for (let i = first; i < end; i++) input = Math.max(input, 3 * ads[i].length + sealed[i].length)
    const outStart = reserve(out + input)
    const inputAt = outStart + out
    const lengths = new Int32Array(end - first)
    let outAt = outStart
    for (let i = first; i < end; i++) {
      lengths[i - first] = openAt(ads[i], sealed[i], at, inputAt, outAt)
      if (lengths[i - first] > 0) outAt += lengths[i - first]
    }
    const plain = m.HEAPU8.slice(outStart, outAt)
    let from = 0
    for (let i = first; i < end; i++) {
      const length = lengths[i - first]
      if (length < 0) continue
      opened[i] = plain.subarray(from, from + length)
      from += length
    }
  }
  const openAll: RawOpenAll = (ads, sealed, at) => {
    const opened = new Array<Uint8Array | undefined>(sealed.length)
    // In runs of at most OPEN_ALL_BYTES of plaintext (one record at least): the scratch area, which
    // never shrinks, stays that size whatever a range of large records adds up to.
    for (let first = 0; first < sealed.length;) {
      let end = first + 1
      let out = plainLength(sealed[first], at)
      for (; end < sealed.length; end++) {
        const next = plainLength(sealed[end], at)
        if (out + next > OPEN_ALL_BYTES) break
        out += next
      }
      openRun(ads, sealed, at, first, end, out, opened)
      first = end
    }
    return opened
  }
  return { open, openAll }
}
