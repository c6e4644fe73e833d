/**
 * X3DH key agreement (Signal, "The X3DH Key Agreement Protocol", rev 1),
 * with the identity key being the Ed25519 identity converted to X25519
 * (§2.3 allows a single key for signing and DH this way; XEdDSA is not
 * needed because the signature is made with the Ed25519 key itself).
 *
 * SK = HKDF(salt = 32 zero bytes, IKM = 32 × 0xFF || DH1 || DH2 || DH3 [|| DH4],
 *           info = "Parley X3DH v1", 32)                                  (§2.2, §3.3)
 * DH1 = DH(IK_A, SPK_B), DH2 = DH(EK_A, IK_B), DH3 = DH(EK_A, SPK_B), DH4 = DH(EK_A, OPK_B)
 * AD  = IK_A || IK_B (the Ed25519 identity keys)                          (§3.3)
 */
import { concat } from '../encoding.js'
import { InvalidArgumentError } from '../errors.js'
import { constantTimeEqual } from '../hash.js'
import { assertIdentity, x25519PublicKey, x25519SecretKey, type Identity } from '../identity.js'
import { sodium } from '../sodium.js'
import { sendingChain } from './chain-key.js'
import { NO_ONE_TIME_PREKEY, X3DH_INFO } from './constants.js'
import { MalformedMessageError, UnexpectedIdentityError, UnknownPrekeyError } from './errors.js'
import { hkdfSha256 } from './hkdf.js'
import { decodeMessage } from './message.js'
import { verifyPrekeyBundle, type PrekeyBundle } from './prekey-bundle.js'
import { generateKeyPair, PrekeySecrets } from './prekey-secrets.js'
import { kdfRootKey } from './root-key.js'
import { dh, Session } from './session.js'

const F = new Uint8Array(32).fill(0xff)
const ZERO_SALT = new Uint8Array(32)

/** SK from the DH outputs; the outputs and the key material are wiped afterwards (§3.3: delete them). */
function sharedSecret (dhs: Uint8Array[]): Uint8Array {
  const ikm = concat(F, ...dhs)
  const sk = hkdfSha256(ikm, ZERO_SALT, X3DH_INFO, 32).slice()
  const s = sodium()
  s.memzero(ikm)
  for (const d of dhs) s.memzero(d)
  return sk
}

/** The initiator's identity as X25519; a key that is not an Ed25519 point makes the message malformed. */
function initiatorIdentityX25519 (identityKey: Uint8Array): Uint8Array {
  try {
    return x25519PublicKey(identityKey)
  } catch {
    throw new MalformedMessageError('the prekey message\'s identity key is not a valid Ed25519 public key')
  }
}

/**
 * Starts a session as the initiator (Alice, §3.3) from the contact's bundle.
 * The bundle's signature is verified first. Every message the session sends
 * carries the X3DH header until the first reply arrives.
 */
export function initiateSession (identity: Identity, bundle: PrekeyBundle): Session {
  assertIdentity(identity, 'identity')
  verifyPrekeyBundle(bundle)
  const ephemeral = generateKeyPair()
  const oneTime = bundle.oneTimePrekeys[0]
  const remoteX = x25519PublicKey(bundle.identityKey)
  const parts = [
    dh(x25519SecretKey(identity), bundle.signedPrekey),
    dh(ephemeral.secretKey, remoteX),
    dh(ephemeral.secretKey, bundle.signedPrekey)
  ]
  if (oneTime !== undefined) parts.push(dh(ephemeral.secretKey, oneTime.publicKey))
  const sk = sharedSecret(parts)
  sodium().memzero(ephemeral.secretKey)
  // Double Ratchet §3.3 RatchetInitAlice: the responder's signed prekey is its first ratchet key.
  const dhs = generateKeyPair()
  const first = kdfRootKey(sk, dh(dhs.secretKey, bundle.signedPrekey))
  return new Session({
    initiator: true,
    localIdentity: identity.publicKey.slice(),
    remoteIdentity: bundle.identityKey.slice(),
    rootKey: first.rootKey,
    dhs,
    dhr: bundle.signedPrekey.slice(),
    cks: sendingChain(first.chainKey),
    ckr: null,
    ns: 0,
    nr: 0,
    pn: 0,
    baseKey: ephemeral.publicKey,
    pending: { signedPrekeyId: bundle.signedPrekeyId, oneTimePrekeyId: oneTime?.id ?? NO_ONE_TIME_PREKEY },
    previousRemoteKeys: [],
    skipped: new Map()
  })
}

