/** The profile store: history, key-value sublevels and transactions over one level database. */
import { LevelHistoryStore } from './history-store.js'
import { LevelKeyValueStore } from './kv-store.js'
import { changePassphrase } from './passphrase.js'
import { LevelTransaction } from './transaction.js'
import { checkSublevel, SUBLEVEL_NAMES } from './validate.js'
import type { HistoryStore, KeyValueStore, MessageRecord, ProfileStore, StoreSize, SublevelName, Transaction } from './types.js'
import type { StoreCore } from './store-core.js'
import type { KeyStoreParams } from '@parley/crypto'

/** The ProfileStore of a level database; it owns the database and closes it. */
export class LevelProfileStore implements ProfileStore {
  readonly history: HistoryStore
  readonly #core: StoreCore
  readonly #kv = new Map<SublevelName, KeyValueStore>()

  constructor (core: StoreCore) {
    this.#core = core
    this.history = new LevelHistoryStore(core)
    for (const name of SUBLEVEL_NAMES) this.#kv.set(name, new LevelKeyValueStore(core, name))
  }

  get encrypted (): boolean {
    return this.#core.encrypted
  }

  get locked (): boolean {
    return this.#core.locked
  }

  async unlock (passphrase: string): Promise<void> {
    if (typeof passphrase !== 'string' || passphrase === '') throw new TypeError('passphrase must be a non-empty string')
    await this.#core.unlock(passphrase)
  }

  async setPassphrase (passphrase: string | undefined, params?: KeyStoreParams): Promise<void> {
    await changePassphrase(this.#core, passphrase, params)
  }

  kv (name: SublevelName): KeyValueStore {
    checkSublevel(name)
    return this.#kv.get(name) as KeyValueStore
  }

  transaction (): Transaction {
    return new LevelTransaction(this.#core)
  }

  watchHistory (watcher: (changed: MessageRecord[]) => void): () => void {
    if (typeof watcher !== 'function') throw new TypeError('watcher must be a function')
    return this.#core.watch(watcher)
  }

  async size (): Promise<StoreSize> {
    const [bytes, entries] = await Promise.all([this.#core.diskBytes(), this.#core.messageCount()])
    return { bytes, entries }
  }

  async close (): Promise<void> {
    await this.#core.close()
  }
}
