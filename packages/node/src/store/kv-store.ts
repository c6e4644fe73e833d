/**
 * A small bytes-valued key-value sublevel. Writes go through the store's one
 * write path, so they keep their order relative to transactions.
 */
import { InvalidRecordError } from './errors.js'
import { READ_BATCH } from './constants.js'
import { checkKvKey, checkValue } from './validate.js'
import type { KeyValueStore, SublevelName } from './types.js'
import type { StoreCore } from './store-core.js'

/** UTF-16 code unit with surrogates moved above U+FFFF, so that comparing them orders strings as their UTF-8 bytes (LevelDB's order). */
function unit (c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return c + 0x2000
  return c >= 0xe000 ? c - 0x800 : c
}

/** Compares two strings in the order of their UTF-8 bytes. */
export function utf8Order (a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return unit(x) - unit(y)
  }
  return a.length - b.length
}

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
    return this.#core.run(async () => {
      const layout = this.#core.layout
      const storedKey = layout.kvKey(this.#name, key)
      const stored = await layout.kv(this.#name).get(storedKey)
      return stored === undefined ? undefined : layout.decodeKv(this.#name, storedKey, stored)[1]
    })
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
   * In the clear layout, keys with a prefix are one contiguous run starting
   * at the prefix; the walk stops at the first key past it. (A computed upper
   * bound such as prefix + '\xff' would miss keys whose next character
   * encodes above it.) In the sealed layout stored keys are hashes: the scan
   * reads the prefix's bucket (or the whole sublevel), keeps the matching
   * keys and sorts them in memory.
   */
  async * #stream (prefix: string): AsyncGenerator<[string, Uint8Array]> {
    const layout = this.#core.layout
    const scan = layout.kvScan(this.#name, prefix)
    // An iterator reads a snapshot taken as it is made: after the acknowledged batch on its way.
    await this.#core.settled()
    const iterator = layout.kv(this.#name).iterator({ ...(scan.gte === undefined ? {} : { gte: scan.gte }), ...(scan.lt === undefined ? {} : { lt: scan.lt }) })
    const found: Array<[string, Uint8Array]> = []
    try {
      while (true) {
        const entries = await this.#core.run(async () => iterator.nextv(READ_BATCH))
        if (entries.length === 0) break
        for (const [storedKey, stored] of entries) {
          const entry = layout.decodeKv(this.#name, storedKey, stored)
          if (!entry[0].startsWith(prefix)) {
            if (scan.ordered) return
            continue
          }
          if (scan.ordered) yield entry
          else found.push(entry)
        }
      }
    } finally {
      await iterator.close()
    }
    found.sort((a, b) => utf8Order(a[0], b[0]))
    yield * found
  }
}
