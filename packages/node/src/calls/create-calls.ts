/**
 * The peer's calls, composed from what it already has: signals go out as CALL DMs through the DM
 * service (so through the outbox, the session and, while the contact is offline, its mailboxes),
 * and finished calls go into the contact's history, each firing `dm` like any new DM.
 */
import { DmPayload } from '../pb/dm.js'
import { CallSignal } from '../pb/call.js'
import { Calls } from './calls.js'
import { ICE_SERVERS_KEY } from './constants.js'
import { recordCall } from './record.js'
import { checkIceServers, type IceServer } from './signal.js'
import type { Contacts } from '../dm/contacts.js'
import type { DmService } from '../dm/dm-service.js'
import type { ProfileStore } from '../store/index.js'
import type { PeerEvents } from '../types.js'

export interface CreateCallsComponents {
  store: ProfileStore
  self: string
  contacts: Contacts
  dms: () => DmService
  nick: () => string
  emit: <K extends keyof PeerEvents>(type: K, detail: PeerEvents[K]['detail']) => void
}

/** The peer's {@link Calls}. */
export function createCalls (c: CreateCallsComponents): Calls {
  return new Calls({
    isContact: (peer) => c.contacts.isContact(peer) && !c.contacts.isBlocked(peer),
    send: async (peer, signal) => { await c.dms().send(peer, { kind: DmPayload.Kind.CALL, data: CallSignal.encode(signal) }) },
    record: async (peer, call) => {
      const message = await recordCall(c.store, c.self, peer, call.outgoing ? c.nick() : call.nick, call)
      if (message !== undefined) c.emit('dm', message)
    },
    onCall: (event) => { c.emit('call', event) },
    onError: (error) => { c.emit('error', { error }) }
  })
}

/** The ICE servers this profile's calls use (none unless configured: local mode, no STUN or TURN). */
export async function loadIceServers (store: ProfileStore): Promise<IceServer[]> {
  const stored = await store.kv('settings').get(ICE_SERVERS_KEY)
  if (stored === undefined) return []
  try {
    return checkIceServers(JSON.parse(new TextDecoder().decode(stored)))
  } catch {
    return []
  }
}

/** Configures the ICE servers of this profile's calls (InvalidIceServersError); `[]` for none. */
export async function saveIceServers (store: ProfileStore, servers: unknown): Promise<IceServer[]> {
  const checked = checkIceServers(servers)
  await store.kv('settings').put(ICE_SERVERS_KEY, new TextEncoder().encode(JSON.stringify(checked)))
  return checked
}
