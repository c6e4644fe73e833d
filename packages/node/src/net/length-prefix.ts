/**
 * Length-prefixed streams (`@libp2p/utils`' lpStream and pbStream) with our own decoder of the
 * varint length in front of each message.
 *
 * The library reads a length one byte at a time and decodes it after each byte; a decoder tells
 * it "not yet" by throwing a RangeError, which it catches. Its default decoder (uint8-varint)
 * throws a new RangeError, stack trace and all, for every length of two bytes or more, that is
 * every message of 128 bytes or more: about 20 µs each, the largest single cost of reading a DM
 * frame in the dm bench's profile. Ours throws one RangeError made once. And where the default
 * takes any number of bytes with the high bit set as "not yet" (the library then reads on, one
 * byte at a time, keeping each), ours refuses a prefix longer than MAX_LENGTH_BYTES with
 * LengthPrefixTooLongError, which ends the read.
 */
import { lpStream, pbStream } from '@libp2p/utils'
import { LengthPrefixTooLongError } from './errors.js'
import type { Stream } from '@libp2p/interface'
import type { Uint8ArrayList } from 'uint8arraylist'

/** Bytes of the longest length we decode: 5 varint bytes hold 35 bits, more than any stream of ours allows. */
export const MAX_LENGTH_BYTES = 5

/** "Not yet": thrown for a length whose last byte has not come; made once, so throwing it costs no stack trace. */
const INCOMPLETE = new RangeError('the length prefix continues in the next byte')

/** The unsigned varint at the start of `bytes`; throws INCOMPLETE until its last byte is there. */
export function decodeLength (bytes: Uint8ArrayList | Uint8Array): number {
  let value = 0
  for (let i = 0; i < Math.min(bytes.byteLength, MAX_LENGTH_BYTES); i++) {
    const b = 'get' in bytes ? bytes.get(i) : bytes[i]
    value += (b & 0x7f) * 2 ** (7 * i)
    if (b < 0x80) return value
  }
  if (bytes.byteLength >= MAX_LENGTH_BYTES) throw new LengthPrefixTooLongError(`a length prefix of more than ${MAX_LENGTH_BYTES} bytes`)
  throw INCOMPLETE
}

type LpOptions = NonNullable<Parameters<typeof lpStream>[1]>

/** `lpStream` with our length decoder. */
export function lengthPrefixed (stream: Stream, options: Omit<LpOptions, 'lengthDecoder'> = {}): ReturnType<typeof lpStream> {
  return lpStream(stream, { ...options, lengthDecoder: decodeLength })
}

/** `pbStream` with our length decoder. */
export function protobufFramed (stream: Stream, options: Omit<LpOptions, 'lengthDecoder'> = {}): ReturnType<typeof pbStream> {
  return pbStream(stream, { ...options, lengthDecoder: decodeLength })
}
