/**
 * The raw stream baseline of the dm benchmark: fixed-size payloads echoed
 * back over one libp2p stream. The server counts whole payloads as they
 * arrive (and may report each), the client counts whole payloads as they
 * come back.
 */
import { multiaddr } from '@multiformats/multiaddr'
import type { Stream } from '@libp2p/interface'
import type { Libp2p } from 'libp2p'

/** Echoes every byte, reporting each payload that arrives. */
export const ECHO_PROTOCOL = '/parley-bench/echo/1.0.0'
/** Echoes every byte, reporting nothing (pipelined throughput). */
export const QUIET_ECHO_PROTOCOL = '/parley-bench/echo-quiet/1.0.0'
export const PAYLOAD_BYTES = 1024

/** Calls `onPayload(n)` for every whole payload once `bytes` more have arrived. */
function counter (onPayload: (n: number) => void): (bytes: number) => void {
  let total = 0
  let whole = 0
  return (bytes) => {
    total += bytes
    while (total >= (whole + 1) * PAYLOAD_BYTES) onPayload(whole++)
  }
}

/** Sends, waiting for the stream to drain when its buffer is full. */
async function send (stream: Stream, data: Uint8Array): Promise<void> {
  if (!stream.send(data)) await stream.onDrain()
}

function echo (stream: Stream, report?: (n: number) => void): void {
  const count = counter((n) => { report?.(n) })
  stream.addEventListener('message', (evt) => {
    count(evt.data.byteLength)
    if (!stream.send(evt.data)) {
      stream.pause()
      stream.onDrain().then(() => { stream.resume() }, (err: Error) => { stream.abort(err) })
    }
  })
  stream.addEventListener('remoteCloseWrite', () => { void stream.close().catch(() => {}) })
}

/** Registers both echo protocols; `report` hears every payload of the reporting one. */
export async function serveEcho (node: Libp2p, report: (n: number) => void): Promise<void> {
  await node.handle(ECHO_PROTOCOL, (stream) => { echo(stream, report) })
  await node.handle(QUIET_ECHO_PROTOCOL, (stream) => { echo(stream) })
}

/** A client end: one reporting stream for paced sends, quiet streams for bursts. */
export class EchoClient {
  readonly #node: Libp2p
  readonly #addr: string
  #stream: Stream | undefined
  #sent = 0

  constructor (node: Libp2p, addr: string) {
    this.#node = node
    this.#addr = addr
  }

  /** Opens the reporting stream; `onEcho(n)` hears the n-th payload come back. */
  async open (onEcho: (n: number) => void): Promise<void> {
    const stream = await this.#node.dialProtocol(multiaddr(this.#addr), ECHO_PROTOCOL)
    const count = counter(onEcho)
    stream.addEventListener('message', (evt) => { count(evt.data.byteLength) })
    this.#stream = stream
  }

  /** Sends the next payload on the reporting stream; returns its number. */
  async send (): Promise<number> {
    if (this.#stream === undefined) throw new Error('echo stream not open')
    await send(this.#stream, new Uint8Array(PAYLOAD_BYTES).fill(this.#sent & 0xff))
    return this.#sent++
  }

  /** Sends one payload on a stream of its own (opened, echoed, closed), as a sender that opens a stream per message would. */
  async fresh (): Promise<void> {
    const stream = await this.#node.dialProtocol(multiaddr(this.#addr), QUIET_ECHO_PROTOCOL)
    await new Promise<void>((resolve, reject) => {
      const echoed = counter(() => { resolve() })
      stream.addEventListener('message', (evt) => { echoed(evt.data.byteLength) })
      stream.addEventListener('close', (evt) => { if (evt.error !== undefined) reject(evt.error) })
      send(stream, new Uint8Array(PAYLOAD_BYTES)).catch(reject)
    })
    await stream.close()
  }

  /** Pipelines `count` payloads on a new quiet stream; resolves with the ms until the last came back. */
  async burst (count: number): Promise<number> {
    const stream = await this.#node.dialProtocol(multiaddr(this.#addr), QUIET_ECHO_PROTOCOL)
    const start = performance.now()
    const done = new Promise<void>((resolve, reject) => {
      const echoed = counter((n) => { if (n === count - 1) resolve() })
      stream.addEventListener('message', (evt) => { echoed(evt.data.byteLength) })
      stream.addEventListener('close', (evt) => { if (evt.error !== undefined) reject(evt.error) })
    })
    const payload = new Uint8Array(PAYLOAD_BYTES).fill(1)
    for (let i = 0; i < count; i++) await send(stream, payload)
    await done
    const ms = performance.now() - start
    await stream.close()
    return ms
  }

  async close (): Promise<void> {
    await this.#stream?.close().catch(() => {})
  }
}
