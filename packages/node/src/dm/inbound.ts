/**
 * One inbound `/parley/dm/1.0.0` stream, as a pipeline (receive.ts decides what each frame is
 * worth): a reader takes frames off the stream while fewer than a window's worth wait, and the
 * handler takes everything waiting as one batch, stores it (one LevelDB batch) and acknowledges it
 * with one cumulative DmAck. A refused frame is answered with its code after the frames before it
 * are acknowledged, and ends the stream; the frames after it are dropped unread (the sender keeps
 * them in its outbox).
 *
 * Bounds: at most DM_WINDOW_FRAMES frames (and about DM_WINDOW_BYTES) wait decoded, as many are in
 * the batch being handled, and the stream's unread bytes are capped at DM_READ_BUFFER_BYTES (a peer
 * sending past its window has the stream aborted). `pace` may hold a batch back (the per-peer work
 * budget): the reader then stops, and the sender's window fills and waits. A stream whose bytes do
 * not frame (a length prefix that does not end, a frame too long or undecodable) is reset.
 */
import { protobufFramed } from '../net/length-prefix.js'
import { DmAck, DmFrame } from '../pb/dm.js'
import { DM_IDLE_MS, DM_READ_BUFFER_BYTES, DM_TIMEOUT_MS, DM_WINDOW_BYTES, DM_WINDOW_FRAMES, MAX_DM_FRAME_BYTES } from './constants.js'
import { DmIdleError, InvalidDmError } from './errors.js'
import type { Stream } from '@libp2p/interface'

/** What became of a batch: its first `accepted` frames are stored; `refused`, the code for the next one. */
export interface BatchResult {
  accepted: number
  refused?: DmAck.Code
}

export interface InboundHandlers {
  /** Waits until the peer may cost us this batch's work. */
  pace: (frames: Uint8Array[]) => Promise<void>
  /** Opens, checks and stores a batch, in order, stopping at the first refused frame. */
  handle: (frames: Uint8Array[]) => Promise<BatchResult>
}

/** Frames read and not yet handled: bounded, with one waiting reader and one waiting handler. */
class FrameQueue {
  #frames: Uint8Array[] = []
  #bytes = 0
  #ended = false
  #taker: (() => void) | undefined
  #giver: (() => void) | undefined

  push (frame: Uint8Array): void {
    this.#frames.push(frame)
    this.#bytes += frame.byteLength
    this.#wakeTaker()
  }

  end (): void {
    this.#ended = true
    this.#wakeTaker()
    this.#wakeGiver()
  }

  /** Waits for room for one more frame; false once the queue has ended. */
  async room (): Promise<boolean> {
    while (!this.#ended && (this.#frames.length >= DM_WINDOW_FRAMES || this.#bytes >= DM_WINDOW_BYTES)) {
      await new Promise<void>((resolve) => { this.#giver = resolve })
    }
    return !this.#ended
  }

  /** Everything waiting (at least one frame), or undefined once the queue ended empty. */
  async take (): Promise<Uint8Array[] | undefined> {
    while (this.#frames.length === 0) {
      if (this.#ended) return undefined
      await new Promise<void>((resolve) => { this.#taker = resolve })
    }
    const frames = this.#frames
    this.#frames = []
    this.#bytes = 0
    this.#wakeGiver()
    return frames
  }

  #wakeTaker (): void {
    const wake = this.#taker
    this.#taker = undefined
    wake?.()
  }

  #wakeGiver (): void {
    const wake = this.#giver
    this.#giver = undefined
    wake?.()
  }
}

/** Serves one inbound DM stream until it ends, idles for DM_IDLE_MS, or a frame is refused. */
export async function serveDmStream (stream: Stream, handlers: InboundHandlers): Promise<void> {
  const pb = protobufFramed(stream, { maxDataLength: MAX_DM_FRAME_BYTES, maxBufferSize: DM_READ_BUFFER_BYTES })
  const queue = new FrameQueue()
  // One idle timer for the stream rather than a timer and an AbortSignal per frame (about 3% of the
  // recipient's CPU in a burst): it ends a read that has waited DM_IDLE_MS; time spent waiting for
  // room while a batch is handled does not count.
  const idle = new AbortController()
  /** When the read under way began (0: none under way). */
  let readSince = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const check = (): void => {
    const waited = readSince === 0 ? 0 : Date.now() - readSince
    if (waited >= DM_IDLE_MS) {
      idle.abort(new DmIdleError(`no frame for ${DM_IDLE_MS} ms`))
      return
    }
    timer = setTimeout(check, DM_IDLE_MS - waited)
    ;(timer as { unref?: () => void }).unref?.()
  }
  check()
  /** Why reading stopped, when it is the sender's fault (a frame or length prefix that does not decode, one too long). */
  let misframed: Error | undefined
  const reading = (async () => {
    try {
      while (await queue.room()) {
        readSince = Date.now()
        const frame = await pb.read(DmFrame, { signal: idle.signal })
        readSince = 0
        queue.push(frame.ciphertext)
      }
    } catch (err) {
      // What was read is still handled. The end of the stream, an idle timeout or a reset then
      // end it as before; a misframed stream is reset once the frames before the fault are answered.
      const name = (err as Error).name
      if (name !== 'UnexpectedEOFError' && name !== DmIdleError.name && stream.status === 'open') misframed = err as Error
    } finally {
      clearTimeout(timer)
      queue.end()
    }
  })()
  const ack = async (message: DmAck): Promise<void> => { await pb.write(message, DmAck, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) }) }
  try {
    while (true) {
      const frames = await queue.take()
      if (frames === undefined) break
      await handlers.pace(frames)
      const { accepted, refused } = await handlers.handle(frames)
      if (accepted > 0) await ack({ ok: true, error: '', code: DmAck.Code.OK, count: accepted })
      if (refused !== undefined) {
        await ack({ ok: false, error: '', code: refused, count: 0 })
        throw new InvalidDmError('a frame was refused')
      }
    }
    if (misframed !== undefined) throw misframed
    await stream.close()
  } catch (err) {
    stream.abort(err as Error)
  }
  queue.end()
  await reading
}
