import { InvalidArgumentError, InvalidHexError, InvalidLengthError } from './errors.js'

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Lower-case hex of `bytes`. */
export function toHex (bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes')
  let out = ''
  for (const b of bytes) out += HEX[b]
  return out
}

/** Bytes of a hex string (either case); throws InvalidHexError on odd length or a non-hex character. */
export function fromHex (hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new InvalidArgumentError('hex must be a string')
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new InvalidHexError(`hex must be an even-length string of hex digits (got ${hex.length} characters)`)
  }
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** Throws InvalidArgumentError unless `value` is a Uint8Array. */
export function assertBytes (value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new InvalidArgumentError(`${name} must be a Uint8Array`)
  }
}

/** Throws unless `value` is a Uint8Array of exactly `length` bytes. */
export function assertLength (value: unknown, length: number, name: string): asserts value is Uint8Array {
  assertBytes(value, name)
  if (value.length !== length) {
    throw new InvalidLengthError(`${name} must be ${length} bytes, got ${value.length}`)
  }
}

/** Concatenates byte arrays. */
export function concat (...parts: Uint8Array[]): Uint8Array {
  let total = 0
  for (const p of parts) total += p.length
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
