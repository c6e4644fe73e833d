/**
 * @packageDocumentation
 * Parley's cryptography, pure and isomorphic: it depends on libsodium only,
 * does no I/O and no logging. Await {@link ready} once before anything else.
 *
 * - identities (Ed25519; the libp2p PeerId is the same key) and X25519 derivation
 * - domain-separated signatures
 * - safety numbers (Signal's numeric fingerprint) and short fingerprints
 * - a passphrase-sealed key store (Argon2id + XChaCha20-Poly1305)
 * - passphrase-sealed streams (Argon2id + secretstream), for backups
 * - files: per-file keys, chunks sealed with XChaCha20-Poly1305 and a BLAKE2b chunk hash tree
 */
export { ready } from './sodium.js'
export * from './errors.js'
export * from './constants.js'
export { toHex, fromHex, concat } from './encoding.js'
export { blake2b256, sha512, randomBytes, constantTimeEqual } from './hash.js'
export {
  type Identity,
  generateIdentity,
  identityFromSeed,
  identityFromSecretKey,
  identitySeed,
  x25519PublicKey,
  x25519SecretKey,
  libp2pPrivateKeyBytes
} from './identity.js'
export { SIGNATURE_LABELS, type SignatureLabel, sign, verify, isValidSignature } from './signature.js'
export {
  type FingerprintIdentity,
  safetyNumber,
  formatSafetyNumber,
  scannableSafetyNumber,
  compareScannable
} from './safety-number.js'
export { shortFingerprint } from './fingerprint.js'
export * from './sealed-stream.js'
export { type KeyStoreParams, sealIdentity, openIdentity, isSealedIdentity, sealDataKey, openDataKey } from './key-store.js'
export { type RecordBox, createRecordBox, RECORD_BOX_OVERHEAD } from './record-box.js'
export * from './session/index.js'
export * from './room/index.js'
export * from './file/index.js'
