/**
 * The one module that imports libsodium. Everything else in @parley/crypto
 * goes through {@link ready} and {@link sodium}, so initialisation happens in
 * exactly one place and a call made before it fails with a typed error rather
 * than a libsodium crash.
 */
import libsodium from 'libsodium-wrappers-sumo'
import { NotReadyError } from './errors.js'

let initialised = false

/**
 * Initialises libsodium. Await it once before using any other function of
 * this package; awaiting it again is cheap.
 */
export async function ready (): Promise<void> {
  if (!initialised) {
    await libsodium.ready
    initialised = true
  }
}

/** The libsodium API, available after {@link ready} resolved. */
export function sodium (): typeof libsodium {
  if (!initialised) {
    throw new NotReadyError()
  }
  return libsodium
}
