/**
 * A Double Ratchet session (Signal, "The Double Ratchet Algorithm", rev 1).
 *
 * Decryption works on local values and commits them to the state only after
 * the message authenticates (libsignal/vodozemac habit): a forged, tampered
 * or replayed message leaves the session exactly as it was.
 */
import { assertBytes, concat, toHex } from '../encoding.js'
import { InvalidLengthError } from '../errors.js'
import { constantTimeEqual } from '../hash.js'
import { sodium } from '../sodium.js'
import { kdfChainKey, receivingChain, sendingChain, type MessageKey, type ReceivingChainKey } from './chain-key.js'
import { MAX_PLAINTEXT_LENGTH, MAX_SKIP } from './constants.js'
import {
  DuplicateMessageError,
  InvalidSessionStateError,
  MalformedMessageError,
  SessionMismatchError,
  TooManySkippedMessagesError
} from './errors.js'
import { openWithMessageKey, sealWithMessageKey } from './message-key.js'
import { decodeMessage, encodeMessagePrefix, type SessionMessage } from './message.js'
import { generateKeyPair } from './prekey-secrets.js'
import { kdfRootKey } from './root-key.js'
import { addSkipped, decodeState, encodeState, rememberRemoteKey, skippedKeyId, type RatchetState, type SkippedKey } from './state.js'

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** X25519 DH; a low-order or invalid public key is a malformed message. */
export function dh (secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  try {
    return sodium().crypto_scalarmult(secretKey, publicKey)
  } catch {
    throw new MalformedMessageError('ratchet key is not a usable X25519 public key')
  }
}

/**
 * Skips a receiving chain from `from` to `until` (§3.5 SkipMessageKeys),
 * without touching the state. Each kept message key is copied out of the
 * KDF output it shares with the next chain key, so holding a skipped key in
 * memory does not hold a chain key too.
 */
function skipKeys (chainKey: ReceivingChainKey, ratchetKey: Uint8Array, from: number, until: number, maxSkip: number): { chainKey: ReceivingChainKey, skipped: SkippedKey[] } {
  if (until - from > maxSkip) throw new TooManySkippedMessagesError(until - from, maxSkip)
  const skipped: SkippedKey[] = []
  let ck = chainKey
  for (let n = from; n < until; n++) {
    const step = kdfChainKey(ck)
    skipped.push({ ratchetKey, messageNumber: n, messageKey: step.messageKey.slice() as MessageKey })
    ck = step.chainKey
  }
  return { chainKey: ck, skipped }
}

/** Options of {@link Session.decrypt}. */
export interface DecryptOptions {
  /** Most message keys this message may skip in one chain (at most MAX_SKIP, the default). */
  maxSkip?: number
}

/** One end of an end-to-end session. Build with initiateSession / respondToSession or {@link Session.deserialize}. */
export class Session {
  readonly #state: RatchetState
  readonly #ad: Uint8Array

  constructor (state: RatchetState) {
    this.#state = state
    // X3DH §3.3: AD = initiator's identity key || responder's.
    this.#ad = state.initiator ? concat(state.localIdentity, state.remoteIdentity) : concat(state.remoteIdentity, state.localIdentity)
  }

  /** The contact's Ed25519 identity key. */
  get remoteIdentityKey (): Uint8Array {
    return this.#state.remoteIdentity
  }

  /** The X3DH ephemeral key that started this session (tells sessions apart). */
  get baseKey (): Uint8Array {
    return this.#state.baseKey
  }

  /** True while our messages still carry the X3DH header (no reply received yet). */
  get awaitingReply (): boolean {
    return this.#state.pending !== null
  }

