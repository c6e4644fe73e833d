/**
 * The private half of a peer's prekeys: its signed prekey pair (and the one
 * it replaced, kept for a grace period) and its one-time prekey pairs.
 *
 * A one-time prekey is handed out in at most one bundle ({@link PrekeySecrets.handOut}:
 * the owner persists the secrets before sending the bundle), and removed when a
 * session consumes it (X3DH §3.4), so it is used at most once. When none is
 * left unhanded, the bundle carries the signed prekey alone (X3DH §3.3 allows
 * a session without a one-time prekey). The signed prekey is replaced on a
 * schedule the owner keeps ({@link PrekeySecrets.rotateSignedPrekey}); the
 * previous one keeps starting sessions from bundles fetched before, until the
 * owner drops it ({@link PrekeySecrets.dropPreviousSignedPrekey}).
 *
 * Serialised format, version 2 (version 1, without the times, the previous
 * key and the handed-out flags, is still read):
 * `u8 version | identityKey 32 | u32 signedPrekeyId | spk public 32 | spk secret 32 | signature 64
 *  | u64 signedAt | u8 hasPrevious | [u32 id | public 32 | secret 32 | u64 retiredAt]
 *  | u32 nextOneTimeId | u32 count | count × (u32 id | u8 handedOut | public 32 | secret 32)`.
 * u64 values are two big-endian u32 (high, low) of milliseconds since the epoch.
 */
import { ByteReader, ByteWriter } from '../bytes.js'
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH, X25519_KEY_LENGTH } from '../constants.js'
import { assertBytes, toHex } from '../encoding.js'
import { constantTimeEqual } from '../hash.js'
import { InvalidArgumentError, InvalidLengthError } from '../errors.js'
import { assertIdentity, type Identity } from '../identity.js'
import { sign, SIGNATURE_LABELS } from '../signature.js'
import { sodium } from '../sodium.js'
import { MAX_BUNDLE_ONE_TIME_PREKEYS, MAX_ONE_TIME_PREKEYS, MAX_PREKEY_SECRETS_LENGTH, NO_ONE_TIME_PREKEY, PREKEY_SECRETS_VERSION } from './constants.js'
import { InvalidSessionStateError } from './errors.js'
import { signedPrekeyPayload, type PrekeyBundle } from './prekey-bundle.js'

/** An X25519 key pair. */
export interface KeyPair {
  publicKey: Uint8Array
  secretKey: Uint8Array
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** A fresh X25519 key pair. */
export function generateKeyPair (): KeyPair {
  const { publicKey, privateKey } = sodium().crypto_box_keypair()
  return { publicKey, secretKey: privateKey }
}

/** Options of {@link generatePrekeys}. */
export interface GeneratePrekeysOptions {
  /** Id of the signed prekey (default 1). */
  signedPrekeyId?: number
  /** How many one-time prekeys to make (default 100). */
  oneTimeCount?: number
}

/** A signed prekey pair that was replaced, still accepted until `retiredAt` + the owner's grace period. */
export interface RetiredSignedPrekey {
  id: number
  pair: KeyPair
  retiredAt: number
}

interface OneTime {
  pair: KeyPair
  /** Already sent in a bundle: never sent in another. */
  handedOut: boolean
}

const TWO_32 = 2 ** 32
const u64 = (w: ByteWriter, ms: number): ByteWriter => w.u32(Math.floor(ms / TWO_32)).u32(ms % TWO_32)
const readU64 = (r: ByteReader): number => r.u32() * TWO_32 + r.u32()

/** The signed prekey: its id, pair, signature and when it was made. */
interface SignedPrekey {
  id: number
  pair: KeyPair
  signature: Uint8Array
  signedAt: number
}

/** A peer's prekey secrets; never shown by toJSON or inspect. */
export class PrekeySecrets {
  readonly identityKey: Uint8Array
  #signed: SignedPrekey
  #previous: RetiredSignedPrekey | undefined
  readonly #oneTime: Map<number, OneTime>
  #nextOneTimeId: number

  /** Low-level: build with {@link generatePrekeys} or {@link PrekeySecrets.deserialize} instead. */
  constructor (identityKey: Uint8Array, signed: SignedPrekey, previous: RetiredSignedPrekey | undefined, oneTime: Map<number, OneTime>, nextOneTimeId: number) {
    this.identityKey = identityKey
    this.#signed = signed
    this.#previous = previous
    this.#oneTime = oneTime
    this.#nextOneTimeId = nextOneTimeId
  }

  /** Id of the current signed prekey. */
  get signedPrekeyId (): number {
    return this.#signed.id
  }

  /** When the current signed prekey was made (ms since the epoch; 0 when unknown). */
  get signedAt (): number {
    return this.#signed.signedAt
  }

  /** The replaced signed prekey still accepted, if any (its id and when it was replaced). */
  get previousSignedPrekey (): { id: number, retiredAt: number } | undefined {
    return this.#previous === undefined ? undefined : { id: this.#previous.id, retiredAt: this.#previous.retiredAt }
  }

