/**
 * The private half of a peer's prekeys: its signed prekey pair and its
 * one-time prekey pairs. A one-time prekey is removed when a session consumes
 * it (X3DH §3.4), so it is used at most once; the owner persists the secrets
 * after every change.
 *
 * Serialised format, version 1:
 * `u8 version | identityKey 32 | u32 signedPrekeyId | spk public 32 | spk secret 32 | signature 64
 *  | u32 nextOneTimeId | u32 count | count × (u32 id | public 32 | secret 32)`.
 */
import { ByteReader, ByteWriter } from '../bytes.js'
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH, X25519_KEY_LENGTH } from '../constants.js'
import { assertBytes, toHex } from '../encoding.js'
import { InvalidArgumentError, InvalidLengthError } from '../errors.js'
import { assertIdentity, type Identity } from '../identity.js'
import { sign, SIGNATURE_LABELS } from '../signature.js'
import { sodium } from '../sodium.js'
import { MAX_BUNDLE_ONE_TIME_PREKEYS, MAX_ONE_TIME_PREKEYS, MAX_PREKEY_SECRETS_LENGTH, PREKEY_SECRETS_VERSION } from './constants.js'
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

/** A peer's prekey secrets; never shown by toJSON or inspect. */
export class PrekeySecrets {
  readonly identityKey: Uint8Array
  readonly signedPrekeyId: number
  readonly #signedPrekey: KeyPair
  readonly #signature: Uint8Array
  readonly #oneTime: Map<number, KeyPair>
  #nextOneTimeId: number

  /** Low-level: build with {@link generatePrekeys} or {@link PrekeySecrets.deserialize} instead. */
  constructor (identityKey: Uint8Array, signedPrekeyId: number, signedPrekey: KeyPair, signature: Uint8Array, oneTime: Map<number, KeyPair>, nextOneTimeId: number) {
    this.identityKey = identityKey
    this.signedPrekeyId = signedPrekeyId
    this.#signedPrekey = signedPrekey
    this.#signature = signature
    this.#oneTime = oneTime
    this.#nextOneTimeId = nextOneTimeId
  }

  /** How many one-time prekeys are left. */
  get oneTimeCount (): number {
    return this.#oneTime.size
  }

  /** The signed prekey pair (for the X3DH responder). */
  signedPrekeyPair (): KeyPair {
    return this.#signedPrekey
  }

  /** The one-time prekey pair with this id, if still held. */
  oneTimePrekeyPair (id: number): KeyPair | undefined {
    return this.#oneTime.get(id)
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
      this.#oneTime.set(this.#nextOneTimeId, generateKeyPair())
      this.#nextOneTimeId = (this.#nextOneTimeId + 1) >>> 0
    }
  }

  /** The public bundle with up to `oneTimeCount` one-time prekeys (default 1). */
  bundle (oneTimeCount = 1): PrekeyBundle {
    if (!Number.isSafeInteger(oneTimeCount) || oneTimeCount < 0 || oneTimeCount > MAX_BUNDLE_ONE_TIME_PREKEYS) {
      throw new InvalidLengthError(`oneTimeCount must be in 0..${MAX_BUNDLE_ONE_TIME_PREKEYS}`)
    }
    const oneTimePrekeys = [...this.#oneTime].slice(0, oneTimeCount).map(([id, k]) => ({ id, publicKey: k.publicKey }))
    return {
      identityKey: this.identityKey,
      signedPrekeyId: this.signedPrekeyId,
      signedPrekey: this.#signedPrekey.publicKey,
      signedPrekeySignature: this.#signature,
      oneTimePrekeys
    }
  }

  /** Versioned bytes for storage. */
  serialize (): Uint8Array {
    const w = new ByteWriter()
      .u8(PREKEY_SECRETS_VERSION)
      .bytes(this.identityKey)
      .u32(this.signedPrekeyId)
      .bytes(this.#signedPrekey.publicKey)
      .bytes(this.#signedPrekey.secretKey)
      .bytes(this.#signature)
      .u32(this.#nextOneTimeId)
      .u32(this.#oneTime.size)
    for (const [id, k] of this.#oneTime) w.u32(id).bytes(k.publicKey).bytes(k.secretKey)
    return w.finish()
  }

  /** Rebuilds secrets from {@link serialize}'s bytes; InvalidSessionStateError on garbage. */
  static deserialize (bytes: Uint8Array): PrekeySecrets {
    assertBytes(bytes, 'bytes')
    if (bytes.length > MAX_PREKEY_SECRETS_LENGTH) throw new InvalidSessionStateError(`prekey secrets of ${bytes.length} bytes exceed ${MAX_PREKEY_SECRETS_LENGTH}`)
    const r = new ByteReader(bytes, (reason) => new InvalidSessionStateError(`malformed prekey secrets: ${reason}`))
    const version = r.u8()
    if (version !== PREKEY_SECRETS_VERSION) throw new InvalidSessionStateError(`unsupported prekey secrets version ${version}`)
    const identityKey = r.bytes(ED25519_PUBLIC_KEY_LENGTH)
    const signedPrekeyId = r.u32()
    const signedPrekey = { publicKey: r.bytes(X25519_KEY_LENGTH), secretKey: r.bytes(X25519_KEY_LENGTH) }
    const signature = r.bytes(ED25519_SIGNATURE_LENGTH)
    const nextOneTimeId = r.u32()
    const count = r.u32()
    if (count > MAX_ONE_TIME_PREKEYS) throw new InvalidSessionStateError(`${count} one-time prekeys exceed ${MAX_ONE_TIME_PREKEYS}`)
    const oneTime = new Map<number, KeyPair>()
    for (let i = 0; i < count; i++) oneTime.set(r.u32(), { publicKey: r.bytes(X25519_KEY_LENGTH), secretKey: r.bytes(X25519_KEY_LENGTH) })
    r.end()
    return new PrekeySecrets(identityKey, signedPrekeyId, signedPrekey, signature, oneTime, nextOneTimeId)
  }

  toJSON (): { identityKey: string, signedPrekeyId: number, oneTimeCount: number } {
    return { identityKey: toHex(this.identityKey), signedPrekeyId: this.signedPrekeyId, oneTimeCount: this.oneTimeCount }
  }

  [INSPECT] (): string {
    return `PrekeySecrets(${toHex(this.identityKey)}, signedPrekeyId=${this.signedPrekeyId}, oneTime=${this.oneTimeCount})`
  }
}

/** Makes a signed prekey (signed by `identity`) and `oneTimeCount` one-time prekeys. */
export function generatePrekeys (identity: Identity, options: GeneratePrekeysOptions = {}): PrekeySecrets {
  assertIdentity(identity, 'identity')
  const signedPrekeyId = options.signedPrekeyId ?? 1
  if (!Number.isSafeInteger(signedPrekeyId) || signedPrekeyId < 0 || signedPrekeyId > 0xffffffff) {
    throw new InvalidArgumentError('options.signedPrekeyId must be a u32')
  }
  const signedPrekey = generateKeyPair()
  const signature = sign(identity, SIGNATURE_LABELS.signedPrekey, signedPrekeyPayload(signedPrekeyId, signedPrekey.publicKey))
  const secrets = new PrekeySecrets(identity.publicKey.slice(), signedPrekeyId, signedPrekey, signature, new Map(), 1)
  secrets.addOneTimePrekeys(options.oneTimeCount ?? 100)
  return secrets
}
