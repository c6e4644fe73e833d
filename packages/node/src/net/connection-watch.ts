/**
 * Finds dead connections without killing slow ones, on every host. It stands in for libp2p's
 * connection monitor (turned off in peer-libp2p.ts), which pings every connection every 10 s and
 * aborts it when one ping takes longer than an adaptive timeout of at least 5 s. On a saturated
 * machine a peer's event loop stalls for longer than that while its connections are healthy (the
 * kernel keeps receiving for it), and a 30-peer room lost most of its connections that way
 * (bench/README.md#room). Here a connection is dead only when it has answered no ping for
 * `deadAfter` (2 minutes): any answer (an echo, a refusal of the protocol, a reset stream) shows a
 * live peer, and a ping that fails on our side (no stream could be opened) is no answer. One ping
 * is in flight per connection (the ping spec's "at most one outbound stream"; libp2p's monitor
 * starts a new one every interval however long the last takes, and the remote's ping service
 * accepts two per connection).
 *
 * A connection whose muxer answers pings of its own (yamux's PING frame, on TCP, WebSockets and
 * relayed connections) is pinged with that: two frames of 12 bytes, where the ping protocol opens
 * a stream, negotiates its protocol and records it in both peers' peer stores. In a room of 100
 * peers on one machine the protocol's pings were about half of the peers' CPU at rest
 * (bench/README.md, "Idle CPU of a room"). A muxer without pings (WebRTC's data channels) gets the
 * ping protocol.
 */
