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

/** BLAKE2b-256 output length: message ids and short fingerprints. */
export const BLAKE2B_256_LENGTH = 32
/** Key lengths libsodium's crypto_generichash accepts (RFC 7693 allows 1..64; libsodium requires 16..64). */
export const BLAKE2B_KEY_MIN_LENGTH = 16
export const BLAKE2B_KEY_MAX_LENGTH = 64

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

/** Magic bytes of a sealed identity, as ASCII. */
export const KEY_STORE_MAGIC = 'PRLY'
/** Magic bytes of a sealed profile data key, as ASCII. */
export const DATA_KEY_STORE_MAGIC = 'PRLK'
/** Length of a profile's data key (XChaCha20-Poly1305 and BLAKE2b keys derive from it). */
export const DATA_KEY_LENGTH = 32
/** Current sealed-identity format version. */
export const KEY_STORE_VERSION = 1
/**
 * Default Argon2id passes: libsodium's crypto_pwhash_OPSLIMIT_MODERATE. With
 * {@link KEY_STORE_MEM_LIMIT} this takes about 1–2 s in libsodium's
 * WebAssembly build, acceptable since an identity is opened once per start.
 */
export const KEY_STORE_OPS_LIMIT = 3
/** Default Argon2id memory in bytes: libsodium's crypto_pwhash_MEMLIMIT_MODERATE (256 MiB). */
export const KEY_STORE_MEM_LIMIT = 256 * 1024 * 1024
/** Most Argon2id passes a sealed identity may ask for, so a crafted blob cannot demand unbounded work. */
export const KEY_STORE_MAX_OPS_LIMIT = 16
/** Most Argon2id memory a sealed identity may ask for: libsodium's MEMLIMIT_SENSITIVE (1 GiB). */
export const KEY_STORE_MAX_MEM_LIMIT = 1024 * 1024 * 1024
/** Largest sealed identity we parse. */
export const MAX_SEALED_IDENTITY_LENGTH = 256