  /**
   * RatchetEncrypt (§3.4). A plaintext too large for a message the peer
   * would accept (over MAX_PLAINTEXT_LENGTH) is refused before the state moves.
   */
  encrypt (plaintext: Uint8Array): Uint8Array {
    assertBytes(plaintext, 'plaintext')
    if (plaintext.length > MAX_PLAINTEXT_LENGTH) {
      throw new InvalidLengthError(`plaintext must be at most ${MAX_PLAINTEXT_LENGTH} bytes, got ${plaintext.length}`)
    }
    const s = this.#state
    if (s.cks === null) throw new InvalidSessionStateError('this session cannot send before it has received a message')
    const step = kdfChainKey(s.cks)
    const header = { ratchetKey: s.dhs.publicKey, previousChainLength: s.pn, messageNumber: s.ns }
    const prekey = s.pending === null ? undefined : { identityKey: s.localIdentity, baseKey: s.baseKey, ...s.pending }
    const prefix = encodeMessagePrefix(header, prekey)
    const ciphertext = sealWithMessageKey(step.messageKey, plaintext, concat(this.#ad, prefix))
    s.cks = step.chainKey
    s.ns += 1
    return concat(prefix, ciphertext)
  }

  /**
   * RatchetDecrypt (§3.5), committing state only when the message authenticates.
   * Skipping is paid before authentication (each skipped key is a KDF step), so a
   * caller that expects few messages from this peer (a stranger's message request)
   * passes a smaller `maxSkip` than MAX_SKIP to bound what a forged header costs.
   */
  decrypt (bytes: Uint8Array, options: DecryptOptions = {}): Uint8Array {
    const maxSkip = Math.min(options.maxSkip ?? MAX_SKIP, MAX_SKIP)
    const message = decodeMessage(bytes)
    this.#checkPrekeyHeader(message)
    const ad = concat(this.#ad, message.authenticated)
    const { header } = message
    // Most messages arrive in order with nothing skipped: only then is the hex key worth building.
    const id = this.#state.skipped.size > 0 ? skippedKeyId(header.ratchetKey, header.messageNumber) : ''
    const skippedKey = id === '' ? undefined : this.#state.skipped.get(id)
    if (skippedKey !== undefined) {
      const plaintext = openWithMessageKey(skippedKey.messageKey, message.ciphertext, ad)
      this.#state.skipped.delete(id)
      this.#state.pending = null
      return plaintext
    }
    const s = this.#state
    if (s.dhr !== null && constantTimeEqual(header.ratchetKey, s.dhr)) {
      if (header.messageNumber < s.nr || s.ckr === null) throw new DuplicateMessageError()
      return this.#decryptInCurrentChain(message, ad, s.ckr, maxSkip)
    }
    if (s.previousRemoteKeys.includes(toHex(header.ratchetKey))) throw new DuplicateMessageError()
    return this.#decryptWithRatchetStep(message, ad, maxSkip)
  }

  /** A prekey message must be one of this session's own: same initiator and base key. */
  #checkPrekeyHeader (message: SessionMessage): void {
    if (message.prekey === undefined) return
    const s = this.#state
    if (s.initiator || !constantTimeEqual(message.prekey.baseKey, s.baseKey) ||
      !constantTimeEqual(message.prekey.identityKey, s.remoteIdentity)) {
      throw new SessionMismatchError()
    }
  }

  /** §3.5 when the ratchet key is the current one: no DH, only symmetric steps. */
  #decryptInCurrentChain (message: SessionMessage, ad: Uint8Array, ckr: ReceivingChainKey, maxSkip: number): Uint8Array {
    const s = this.#state
    const { header } = message
    const skip = skipKeys(ckr, header.ratchetKey, s.nr, header.messageNumber, maxSkip)
    const step = kdfChainKey(skip.chainKey)
    const plaintext = openWithMessageKey(step.messageKey, message.ciphertext, ad)
    s.ckr = step.chainKey
    s.nr = header.messageNumber + 1
    s.pending = null
    addSkipped(s, skip.skipped)
    return plaintext
  }

  /** §3.5 DHRatchet, computed on locals and committed after authentication. */
  #decryptWithRatchetStep (message: SessionMessage, ad: Uint8Array, maxSkip: number): Uint8Array {
    const s = this.#state
    const { header } = message
    const oldChain = s.ckr !== null && s.dhr !== null
      ? skipKeys(s.ckr, s.dhr, s.nr, header.previousChainLength, maxSkip).skipped
      : []
    const receiving = kdfRootKey(s.rootKey, dh(s.dhs.secretKey, header.ratchetKey))
    const newDhs = generateKeyPair()
    const sending = kdfRootKey(receiving.rootKey, dh(newDhs.secretKey, header.ratchetKey))
    const skip = skipKeys(receivingChain(receiving.chainKey), header.ratchetKey, 0, header.messageNumber, maxSkip)
    const step = kdfChainKey(skip.chainKey)
    const plaintext = openWithMessageKey(step.messageKey, message.ciphertext, ad)
    if (s.dhr !== null) rememberRemoteKey(s, s.dhr)
    s.pn = s.ns
    s.ns = 0
    s.nr = header.messageNumber + 1
    s.dhr = header.ratchetKey
    s.dhs = newDhs
    s.rootKey = sending.rootKey
    s.cks = sendingChain(sending.chainKey)
    s.ckr = step.chainKey
    s.pending = null
    addSkipped(s, [...oldChain, ...skip.skipped])
    return plaintext
  }

  /** Versioned bytes of the whole state, to persist after every step. */
  serialize (): Uint8Array {
    return encodeState(this.#state)
  }

  /** Restores a session from {@link serialize}'s bytes; InvalidSessionStateError on garbage. */
  static deserialize (bytes: Uint8Array): Session {
    return new Session(decodeState(bytes))
  }

  /** Public facts only: never keys. */
  toJSON (): { remoteIdentityKey: string, sent: number, received: number, skippedKeys: number } {
    const s = this.#state
    return { remoteIdentityKey: toHex(s.remoteIdentity), sent: s.ns, received: s.nr, skippedKeys: s.skipped.size }
  }

  [INSPECT] (): string {
    return `Session(${toHex(this.#state.remoteIdentity)})`
  }
}
