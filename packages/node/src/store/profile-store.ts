/** The profile store: history, key-value sublevels and transactions over one level database. */
import { LevelHistoryStore } from './history-store.js'
import { LevelKeyValueStore } from './kv-store.js'
import { LevelTransaction } from './transaction.js'
import { checkSublevel, SUBLEVEL_NAMES } from './validate.js'
import type { HistoryStore, KeyValueStore, ProfileStore, SublevelName, Transaction } from './types.js'
import type { StoreCore } from './store-core.js'

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

  kv (name: SublevelName): KeyValueStore {
    checkSublevel(name)
    return this.#kv.get(name) as KeyValueStore
  }

  transaction (): Transaction {
    return new LevelTransaction(this.#core)
  }

  async close (): Promise<void> {
    await this.#core.close()
  }
}