/** What {@link respondToSession} returns. */
export interface ResponderResult {
  session: Session
  plaintext: Uint8Array
  /** The one-time prekey the message used, now removed from the secrets (persist them), or undefined. */
  consumedOneTimePrekeyId: number | undefined
}

/** Options of {@link respondToSession}. */
export interface RespondOptions {
  /**
   * The Ed25519 identity the initiator must have (the authenticated peer the
   * message came from): any other is refused with UnexpectedIdentityError
   * before a prekey is looked at, so a mislabelled message burns none.
   */
  expectedInitiator?: Uint8Array
}

/**
 * Builds the responder's session (Bob, §3.4) from the initiator's first
 * message and decrypts it. The message may use the current signed prekey or
 * the previous one (still held after a rotation). Only when the message
 * authenticates is its one-time prekey removed from `secrets`, so each is
 * consumed once.
 */
export function respondToSession (identity: Identity, secrets: PrekeySecrets, messageBytes: Uint8Array, options: RespondOptions = {}): ResponderResult {
  assertIdentity(identity, 'identity')
  if (!(secrets instanceof PrekeySecrets)) throw new InvalidArgumentError('secrets must be PrekeySecrets')
  if (!constantTimeEqual(secrets.identityKey, identity.publicKey)) throw new InvalidArgumentError('secrets belong to another identity')
  const message = decodeMessage(messageBytes)
  const prekey = message.prekey
  if (prekey === undefined) throw new MalformedMessageError('a session can only be started by a prekey message')
  if (options.expectedInitiator !== undefined && !constantTimeEqual(options.expectedInitiator, prekey.identityKey)) {
    throw new UnexpectedIdentityError()
  }
  const spk = secrets.signedPrekeyPairById(prekey.signedPrekeyId)
  if (spk === undefined) throw new UnknownPrekeyError(`unknown signed prekey ${prekey.signedPrekeyId}`)
  const hasOneTime = prekey.oneTimePrekeyId !== NO_ONE_TIME_PREKEY
  const oneTime = hasOneTime ? secrets.oneTimePrekeyPair(prekey.oneTimePrekeyId) : undefined
  if (hasOneTime && oneTime === undefined) throw new UnknownPrekeyError(`one-time prekey ${prekey.oneTimePrekeyId} is not held (already used?)`)
  const parts = [
    dh(spk.secretKey, initiatorIdentityX25519(prekey.identityKey)),
    dh(x25519SecretKey(identity), prekey.baseKey),
    dh(spk.secretKey, prekey.baseKey)
  ]
  if (oneTime !== undefined) parts.push(dh(oneTime.secretKey, prekey.baseKey))
  // Double Ratchet §3.3 RatchetInitBob.
  const session = new Session({
    initiator: false,
    localIdentity: identity.publicKey.slice(),
    remoteIdentity: prekey.identityKey,
    rootKey: sharedSecret(parts),
    dhs: spk,
    dhr: null,
    cks: null,
    ckr: null,
    ns: 0,
    nr: 0,
    pn: 0,
    baseKey: prekey.baseKey,
    pending: null,
    previousRemoteKeys: [],
    skipped: new Map()
  })
  const plaintext = session.decrypt(messageBytes)
  if (hasOneTime) secrets.consumeOneTimePrekey(prekey.oneTimePrekeyId)
  return { session, plaintext, consumedOneTimePrekeyId: hasOneTime ? prekey.oneTimePrekeyId : undefined }
}

