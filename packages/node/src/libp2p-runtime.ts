/**
 * A mend of @libp2p/utils' LengthPrefixedDecoder, loaded by the package's entry points (and the
 * peer) with pb-runtime.ts.
 *
 * Noise reads every chunk a connection receives through that decoder: the chunk is appended, each
 * whole message in the buffer is taken out, and then the decoder asks for the next length once
 * more, on what is left. Left with nothing (the usual case: chunks end where messages end), Noise's
 * two-byte length decoder throws a new RangeError, which the decoder catches as "not yet". A stack
 * trace for every chunk on every connection: 7% of a Parley room worker's CPU in the room bench's
 * profile (`uint16BEDecode`, self time). The mended `decode` stops when nothing is left, and is the
 * same otherwise: a partial length still ends the loop through the length decoder's RangeError, a
 * length out of bounds still throws InvalidMessageLengthError, a buffer past its bound still throws
 * InvalidParametersError.
 */
import { InvalidParametersError } from '@libp2p/interface'
import { InvalidMessageLengthError, LengthPrefixedDecoder } from '@libp2p/utils'
import type { Uint8ArrayList } from 'uint8arraylist'

/** The decoder's own state, private in its declaration. */
interface DecoderState {
  buffer: Uint8ArrayList
  maxBufferSize: number
  maxDataLength: number
  lengthDecoder: (data: Uint8ArrayList) => number
  encodingLength: (length: number) => number
}

const proto = LengthPrefixedDecoder.prototype as unknown as { decode: (this: DecoderState, buf: Uint8Array | Uint8ArrayList) => Generator<Uint8ArrayList>, __parleyDecode?: true }
if (proto.__parleyDecode !== true) {
  proto.decode = function * (this: DecoderState, buf: Uint8Array | Uint8ArrayList): Generator<Uint8ArrayList> {
    this.buffer.append(buf)
    if (this.buffer.byteLength > this.maxBufferSize) throw new InvalidParametersError(`Buffer length limit exceeded - ${this.buffer.byteLength}/${this.maxBufferSize}`)
    while (this.buffer.byteLength > 0) {
      let length: number
      try {
        length = this.lengthDecoder(this.buffer)
      } catch (err) {
        // Part of a length: the rest comes with a later chunk.
        if (err instanceof RangeError) return
        throw err
      }
      if (length < 0 || length > this.maxDataLength) throw new InvalidMessageLengthError('Invalid message length')
      const end = this.encodingLength(length) + length
      if (this.buffer.byteLength < end) return
      const message = this.buffer.sublist(end - length, end)
      this.buffer.consume(end)
      if (message.byteLength > 0) yield message
    }
  }
  proto.__parleyDecode = true
}
