/** Typed errors of file chunking and the chunk hash tree. Tell them apart by `err.name`. */

/** A chunk does not open under the file key at the index and count given: tampered, misplaced or from another file. */
export class ChunkAuthenticationError extends Error {
  static override name = 'ChunkAuthenticationError'
  constructor (message = 'chunk does not authenticate') {
    super(message)
    this.name = ChunkAuthenticationError.name
  }
}

/** A chunk's proof does not lead from its hash to the file's root: a wrong chunk, index, proof or root. */
export class InvalidChunkProofError extends Error {
  static override name = 'InvalidChunkProofError'
  constructor (message = 'chunk does not verify against the root') {
    super(message)
    this.name = InvalidChunkProofError.name
  }
}
