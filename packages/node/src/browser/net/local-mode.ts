/**
 * Local mode: the page was served from this machine (a developer's `parley`, or a test), so the
 * peers it should reach are on loopback too. Browsers' libp2p defaults refuse loopback and
 * insecure `ws://` addresses, and WebRTC would ask public STUN servers for a reflexive address
 * that loopback peers never need; local mode lifts both.
 */
import type { ConnectionGater } from '@libp2p/interface'

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/

/**
 * Whether `hostname` (as in `location.hostname`) names this machine: `localhost` and its
 * subdomains (RFC 6761 §6.3), 127.0.0.0/8, or `::1` with or without brackets.
 */
export function isLoopbackHostname (hostname: string): boolean {
  if (typeof hostname !== 'string') {
    throw new TypeError('hostname must be a string')
  }
  const host = hostname.toLowerCase().replace(/\.$/, '')
  return host === 'localhost' ||
    host.endsWith('.localhost') ||
    IPV4_LOOPBACK.test(host) ||
    host === '::1' || host === '[::1]'
}

/**
 * Whether the page at `where` (by default the current page) runs in local mode. Outside a
 * browser there is no `location` and this is false, so code shared with Node keeps libp2p's
 * defaults; `null` says so explicitly.
 */
export function detectLocalMode (where: Pick<Location, 'hostname'> | null = globalThis.location ?? null): boolean {
  return where != null && isLoopbackHostname(where.hostname)
}

/**
 * A connection gater for local mode that lets the browser dial any address, loopback and
 * `ws://` included. Outside local mode leave the gater unset so libp2p's browser default
 * (no private addresses, no insecure WebSockets) applies.
 */
export function localModeConnectionGater (): ConnectionGater {
  return {
    denyDialMultiaddr: () => false
  }
}
