/** Sizes and defaults of @parley/crypto, named so every check and error can cite them. */

/** Ed25519 public key length (RFC 8032 §5.1.5). */
export const ED25519_PUBLIC_KEY_LENGTH = 32
/** libsodium's Ed25519 secret key: the 32-byte seed followed by the public key. */
export const ED25519_SECRET_KEY_LENGTH = 64
/** Ed25519 seed length (RFC 8032 §5.1.5: the private key proper). */
export const ED25519_SEED_LENGTH = 32
/** Ed25519 signature length (RFC 8032 §5.1.6). */
export const ED25519_SIGNATURE_LENGTH = 64
/** X25519 key length (RFC 7748 §5). */
export const X25519_KEY_LENGTH = 32

/** Signal's default number of SHA-512 iterations for a numeric fingerprint. */
export const SAFETY_NUMBER_ITERATIONS = 5200
/** libsignal refuses iteration counts outside (1, 1_000_000]; so do we. */
export const SAFETY_NUMBER_MAX_ITERATIONS = 1_000_000
/** Digits of a safety number: 30 per side. */
export const SAFETY_NUMBER_DIGITS = 60
/** Version of the scannable (QR) form, as libsignal's CombinedFingerprints.version. */
export const SCANNABLE_VERSION = 1
/** Bytes of each side's fingerprint carried in the scannable form. */
export const SCANNABLE_FINGERPRINT_LENGTH = 32
/** Largest scannable blob we parse. */
export const MAX_SCANNABLE_LENGTH = 128

/** Magic bytes of a sealed identity: "PRLY". */
export const KEY_STORE_MAGIC = Uint8Array.of(0x50, 0x52, 0x4c, 0x59)
/** Current sealed-identity format version. */
export const KEY_STORE_VERSION = 1
/** Argon2id cost defaults: libsodium's MODERATE limits (3 passes, 256 MiB). */
export const KEY_STORE_OPS_LIMIT = 3
export const KEY_STORE_MEM_LIMIT = 256 * 1024 * 1024
/** Bounds on the stored Argon2id costs, so a crafted blob cannot ask for unbounded work. */
export const KEY_STORE_MAX_OPS_LIMIT = 16
export const KEY_STORE_MAX_MEM_LIMIT = 1024 * 1024 * 1024
/** Largest sealed identity we parse. */
export const MAX_SEALED_IDENTITY_LENGTH = 256
