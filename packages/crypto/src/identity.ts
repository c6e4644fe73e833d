import {
  ED25519_PUBLIC_KEY_LENGTH,
  ED25519_SECRET_KEY_LENGTH,
  ED25519_SEED_LENGTH
} from './constants.js'
import { assertLength, toHex } from './encoding.js'
import { InvalidArgumentError, InvalidKeyError } from './errors.js'
import { constantTimeEqual } from './hash.js'
import { sodium } from './sodium.js'

/** An Ed25519 identity key pair. The libp2p PeerId is built from the same key. */
export interface Identity {
  /** 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array
  /** 64-byte libsodium Ed25519 secret key: seed || public key. Never logged or serialised by toJSON. */
  readonly secretKey: Uint8Array
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** The identity's secret stays out of JSON and inspect output. */
class IdentityKeyPair implements Identity {
  readonly publicKey: Uint8Array
  readonly #secretKey: Uint8Array

  constructor (publicKey: Uint8Array, secretKey: Uint8Array) {
    this.publicKey = publicKey
    this.#secretKey = secretKey
  }

  get secretKey (): Uint8Array {
    return this.#secretKey
  }

  toJSON (): { publicKey: string } {
    return { publicKey: toHex(this.publicKey) }
  }

  [INSPECT] (): string {
    return `Identity(${toHex(this.publicKey)})`
  }
}

/** A fresh random identity. */
export function generateIdentity (): Identity {
  const { publicKey, privateKey } = sodium().crypto_sign_keypair()
  return new IdentityKeyPair(publicKey, privateKey)
}

/** The identity whose RFC 8032 private key (seed) is `seed`. */
export function identityFromSeed (seed: Uint8Array): Identity {
  assertLength(seed, ED25519_SEED_LENGTH, 'seed')
  const { publicKey, privateKey } = sodium().crypto_sign_seed_keypair(seed)
  return new IdentityKeyPair(publicKey, privateKey)
}

/** Rebuilds an identity from a 64-byte secret key, checking that its embedded public key matches its seed. */
export function identityFromSecretKey (secretKey: Uint8Array): Identity {
  assertLength(secretKey, ED25519_SECRET_KEY_LENGTH, 'secretKey')
  const identity = identityFromSeed(secretKey.subarray(0, ED25519_SEED_LENGTH))
  if (!constantTimeEqual(identity.publicKey, secretKey.subarray(ED25519_SEED_LENGTH))) {
    throw new InvalidKeyError('secretKey: its public half does not belong to its seed')
  }
  return identity
}

/** The 32-byte seed of an identity (what the key store seals). */
export function identitySeed (identity: Identity): Uint8Array {
  assertIdentity(identity, 'identity')
  return identity.secretKey.slice(0, ED25519_SEED_LENGTH)
}

/** The X25519 public key for key agreement derived from an Ed25519 public key. */
export function x25519PublicKey (ed25519PublicKey: Uint8Array): Uint8Array {
  assertLength(ed25519PublicKey, ED25519_PUBLIC_KEY_LENGTH, 'ed25519PublicKey')
  try {
    return sodium().crypto_sign_ed25519_pk_to_curve25519(ed25519PublicKey)
  } catch {
    throw new InvalidKeyError('ed25519PublicKey is not a valid Ed25519 point')
  }
}

/** The X25519 secret key for key agreement derived from an identity. */
export function x25519SecretKey (identity: Identity): Uint8Array {
  assertIdentity(identity, 'identity')
  return sodium().crypto_sign_ed25519_sk_to_curve25519(identity.secretKey)
}

/**
 * The raw private key bytes `@libp2p/crypto`'s `privateKeyFromRaw` takes for
 * Ed25519: seed || public key, 64 bytes, so the PeerId is this identity.
 */
export function libp2pPrivateKeyBytes (identity: Identity): Uint8Array {
  assertIdentity(identity, 'identity')
  return identity.secretKey.slice()
}

/** Throws unless `value` looks like an Identity. */
export function assertIdentity (value: unknown, name: string): asserts value is Identity {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidArgumentError(`${name} must be an Identity`)
  }
  const { publicKey, secretKey } = value as Partial<Identity>
  assertLength(publicKey, ED25519_PUBLIC_KEY_LENGTH, `${name}.publicKey`)
  assertLength(secretKey, ED25519_SECRET_KEY_LENGTH, `${name}.secretKey`)
}
