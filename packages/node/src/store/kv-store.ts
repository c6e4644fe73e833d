/**
 * A small bytes-valued key-value sublevel. Writes go through the store's one
 * write path, so they keep their order relative to transactions.
 */
import { InvalidRecordError } from './errors.js'
import { READ_BATCH } from './constants.js'
import { plain } from './store-core.js'
import { checkKvKey, checkValue } from './validate.js'
import type { KeyValueStore, SublevelName } from './types.js'
import type { StoreCore } from './store-core.js'

/** The KeyValueStore of one sublevel of a level database. */
export class LevelKeyValueStore implements KeyValueStore {
  readonly #core: StoreCore
  readonly #name: SublevelName

  constructor (core: StoreCore, name: SublevelName) {
    this.#core = core
    this.#name = name
  }

  async get (key: string): Promise<Uint8Array | undefined> {
    checkKvKey(key)
    const value = await this.#core.run(async () => this.#core.kv(this.#name).get(key))
    return value === undefined ? undefined : plain(value)
  }

  async put (key: string, value: Uint8Array): Promise<void> {
    checkKvKey(key)
    checkValue(value)
    await this.#core.commit([{ type: 'put', sublevel: this.#name, key, value }])
  }

  async del (key: string): Promise<void> {
    checkKvKey(key)
    await this.#core.commit([{ type: 'del', sublevel: this.#name, key }])
  }

  entries (options: { prefix?: string } = {}): AsyncIterable<[string, Uint8Array]> {
    if (typeof options !== 'object' || options === null) throw new InvalidRecordError('options', 'options must be an object')
    const prefix = options.prefix ?? ''
    checkKvKey(prefix, 'prefix', 0)
    return this.#stream(prefix)
  }

  /**
   * Keys with a prefix are one contiguous run starting at the prefix; the
   * walk stops at the first key past it. (A computed upper bound such as
   * prefix + '\xff' would miss keys whose next character encodes above it.)
   */
  async * #stream (prefix: string): AsyncGenerator<[string, Uint8Array]> {
    this.#core.guard()
    const iterator = this.#core.kv(this.#name).iterator(prefix === '' ? {} : { gte: prefix })
    try {
      while (true) {
        const entries = await this.#core.run(async () => iterator.nextv(READ_BATCH))
        if (entries.length === 0) return
        for (const [key, value] of entries) {
          if (!key.startsWith(prefix)) return
          yield [key, plain(value)]
        }
      }
    } finally {
      await iterator.close()
    }
  }
}