  /** How many one-time prekeys are held (handed out or not). */
  get oneTimeCount (): number {
    return this.#oneTime.size
  }

  /** How many one-time prekeys were never handed out. */
  get unusedOneTimeCount (): number {
    let n = 0
    for (const k of this.#oneTime.values()) if (!k.handedOut) n++
    return n
  }

  /** The current signed prekey pair. */
  signedPrekeyPair (): KeyPair {
    return this.#signed.pair
  }

  /** The signed prekey pair with this id: the current one or the previous one; undefined otherwise. */
  signedPrekeyPairById (id: number): KeyPair | undefined {
    if (id === this.#signed.id) return this.#signed.pair
    return id === this.#previous?.id ? this.#previous.pair : undefined
  }

  /** The one-time prekey pair with this id, if still held. */
  oneTimePrekeyPair (id: number): KeyPair | undefined {
    return this.#oneTime.get(id)?.pair
  }

  /** Removes a consumed one-time prekey; it can never be used again. */
  consumeOneTimePrekey (id: number): void {
    this.#oneTime.delete(id)
  }

  /** Adds `count` fresh one-time prekeys (up to MAX_ONE_TIME_PREKEYS in all). */
  addOneTimePrekeys (count: number): void {
    if (!Number.isSafeInteger(count) || count < 0 || this.#oneTime.size + count > MAX_ONE_TIME_PREKEYS) {
      throw new InvalidLengthError(`count must keep one-time prekeys within ${MAX_ONE_TIME_PREKEYS}, got ${count}`)
    }
    for (let i = 0; i < count; i++) {
      this.#oneTime.set(this.#nextOneTimeId, { pair: generateKeyPair(), handedOut: false })
      this.#nextOneTimeId = (this.#nextOneTimeId + 1) % NO_ONE_TIME_PREKEY
    }
  }

  /**
   * Adds `count` fresh one-time prekeys, first forgetting the oldest handed-out
   * ones that were never used when the total would pass MAX_ONE_TIME_PREKEYS
   * (an initiator still holding one of those is told to start again).
   */
  refill (count: number): void {
    if (!Number.isSafeInteger(count) || count < 0 || count > MAX_ONE_TIME_PREKEYS) throw new InvalidLengthError(`count must be in 0..${MAX_ONE_TIME_PREKEYS}, got ${count}`)
    for (const [id, k] of this.#oneTime) {
      if (this.#oneTime.size + count <= MAX_ONE_TIME_PREKEYS) break
      if (k.handedOut) this.#oneTime.delete(id)
    }
    this.addOneTimePrekeys(Math.min(count, MAX_ONE_TIME_PREKEYS - this.#oneTime.size))
  }

  /**
   * A bundle with the oldest one-time prekey never handed out, which is marked
   * handed out (persist the secrets before sending the bundle); the signed
   * prekey alone when none is left.
   */
  handOut (): PrekeyBundle {
    const bundle = this.bundle(0)
    for (const [id, k] of this.#oneTime) {
      if (k.handedOut) continue
      k.handedOut = true
      bundle.oneTimePrekeys.push({ id, publicKey: k.pair.publicKey })
      break
    }
    return bundle
  }

  /** The public bundle with up to `oneTimeCount` one-time prekeys (default 1), none marked handed out. */
  bundle (oneTimeCount = 1): PrekeyBundle {
    if (!Number.isSafeInteger(oneTimeCount) || oneTimeCount < 0 || oneTimeCount > MAX_BUNDLE_ONE_TIME_PREKEYS) {
      throw new InvalidLengthError(`oneTimeCount must be in 0..${MAX_BUNDLE_ONE_TIME_PREKEYS}`)
    }
    const oneTimePrekeys = [...this.#oneTime].slice(0, oneTimeCount).map(([id, k]) => ({ id, publicKey: k.pair.publicKey }))
    return {
      identityKey: this.identityKey,
      signedPrekeyId: this.#signed.id,
      signedPrekey: this.#signed.pair.publicKey,
      signedPrekeySignature: this.#signed.signature,
      oneTimePrekeys
    }
  }

  /**
   * Replaces the signed prekey with a fresh one (the next id), signed by
   * `identity`; the replaced one becomes the previous signed prekey (one
   * previous at most: an older one is forgotten).
   */
  rotateSignedPrekey (identity: Identity, now = Date.now()): void {
    assertIdentity(identity, 'identity')
    if (!constantTimeEqual(identity.publicKey, this.identityKey)) throw new InvalidArgumentError('identity does not own these prekeys')
    this.#previous = { id: this.#signed.id, pair: this.#signed.pair, retiredAt: now }
    this.#signed = makeSignedPrekey(identity, (this.#signed.id + 1) >>> 0, now)
  }

  /** Forgets the previous signed prekey if it was replaced at or before `retiredBefore`; true when it did. */
  dropPreviousSignedPrekey (retiredBefore: number): boolean {
    if (this.#previous === undefined || this.#previous.retiredAt > retiredBefore) return false
    this.#previous = undefined
    return true
  }

  /** Versioned bytes for storage. */
  serialize (): Uint8Array {
    const w = new ByteWriter()
      .u8(PREKEY_SECRETS_VERSION)
      .bytes(this.identityKey)
      .u32(this.#signed.id)
      .bytes(this.#signed.pair.publicKey)
      .bytes(this.#signed.pair.secretKey)
      .bytes(this.#signed.signature)
    u64(w, this.#signed.signedAt).u8(this.#previous === undefined ? 0 : 1)
    if (this.#previous !== undefined) u64(w.u32(this.#previous.id).bytes(this.#previous.pair.publicKey).bytes(this.#previous.pair.secretKey), this.#previous.retiredAt)
    w.u32(this.#nextOneTimeId).u32(this.#oneTime.size)
    for (const [id, k] of this.#oneTime) w.u32(id).u8(k.handedOut ? 1 : 0).bytes(k.pair.publicKey).bytes(k.pair.secretKey)
    return w.finish()
  }

  /** Rebuilds secrets from {@link serialize}'s bytes (versions 1 and 2); InvalidSessionStateError on garbage. */
  static deserialize (bytes: Uint8Array): PrekeySecrets {
    assertBytes(bytes, 'bytes')
    if (bytes.length > MAX_PREKEY_SECRETS_LENGTH) throw new InvalidSessionStateError(`prekey secrets of ${bytes.length} bytes exceed ${MAX_PREKEY_SECRETS_LENGTH}`)
    const r = new ByteReader(bytes, (reason) => new InvalidSessionStateError(`malformed prekey secrets: ${reason}`))
    const version = r.u8()
    if (version !== PREKEY_SECRETS_VERSION && version !== 1) throw new InvalidSessionStateError(`unsupported prekey secrets version ${version}`)
    const identityKey = r.bytes(ED25519_PUBLIC_KEY_LENGTH)
    const id = r.u32()
    const pair = { publicKey: r.bytes(X25519_KEY_LENGTH), secretKey: r.bytes(X25519_KEY_LENGTH) }
    const signed: SignedPrekey = { id, pair, signature: r.bytes(ED25519_SIGNATURE_LENGTH), signedAt: version === 1 ? 0 : readU64(r) }
    let previous: RetiredSignedPrekey | undefined
    if (version !== 1 && r.u8() === 1) {
      previous = { id: r.u32(), pair: { publicKey: r.bytes(X25519_KEY_LENGTH), secretKey: r.bytes(X25519_KEY_LENGTH) }, retiredAt: 0 }
      previous.retiredAt = readU64(r)
    }
    const nextOneTimeId = r.u32()
    const count = r.u32()
    if (count > MAX_ONE_TIME_PREKEYS) throw new InvalidSessionStateError(`${count} one-time prekeys exceed ${MAX_ONE_TIME_PREKEYS}`)
    const oneTime = new Map<number, OneTime>()
    for (let i = 0; i < count; i++) {
      const keyId = r.u32()
      const handedOut = version === 1 ? false : r.u8() === 1
      oneTime.set(keyId, { handedOut, pair: { publicKey: r.bytes(X25519_KEY_LENGTH), secretKey: r.bytes(X25519_KEY_LENGTH) } })
    }
    r.end()
    return new PrekeySecrets(identityKey, signed, previous, oneTime, nextOneTimeId)
  }

  toJSON (): { identityKey: string, signedPrekeyId: number, oneTimeCount: number } {
    return { identityKey: toHex(this.identityKey), signedPrekeyId: this.signedPrekeyId, oneTimeCount: this.oneTimeCount }
  }

  [INSPECT] (): string {
    return `PrekeySecrets(${toHex(this.identityKey)}, signedPrekeyId=${this.signedPrekeyId}, oneTime=${this.oneTimeCount})`
  }
}

/** A fresh signed prekey pair with id `id`, signed by `identity`. */
function makeSignedPrekey (identity: Identity, id: number, now: number): SignedPrekey {
  const pair = generateKeyPair()
  return { id, pair, signature: sign(identity, SIGNATURE_LABELS.signedPrekey, signedPrekeyPayload(id, pair.publicKey)), signedAt: now }
}

/** Makes a signed prekey (signed by `identity`) and `oneTimeCount` one-time prekeys. */
export function generatePrekeys (identity: Identity, options: GeneratePrekeysOptions = {}): PrekeySecrets {
  assertIdentity(identity, 'identity')
  const signedPrekeyId = options.signedPrekeyId ?? 1
  if (!Number.isSafeInteger(signedPrekeyId) || signedPrekeyId < 0 || signedPrekeyId > 0xffffffff) {
    throw new InvalidArgumentError('options.signedPrekeyId must be a u32')
  }
  const secrets = new PrekeySecrets(identity.publicKey.slice(), makeSignedPrekey(identity, signedPrekeyId, Date.now()), undefined, new Map(), 1)
  secrets.addOneTimePrekeys(options.oneTimeCount ?? 100)
  return secrets
}
