/** Sizes of file chunking (chunk.ts) and the chunk hash tree (tree.ts). */

/** Plaintext bytes per chunk (the last chunk may be shorter; an empty file is one empty chunk). */
export const FILE_CHUNK_BYTES = 256 * 1024
/** File key length (XChaCha20-Poly1305). */
export const FILE_KEY_LENGTH = 32
/** Length of the random per-file nonce that, with the chunk index, makes each chunk's AEAD nonce. */
export const FILE_NONCE_LENGTH = 16
/** Poly1305 tag added to each chunk. */
export const FILE_CHUNK_OVERHEAD = 16
/** Length of a tree hash (BLAKE2b-256) and so of a root and of each proof step. */
export const TREE_HASH_LENGTH = 32
/** Most chunks a file may have: 2^24 chunks of 256 KiB is 4 TiB, far beyond any limit a peer sets. */
export const MAX_FILE_CHUNKS = 2 ** 24
/** Most steps in a proof: ceil(log2(MAX_FILE_CHUNKS)). */
export const MAX_PROOF_STEPS = 24
