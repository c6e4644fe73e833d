/**
 * Double Ratchet state (rev 1 §3.2) and its versioned serialisation.
 *
 * Format, version 1 (big-endian):
 * ```
 * u8 version | u8 flags (1 dhr, 2 cks, 4 ckr, 8 pending prekey header, 16 initiator)
 * localIdentity 32 | remoteIdentity 32 | rootKey 32 | dhs public 32 | dhs secret 32 | baseKey 32
 * [dhr 32] [cks 32] [ckr 32] | u32 ns | u32 nr | u32 pn
 * [pending: u32 signedPrekeyId | u32 oneTimePrekeyId]
 * u16 n × previous remote ratchet key 32
 * u32 n × (ratchet key 32 | u32 message number | message key 32)
 * ```
 */
import { ByteReader, ByteWriter } from '../bytes.js'
import { assertBytes, fromHex, toHex } from '../encoding.js'
import { messageKey, receivingChain, sendingChain, type MessageKey, type ReceivingChainKey, type SendingChainKey } from './chain-key.js'
import { MAX_PREVIOUS_RATCHET_KEYS, MAX_SESSION_STATE_LENGTH, MAX_SKIPPED_KEYS_TOTAL, SESSION_STATE_VERSION } from './constants.js'
import { InvalidSessionStateError } from './errors.js'
import type { KeyPair } from './prekey-secrets.js'

/** A skipped message key (§3.2 MKSKIPPED entry). */
export interface SkippedKey {
  ratchetKey: Uint8Array
  messageNumber: number
  messageKey: MessageKey
}

/** The whole state of one session. */
export interface RatchetState {
  initiator: boolean
  localIdentity: Uint8Array
  remoteIdentity: Uint8Array
  rootKey: Uint8Array
  dhs: KeyPair
  dhr: Uint8Array | null
  cks: SendingChainKey | null
  ckr: ReceivingChainKey | null
  ns: number
  nr: number
  pn: number
  /** The X3DH ephemeral key that started this session. */
  baseKey: Uint8Array
  /** Set on the initiator until the first reply: its messages carry the X3DH header. */
  pending: { signedPrekeyId: number, oneTimePrekeyId: number } | null
  /** Remote ratchet keys of finished receiving chains (hex), newest last. */
  previousRemoteKeys: string[]
  /** Skipped keys by `skippedKeyId`, oldest first (Map keeps insertion order). */
  skipped: Map<string, SkippedKey>
}

/** The map key of a skipped message key. */
export function skippedKeyId (ratchetKey: Uint8Array, messageNumber: number): string {
  return `${toHex(ratchetKey)}:${messageNumber}`
}

/** Adds skipped keys, evicting the oldest beyond MAX_SKIPPED_KEYS_TOTAL. */
export function addSkipped (state: RatchetState, keys: SkippedKey[]): void {
  for (const k of keys) state.skipped.set(skippedKeyId(k.ratchetKey, k.messageNumber), k)
  for (const id of state.skipped.keys()) {
    if (state.skipped.size <= MAX_SKIPPED_KEYS_TOTAL) break
    state.skipped.delete(id)
  }
}

/** Remembers a finished remote chain's key, bounded by MAX_PREVIOUS_RATCHET_KEYS. */
export function rememberRemoteKey (state: RatchetState, key: Uint8Array): void {
  state.previousRemoteKeys.push(toHex(key))
  if (state.previousRemoteKeys.length > MAX_PREVIOUS_RATCHET_KEYS) state.previousRemoteKeys.shift()
}

/** Serialises a state (see the format above). */
export function encodeState (s: RatchetState): Uint8Array {
  const flags = (s.dhr !== null ? 1 : 0) | (s.cks !== null ? 2 : 0) | (s.ckr !== null ? 4 : 0) |
    (s.pending !== null ? 8 : 0) | (s.initiator ? 16 : 0)
  const w = new ByteWriter().u8(SESSION_STATE_VERSION).u8(flags)
    .bytes(s.localIdentity).bytes(s.remoteIdentity).bytes(s.rootKey)
    .bytes(s.dhs.publicKey).bytes(s.dhs.secretKey).bytes(s.baseKey)
  if (s.dhr !== null) w.bytes(s.dhr)
  if (s.cks !== null) w.bytes(s.cks)
  if (s.ckr !== null) w.bytes(s.ckr)
  w.u32(s.ns).u32(s.nr).u32(s.pn)
  if (s.pending !== null) w.u32(s.pending.signedPrekeyId).u32(s.pending.oneTimePrekeyId)
  w.u16(s.previousRemoteKeys.length)
  for (const hex of s.previousRemoteKeys) w.bytes(fromHex(hex))
  w.u32(s.skipped.size)
  for (const k of s.skipped.values()) w.bytes(k.ratchetKey).u32(k.messageNumber).bytes(k.messageKey)
  return w.finish()
}

/** Parses {@link encodeState}'s bytes; InvalidSessionStateError on garbage. */
export function decodeState (bytes: Uint8Array): RatchetState {
  assertBytes(bytes, 'bytes')
  if (bytes.length > MAX_SESSION_STATE_LENGTH) throw new InvalidSessionStateError(`session state of ${bytes.length} bytes exceeds ${MAX_SESSION_STATE_LENGTH}`)
  const r = new ByteReader(bytes, (reason) => new InvalidSessionStateError(`malformed session state: ${reason}`))
  const version = r.u8()
  if (version !== SESSION_STATE_VERSION) throw new InvalidSessionStateError(`unsupported session state version ${version}`)
  const flags = r.u8()
  if (flags > 31) throw new InvalidSessionStateError(`unknown session state flags ${flags}`)
  const s: RatchetState = {
    initiator: (flags & 16) !== 0,
    localIdentity: r.bytes(32),
    remoteIdentity: r.bytes(32),
    rootKey: r.bytes(32),
    dhs: { publicKey: r.bytes(32), secretKey: r.bytes(32) },
    baseKey: r.bytes(32),
    dhr: (flags & 1) !== 0 ? r.bytes(32) : null,
    cks: (flags & 2) !== 0 ? sendingChain(r.bytes(32)) : null,
    ckr: (flags & 4) !== 0 ? receivingChain(r.bytes(32)) : null,
    ns: r.u32(),
    nr: r.u32(),
    pn: r.u32(),
    pending: null,
    previousRemoteKeys: [],
    skipped: new Map()
  }
  if ((flags & 8) !== 0) s.pending = { signedPrekeyId: r.u32(), oneTimePrekeyId: r.u32() }
  const previous = r.u16()
  if (previous > MAX_PREVIOUS_RATCHET_KEYS) throw new InvalidSessionStateError(`${previous} previous ratchet keys exceed ${MAX_PREVIOUS_RATCHET_KEYS}`)
  for (let i = 0; i < previous; i++) s.previousRemoteKeys.push(toHex(r.bytes(32)))
  const skipped = r.u32()
  if (skipped > MAX_SKIPPED_KEYS_TOTAL) throw new InvalidSessionStateError(`${skipped} skipped keys exceed ${MAX_SKIPPED_KEYS_TOTAL}`)
  const keys: SkippedKey[] = []
  for (let i = 0; i < skipped; i++) keys.push({ ratchetKey: r.bytes(32), messageNumber: r.u32(), messageKey: messageKey(r.bytes(32)) })
  r.end()
  addSkipped(s, keys)
  return s
}

