/**
 * Two mends of libp2p's libraries, loaded by the package's entry points (and the peer) with
 * pb-runtime.ts. Each changes how much work a connection does, never what a peer may send: the
 * decoder reads the same bytes, and the yamux mend sends fewer window updates, whose timing the
 * protocol leaves to the receiver.
 *
 * 1. @libp2p/utils' LengthPrefixedDecoder. Noise reads every chunk a connection receives through
 * that decoder: the chunk is appended, each whole message in the buffer is taken out, and then the
 * decoder asks for the next length once more, on what is left. Left with nothing (the usual case:
 * chunks end where messages end), Noise's two-byte length decoder throws a new RangeError, which
 * the decoder catches as "not yet". A stack trace for every chunk on every connection: 7% of a
 * Parley room worker's CPU in the room bench's profile (`uint16BEDecode`, self time). The mended
 * `decode` stops when nothing is left, and is the same otherwise: a partial length still ends the
 * loop through the length decoder's RangeError, a length out of bounds still throws
 * InvalidMessageLengthError, a buffer past its bound still throws InvalidParametersError.
 *
 * 2. @chainsafe/libp2p-yamux's stream window (8.0.1). After every data frame it reads, a stream
 * sends the remote a window update for what that frame used, so every small message (a gossipsub
 * RPC, a DM frame, an ack) costs a second frame back: one more Noise encryption and socket write
 * here and one more decryption and frame there. In the 100-peer room bench that was 10% of a Parley
 * worker's CPU (`sendWindowUpdate`), besides the remote's share. The mended update is sent as
 * go-yamux and rust-yamux send it: once at least half the window has been used (or a flag has to
 * go), so the remote always keeps at least half a window to send into and never waits on us for
 * less. The window still grows (up to its maximum) when half of it was used within four round
 * trips, now measured over that half window instead of one frame.
 */
import { InvalidParametersError } from '@libp2p/interface'
import { InvalidMessageLengthError, LengthPrefixedDecoder } from '@libp2p/utils'
import { StreamState, YamuxStream } from '@chainsafe/libp2p-yamux/stream'
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

/** The yamux stream's own state and helpers, private or protected in its declaration. */
interface YamuxStreamState {
  state: StreamState
  recvWindow: number
  recvWindowCapacity: number
  maxStreamWindowSize: number
  epochStart: number
  streamId: number
  getRTT: () => number
  getSendFlags: () => number
  sendFrame: (header: { type: number, flag: number, streamID: number, length: number }) => boolean
}

/** yamux's FrameType.WindowUpdate (the package exports that enum as a type only). */
const WINDOW_UPDATE = 1

const yamuxProto = YamuxStream.prototype as unknown as { sendWindowUpdate: (this: YamuxStreamState) => void, __parleyWindow?: true }
if (yamuxProto.__parleyWindow !== true) {
  yamuxProto.sendWindowUpdate = function (this: YamuxStreamState): void {
    if (this.state === StreamState.Paused) {
      // Paused: the remote runs out of window and stops; the epoch starts again on resume.
      this.epochStart = Date.now()
      return
    }
    const flags = this.getSendFlags()
    const used = this.recvWindow - this.recvWindowCapacity
    if (flags === 0 && used < this.recvWindow / 2) return
    const now = Date.now()
    const rtt = this.getRTT()
    if (flags === 0 && rtt > -1 && now - this.epochStart <= rtt * 4) this.recvWindow = Math.min(this.recvWindow * 2, this.maxStreamWindowSize)
    const delta = this.recvWindow - this.recvWindowCapacity
    this.recvWindowCapacity = this.recvWindow
    this.epochStart = now
    this.sendFrame({ type: WINDOW_UPDATE, flag: flags, streamID: this.streamId, length: delta })
  }
  yamuxProto.__parleyWindow = true
}
