/**
 * @packageDocumentation
 * Parley's cryptography, pure and isomorphic: it depends on libsodium only,
 * does no I/O and no logging. Await {@link ready} once before anything else.
 */
export { ready } from './sodium.js'
export * from './errors.js'