import { PING_PROTOCOL } from '@libp2p/ping'
import { serviceCapabilities } from '@libp2p/interface'
import { byteStream } from '@libp2p/utils'
import { equals } from 'uint8arrays/equals'
import { CONNECTION_PING_INTERVAL_MS, DEAD_CONNECTION_MS, PING_BYTES } from './constants.js'
import { DeadConnectionError, PingMismatchError } from './errors.js'
import type { AbortOptions, ComponentLogger, Connection, Logger, Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

/** Options of {@link connectionWatch}; every field is optional. */
export interface ConnectionWatchInit {
  /** How often each connection is pinged, in ms (default `CONNECTION_PING_INTERVAL_MS`). */
  interval?: number
  /** How long a ping may go unanswered before its connection is aborted, in ms (default `DEAD_CONNECTION_MS`). */
  deadAfter?: number
  /**
   * Ping through the connection's muxer where it has pings of its own (yamux; default true); false
   * opens a ping-protocol stream on every connection, as over WebRTC.
   */
  muxerPing?: boolean
}

/** What the watch needs from libp2p. */
export interface ConnectionWatchComponents {
  connectionManager: ConnectionManager
  logger: ComponentLogger
}

/** Counts since start, reachable as `node.services.watch`. */
export interface ConnectionWatch {
  /**
   * Pings answered (with an echo, a refused protocol or a reset stream), echoes that took longer
   * than libp2p's monitor allowed (5 s), connections aborted as dead.
   */
  counts: () => { answered: number, slow: number, dead: number }
}

/** libp2p's connection monitor aborted a connection whose ping took longer than this (its AdaptiveTimeout's floor). */
const LIBP2P_MIN_PING_TIMEOUT_MS = 5_000

/** Errors that only a live peer causes: it refused the ping protocol, or reset the stream. */
const ANSWERS = new Set(['UnsupportedProtocolError', 'StreamResetError'])

/** A muxer with a ping of its own (yamux: a PING frame, answered by the remote's muxer), resolving to the round trip in ms. */
interface PingingMuxer {
  ping: (options?: AbortOptions) => Promise<number>
}

/**
 * The connection's muxer when it pings (libp2p's Connection holds its muxer as `muxer`, outside the
 * interface; checked, so that a libp2p without it falls back to the ping protocol).
 */
function pingingMuxer (conn: Connection): PingingMuxer | undefined {
  const muxer = (conn as unknown as { muxer?: { ping?: unknown } }).muxer
  return typeof muxer?.ping === 'function' ? muxer as PingingMuxer : undefined
}

class DefaultConnectionWatch implements ConnectionWatch, Startable {
  readonly [Symbol.toStringTag] = '@parley/connection-watch'
  readonly [serviceCapabilities]: string[] = ['@parley/connection-watch']
  private readonly components: ConnectionWatchComponents
  private readonly log: Logger
  private readonly interval: number
  private readonly deadAfter: number
  private readonly muxerPing: boolean
  /** Ids of the connections with a ping in flight. */
  private readonly pinging = new Set<string>()
  /** When each watched connection last answered a ping (pruned every round to the open ones). */
  private readonly answeredAt = new Map<string, number>()
  private readonly tally = { answered: 0, slow: 0, dead: 0 }
  private timer?: ReturnType<typeof setInterval>
  private shutdown = new AbortController()

  constructor (components: ConnectionWatchComponents, init: ConnectionWatchInit) {
    this.components = components
    this.log = components.logger.forComponent('parley:connection-watch')
    this.interval = init.interval ?? CONNECTION_PING_INTERVAL_MS
    this.deadAfter = init.deadAfter ?? DEAD_CONNECTION_MS
    this.muxerPing = init.muxerPing ?? true
  }

  start (): void {
    this.shutdown = new AbortController()
    this.timer = setInterval(() => { this.round() }, this.interval)
  }

  stop (): void {
    clearInterval(this.timer)
    this.shutdown.abort()
    this.pinging.clear()
    this.answeredAt.clear()
  }

  counts (): { answered: number, slow: number, dead: number } {
    return { ...this.tally }
  }

  private round (): void {
    const open = new Set(this.components.connectionManager.getConnections().map((c) => c.id))
    for (const id of this.answeredAt.keys()) if (!open.has(id)) this.answeredAt.delete(id)
    for (const conn of this.components.connectionManager.getConnections()) {
      if (conn.status !== 'open' || this.pinging.has(conn.id)) continue
      this.pinging.add(conn.id)
      void this.check(conn).finally(() => { this.pinging.delete(conn.id) })
    }
  }

  /** Pings `conn` once; aborts it if the ping goes unanswered for `deadAfter`. */
  private async check (conn: Connection): Promise<void> {
    const deadline = new AbortController()
    const signal = AbortSignal.any([deadline.signal, this.shutdown.signal])
    const started = Date.now()
    let settled = false
    // The deadline is checked once more on the next turn of the event loop, after it has read its
    // sockets: when our own loop was the one stalled, the answer may be waiting as the timer fires.
    const timer = setTimeout(() => {
      setTimeout(() => { if (!settled) deadline.abort(new DeadConnectionError(this.deadAfter)) }, 0)
    }, this.deadAfter)
    try {
      await this.ping(conn, signal)
      this.answered(conn)
      if (Date.now() - started > LIBP2P_MIN_PING_TIMEOUT_MS) this.tally.slow++
    } catch (err) {
      if (this.shutdown.signal.aborted || conn.status !== 'open') return
      if (err instanceof PingMismatchError) {
        conn.abort(err)
      } else if (ANSWERS.has((err as Error).name)) {
        // The peer answered, if not with an echo: it refused the protocol or reset the stream.
        this.answered(conn)
      } else if (deadline.signal.aborted || Date.now() - (this.answeredAt.get(conn.id) ?? conn.timeline.open) >= this.deadAfter) {
        // No answer for deadAfter: this ping went unanswered, or every ping since failed on our side
        // (a connection that cannot open a stream is of no use either).
        this.tally.dead++
        this.log('no answer from %p for %d ms, aborting the connection - %e', conn.remotePeer, this.deadAfter, err)
        conn.abort(new DeadConnectionError(this.deadAfter))
      } else {
        this.log.trace('ping of %p failed - %e', conn.remotePeer, err)
      }
    } finally {
      settled = true
      clearTimeout(timer)
    }
  }

  private answered (conn: Connection): void {
    this.tally.answered++
    this.answeredAt.set(conn.id, Date.now())
  }

  private async ping (conn: Connection, signal: AbortSignal): Promise<void> {
    const muxer = this.muxerPing ? pingingMuxer(conn) : undefined
    if (muxer !== undefined) {
      // yamux answers a pong with another id than asked by closing the connection itself.
      conn.rtt = await muxer.ping({ signal })
      return
    }
    const stream = await conn.newStream(PING_PROTOCOL, { signal, runOnLimitedConnection: true })
    try {
      const bytes = byteStream(stream)
      const sent = crypto.getRandomValues(new Uint8Array(PING_BYTES))
      const start = Date.now()
      const [, echo] = await Promise.all([bytes.write(sent, { signal }), bytes.read({ bytes: PING_BYTES, signal })])
      if (!equals(echo.subarray(), sent)) throw new PingMismatchError('the ping was answered with other bytes than were sent')
      conn.rtt = Date.now() - start
    } catch (err) {
      stream.abort(err as Error)
      throw err
    }
    // The echo is the answer: the close (which waits for the peer's end) is not held against it.
    stream.close({ signal: AbortSignal.any([this.shutdown.signal, AbortSignal.timeout(this.deadAfter)]) }).catch((err: Error) => { stream.abort(err) })
  }
}

/**
 * A libp2p service that pings every open connection every `interval` (one ping in flight per
 * connection; through its muxer where the muxer pings) and aborts, with a
 * {@link DeadConnectionError}, a connection that has answered no ping for `deadAfter`; a peer that
 * echoes wrong bytes is aborted with a {@link PingMismatchError}. Sets `connection.rtt` as libp2p's
 * monitor does (over yamux, from the start of the ping in flight, which its keepalive may have sent).
 */
export function connectionWatch (init: ConnectionWatchInit = {}): (components: ConnectionWatchComponents) => ConnectionWatch {
  return (components) => new DefaultConnectionWatch(components, init)
}
