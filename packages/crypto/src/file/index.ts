/** Files: per-file keys, sealed chunks and the chunk hash tree (see chunk.ts and tree.ts). */
export * from './constants.js'
export * from './errors.js'
export { type FileSecret, newFileSecret, chunkCount, chunkPlainLength, chunkSealedLength, sealChunk, openChunk, openChunkParts } from './chunk.js'
export { type ChunkTree, type ChunkBytes, leafHash, chunkTree, verifyChunk } from './tree.js'
export { type ChaCha20Poly1305, useNativeChaCha20Poly1305 } from './chunk-cipher.js'
