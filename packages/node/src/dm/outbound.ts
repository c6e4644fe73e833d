/**
 * One outbound `/parley/dm/1.0.0` stream as a window: frames written and not yet acknowledged are
 * in flight, at most DM_WINDOW_FRAMES of them and DM_WINDOW_BYTES (each counted at the most its
 * frame can take, so the recipient's read buffer never overflows for an honest sender). Acks are
 * cumulative: each says how many of the oldest frames in flight are stored. A refusal, a reset, an
 * ack for more than is in flight or none within DM_TIMEOUT_MS fails the window: what is still in
 * flight stays in the outbox for the next attempt.
 */
import { protobufFramed } from '../net/length-prefix.js'
import { DmAck, DmFrame, type DmPayload } from '../pb/dm.js'
import { DM_FRAME_OVERHEAD, DM_TIMEOUT_MS, DM_WINDOW_BYTES, DM_WINDOW_FRAMES, MAX_DM_FRAME_BYTES } from './constants.js'
import { DmRefusedError, InvalidAckError, SessionRestartError } from './errors.js'
import type { Session } from '@parley/crypto'
import type { Stream } from '@libp2p/interface'

/** What a ratchet message adds to its payload at most: the header, a prekey header, the tag. */
const RATCHET_OVERHEAD = 256

/** The most a payload of `length` bytes takes in the window once encrypted and framed. */
export const frameBytes = (length: number): number => Math.min(length + RATCHET_OVERHEAD, MAX_DM_FRAME_BYTES) + DM_FRAME_OVERHEAD

/** A DM in flight: its outbox entry and the session its frame was sealed with. */
export interface InFlight {
  key: string
  encoded: Uint8Array
  /** The payload, when the sender still has it decoded. */
  payload?: DmPayload
  session: Session
}

export class OutboundWindow {
  readonly stream: Stream
  /** Closes the stream once it has idled (delivery.ts). */
  idle: ReturnType<typeof setTimeout> | undefined
  /** Kept from an earlier flush (so it may have died without our noticing). */
  reused = false
  readonly #pb: ReturnType<typeof protobufFramed>
  readonly #inFlight: Array<InFlight & { bytes: number }> = []
  #bytes = 0
  #failure: Error | undefined
  /** The session of the frame the recipient asked to restart. */
  #restart: Session | undefined
  #reading = false
  #waiter: (() => void) | undefined
  readonly #onAcked: (acked: InFlight[]) => void

  constructor (stream: Stream, onAcked: (acked: InFlight[]) => void) {
    this.stream = stream
    this.#pb = protobufFramed(stream, { maxDataLength: MAX_DM_FRAME_BYTES })
    this.#onAcked = onAcked
  }

  get inFlight (): number {
    return this.#inFlight.length
  }

  get failure (): Error | undefined {
    return this.#failure
  }

  /** The session the recipient cannot decrypt with, after a RESTART_SESSION refusal. */
  get restartSession (): Session | undefined {
    return this.#restart
  }

  /** How many more frames, and bytes, the window takes now. */
  room (): { frames: number, bytes: number } {
    if (this.#failure !== undefined) return { frames: 0, bytes: 0 }
    return { frames: DM_WINDOW_FRAMES - this.#inFlight.length, bytes: DM_WINDOW_BYTES - this.#bytes }
  }

  /** Writes frames sealed in order (their session state already stored) and counts them in flight. */
  async send (frames: Array<InFlight & { ciphertext: Uint8Array }>): Promise<void> {
    for (const { key, encoded, payload, session } of frames) {
      const bytes = frameBytes(encoded.byteLength)
      this.#inFlight.push({ key, encoded, payload, session, bytes })
      this.#bytes += bytes
    }
    if (!this.#reading) void this.#readAcks()
    try {
      await this.#pb.writeV(frames.map(({ ciphertext }) => ({ ciphertext: ciphertext as Uint8Array<ArrayBuffer> })), DmFrame, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
    } catch (err) {
      this.#fail(err as Error)
      throw err
    }
  }

  /** Waits for the next ack or wake(); throws the window's failure. */
  async changed (): Promise<void> {
    if (this.#failure === undefined) await new Promise<void>((resolve) => { this.#waiter = resolve })
    if (this.#failure !== undefined) throw this.#failure
  }

  wake (): void {
    const waiter = this.#waiter
    this.#waiter = undefined
    waiter?.()
  }

  async #readAcks (): Promise<void> {
    this.#reading = true
    try {
      while (this.#inFlight.length > 0 && this.#failure === undefined) {
        const ack = await this.#pb.read(DmAck, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
        if (!ack.ok) {
          const [refused] = this.#inFlight
          if (ack.code === DmAck.Code.RESTART_SESSION) this.#restart = refused.session
          throw ack.code === DmAck.Code.RESTART_SESSION ? new SessionRestartError('the contact asked for a new session') : new DmRefusedError('the contact refused a DM')
        }
        const count = Math.max(ack.count, 1)
        if (count > this.#inFlight.length) throw new InvalidAckError(`an ack for ${count} frames, ${this.#inFlight.length} in flight`)
        const acked = this.#inFlight.splice(0, count)
        for (const { bytes } of acked) this.#bytes -= bytes
        this.#onAcked(acked)
        this.wake()
      }
    } catch (err) {
      this.#fail(err as Error)
    } finally {
      this.#reading = false
    }
  }

  #fail (err: Error): void {
    this.#failure ??= err
    this.wake()
  }
}
