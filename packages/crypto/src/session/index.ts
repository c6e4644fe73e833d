/**
 * End-to-end sessions for instant messages: prekey bundles, X3DH session
 * start and the Double Ratchet (XChaCha20-Poly1305 message keys, KDF_RK on
 * HKDF-SHA-256, KDF_CK on HMAC-SHA-512).
 *
 * @packageDocumentation
 */
export * from './constants.js'
export * from './errors.js'
export { type OneTimePrekey, type PrekeyBundle, encodePrekeyBundle, decodePrekeyBundle, verifyPrekeyBundle } from './prekey-bundle.js'
export { type KeyPair, type GeneratePrekeysOptions, type RetiredSignedPrekey, PrekeySecrets, generatePrekeys } from './prekey-secrets.js'
export { initiateSession, respondToSession, type RespondOptions, type ResponderResult } from './x3dh.js'
export { Session } from './session.js'
export { isPrekeyMessage } from './message.js'
