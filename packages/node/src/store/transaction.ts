/**
 * Related writes across sublevels, committed in one atomic LevelDB batch.
 * Each call is checked when it is made; a refused call throws and also
 * spoils the transaction, so its commit() rejects with the same error and
 * writes nothing (all or nothing, even if the caller caught the first throw).
 */
import { TransactionCommittedError } from './errors.js'
import { checkConversation, checkId, checkKvKey, checkRecord, checkSublevel, checkValue } from './validate.js'
import type { MessageRecord, SublevelName, Transaction } from './types.js'
import type { StoreCore, StoreOp } from './store-core.js'

/** A Transaction on a level database. */
export class LevelTransaction implements Transaction {
  readonly #core: StoreCore
  readonly #ops: StoreOp[] = []
  #refused: { error: unknown } | undefined
  #committed = false

  constructor (core: StoreCore) {
    this.#core = core
  }

  append (record: MessageRecord): Transaction {
    return this.#add(() => {
      checkRecord(record)
      return { type: 'append', record }
    })
  }

  update (conversation: string, id: string, value: Uint8Array): Transaction {
    return this.#add(() => {
      checkConversation(conversation)
      checkId(id)
      checkValue(value)
      return { type: 'update', conversation, id, value }
    })
  }

  rewrite (record: MessageRecord): Transaction {
    return this.#add(() => {
      checkRecord(record)
      const { conversation, id, value, timestamp } = record
      return { type: 'update', conversation, id, value, timestamp }
    })
  }

  put (sublevel: SublevelName, key: string, value: Uint8Array): Transaction {
    return this.#add(() => {
      checkSublevel(sublevel)
      checkKvKey(key)
      checkValue(value)
      return { type: 'put', sublevel, key, value }
    })
  }

  del (sublevel: SublevelName, key: string): Transaction {
    return this.#add(() => {
      checkSublevel(sublevel)
      checkKvKey(key)
      return { type: 'del', sublevel, key }
    })
  }

  async commit (): Promise<MessageRecord[]> {
    if (this.#committed) throw new TransactionCommittedError()
    this.#committed = true
    if (this.#refused !== undefined) throw this.#refused.error
    if (this.#ops.length === 0) {
      this.#core.guard()
      return []
    }
    return this.#core.commit(this.#ops)
  }

  #add (check: () => StoreOp): this {
    if (this.#committed) throw new TransactionCommittedError()
    try {
      this.#ops.push(check())
    } catch (error) {
      this.#refused ??= { error }
      throw error
    }
    return this
  }
}
