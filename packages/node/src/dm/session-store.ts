/**
 * Persisted end-to-end state: our prekey secrets and, per contact, up to
 * MAX_SESSIONS_PER_PEER Double Ratchet sessions (newest first: the one we
 * last received on is used to send). Keeping a few lets two peers that start
 * sessions with each other at the same moment still converge.
 *
 * Stored in the `sessions` sublevel: `prekeys` → PrekeySecrets bytes,
 * `peer:<peerId>` → `u8 count | count × (u32 length | session bytes)`
 * (message requests live beside them: requests.ts).
 */
import { generatePrekeys, PrekeySecrets, Session, type Identity } from '@parley/crypto'
import { PREKEY_BATCH } from './constants.js'
import { SessionsDroppedError } from './errors.js'
import type { ProfileStore } from '../store/index.js'

export const MAX_SESSIONS_PER_PEER = 3

/** `u8 count | count × (u32 length | session bytes)`. */
function encodeSessions (sessions: Session[]): Uint8Array {
  const parts = sessions.map((s) => s.serialize())
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + 4 + p.length, 0))
  const view = new DataView(out.buffer)
  out[0] = parts.length
  let at = 1
  for (const p of parts) {
    view.setUint32(at, p.length)
    out.set(p, at + 4)
    at += 4 + p.length
  }
  return out
}

export class SessionStore {
  readonly #store: ProfileStore
  readonly #cache = new Map<string, Session[]>()
  #prekeys: PrekeySecrets | undefined

  constructor (store: ProfileStore) {
    this.#store = store
  }

  /** Our prekey secrets, generated on first use. */
  async prekeys (identity: Identity): Promise<PrekeySecrets> {
    if (this.#prekeys !== undefined) return this.#prekeys
    const stored = await this.#store.kv('sessions').get('prekeys')
    this.#prekeys = stored === undefined ? generatePrekeys(identity, { oneTimeCount: PREKEY_BATCH }) : PrekeySecrets.deserialize(stored)
    if (stored === undefined) await this.savePrekeys()
    return this.#prekeys
  }

  async savePrekeys (): Promise<void> {
    if (this.#prekeys !== undefined) await this.#store.kv('sessions').put('prekeys', this.#prekeys.serialize())
  }

  /** A contact's sessions, newest first. */
  async sessions (peer: string): Promise<Session[]> {
    const cached = this.#cache.get(peer)
    if (cached !== undefined) return cached
    const bytes = await this.#store.kv('sessions').get(`peer:${peer}`)
    const list: Session[] = []
    if (bytes !== undefined) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      let at = 1
      for (let i = 0; i < bytes[0]; i++) {
        const length = view.getUint32(at)
        list.push(Session.deserialize(bytes.subarray(at + 4, at + 4 + length)))
        at += 4 + length
      }
    }
    this.#cache.set(peer, list)
    return list
  }

  /** A contact's sessions if they are loaded (in memory), newest first. */
  loaded (peer: string): Session[] | undefined {
    return this.#cache.get(peer)
  }

  /** Moves (or adds) `session` to the front of a contact's list. */
  async promote (peer: string, session: Session): Promise<void> {
    const list = (await this.sessions(peer)).filter((s) => s !== session)
    list.unshift(session)
    list.length = Math.min(list.length, MAX_SESSIONS_PER_PEER)
    this.#cache.set(peer, list)
  }

  /** Removes one session of a contact (the other side told us it cannot decrypt with it); persist with {@link encoded}. */
  async remove (peer: string, session: Session): Promise<void> {
    this.#cache.set(peer, (await this.sessions(peer)).filter((s) => s !== session))
  }

  /** The key under which a contact's sessions are stored. */
  keyOf (peer: string): string {
    return `peer:${peer}`
  }

  /** The key and bytes that persist a contact's sessions (for a transaction). */
  async encoded (peer: string): Promise<[string, Uint8Array]> {
    return [this.keyOf(peer), encodeSessions(await this.sessions(peer))]
  }

  /**
   * The same, from memory, for a caller that commits right away (in the same synchronous run, so
   * no other step of these sessions can come between). The sessions must be loaded (sessions());
   * SessionsDroppedError when they were dropped meanwhile (forget), rather than persisting none.
   */
  encodedNow (peer: string): [string, Uint8Array] {
    const list = this.#cache.get(peer)
    if (list === undefined) throw new SessionsDroppedError('the sessions were dropped from memory before they were stored')
    return [this.keyOf(peer), encodeSessions(list)]
  }

  /** The key and bytes of our prekey secrets (after a session start used a one-time prekey), if loaded. */
  encodedPrekeys (): [string, Uint8Array] | undefined {
    return this.#prekeys === undefined ? undefined : ['prekeys', this.#prekeys.serialize()]
  }

  /** Drops the cached sessions of a contact (after a failed write, reload from disk). */
  forget (peer: string): void {
    this.#cache.delete(peer)
  }
}
