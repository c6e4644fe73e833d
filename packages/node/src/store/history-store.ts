/**
 * Message history on the `messages` and `message-ids` sublevels (layout in
 * keys.ts). A page is one reverse range read of at most limit + 1 keys; the
 * extra key only tells whether an older page exists.
 */
import { MAX_PAGE_SIZE, READ_BATCH } from './constants.js'
import { CorruptRecordError, InvalidRecordError } from './errors.js'
import { readMany, readOne } from './plan.js'
import { checkConversation, checkId, checkLimit, checkRecord, checkTimestamp, checkValue } from './validate.js'
import type { HistoryPage, HistoryStore, MessageRecord } from './types.js'
import { readLast } from './layout.js'
import type { StoreCore } from './store-core.js'

/** Options of HistoryStore.range. */
export interface RangeOptions { from?: number, to?: number, limit?: number }

function checkOptions (options: unknown): asserts options is Record<string, unknown> {
  if (typeof options !== 'object' || options === null) throw new InvalidRecordError('options', 'options must be an object')
}

/** The HistoryStore of a level database. */
export class LevelHistoryStore implements HistoryStore {
  readonly #core: StoreCore

  constructor (core: StoreCore) {
    this.#core = core
  }

  async append (records: MessageRecord[]): Promise<MessageRecord[]> {
    if (!Array.isArray(records)) throw new InvalidRecordError('records', 'records must be an array')
    records.forEach(checkRecord)
    if (records.length === 0) return []
    return this.#core.commit(records.map((record) => ({ type: 'append', record })))
  }

  async get (conversation: string, id: string): Promise<MessageRecord | undefined> {
    checkConversation(conversation)
    checkId(id)
    return this.#core.run(async () => {
      const layout = this.#core.layout
      const key = layout.idKey(conversation, id)
      const stored = await readOne(layout.ids, key)
      if (stored === undefined) return undefined
      const messageKey = layout.messageKey(conversation, layout.decodeIdEntry(key, stored), id)
      const value = await readOne(layout.messages, messageKey)
      // The index entry and the record are written in one batch; only outside damage separates them.
      if (value === undefined) return undefined
      return layout.reader(conversation)([[messageKey, value]])[0]
    })
  }

  async getMany (conversation: string, ids: string[]): Promise<Array<MessageRecord | undefined>> {
    checkConversation(conversation)
    if (!Array.isArray(ids)) throw new InvalidRecordError('ids', 'ids must be an array')
    ids.forEach((id) => { checkId(id) })
    if (ids.length === 0) return []
    return this.#core.run(async () => {
      const layout = this.#core.layout
      const idKeys = ids.map((id) => layout.idKey(conversation, id))
      const entries = await readMany(layout.ids, idKeys)
      const keys = ids.map((id, i) => {
        const entry = entries[i]
        return entry === undefined ? undefined : layout.messageKey(conversation, layout.decodeIdEntry(idKeys[i], entry), id)
      })
      const found = keys.filter((k): k is string => k !== undefined)
      const values = found.length === 0 ? [] : await readMany(layout.messages, found)
      // The index entry and the record are written in one batch; only outside damage separates them.
      const stored = found.flatMap((key, i): Array<[string, Uint8Array]> => values[i] === undefined ? [] : [[key, values[i]]])
      const records = new Map(layout.reader(conversation)(stored).map((record, i) => [stored[i][0], record]))
      return keys.map((key) => key === undefined ? undefined : records.get(key))
    })
  }

  async has (conversation: string, id: string): Promise<boolean> {
    checkConversation(conversation)
    checkId(id)
    return this.#core.run(async () => {
      const layout = this.#core.layout
      return (await readOne(layout.ids, layout.idKey(conversation, id))) !== undefined
    })
  }

  async update (conversation: string, id: string, value: Uint8Array): Promise<void> {
    checkConversation(conversation)
    checkId(id)
    checkValue(value)
    await this.#core.commit([{ type: 'update', conversation, id, value }])
  }

  async page (conversation: string, options: { limit: number, before?: string | null }): Promise<HistoryPage> {
    checkConversation(conversation)
    checkOptions(options)
    const { limit, before } = options
    checkLimit(limit, 1, MAX_PAGE_SIZE)
    return this.#core.run(async () => {
      const layout = this.#core.layout
      const lt = before == null ? layout.conversationEnd(conversation) : layout.decodeCursor(conversation, before)
      const entries = await readLast(layout.messages, layout.conversationStart(conversation), lt, limit + 1)
      // entries are newest first; the page is the newest `limit` of them, oldest first.
      const size = Math.min(limit, entries.length)
      const messages = layout.reader(conversation)(entries.slice(0, size).reverse())
      return { messages, before: entries.length > limit ? layout.encodeCursor(entries[size - 1][0]) : null }
    })
  }

  range (conversation: string, options: RangeOptions = {}): AsyncIterable<MessageRecord> {
    checkConversation(conversation)
    checkOptions(options)
    const { from, to, limit } = options
    if (from !== undefined) checkTimestamp(from, 'from')
    if (to !== undefined) checkTimestamp(to, 'to')
    if (limit !== undefined) checkLimit(limit, 0, Number.MAX_SAFE_INTEGER)
    return this.#stream(conversation, from, to, limit ?? Infinity)
  }

  ids (conversation: string, options: { from?: number, to?: number } = {}): AsyncIterable<string> {
    checkConversation(conversation)
    checkOptions(options)
    const { from, to } = options
    if (from !== undefined) checkTimestamp(from, 'from')
    if (to !== undefined) checkTimestamp(to, 'to')
    return this.#ids(conversation, from, to)
  }

  /** Keys only where the layout reads ids from keys (a window of a busy room is then no values, no records). */
  async * #ids (conversation: string, from: number | undefined, to: number | undefined): AsyncGenerator<string> {
    const layout = this.#core.layout
    const idOf = layout.keyReader?.(conversation)
    if (idOf === undefined) {
      for await (const record of this.#stream(conversation, from, to, Infinity)) yield record.id
      return
    }
    const gte = from === undefined ? layout.conversationStart(conversation) : layout.timeBound(conversation, from)
    const lt = to === undefined ? layout.conversationEnd(conversation) : layout.timeBound(conversation, to)
    // An iterator reads a snapshot taken as it is made: after the acknowledged batch on its way.
    await this.#core.settled()
    const keys = layout.messages.keys({ gte, lt })
    try {
      while (true) {
        const batch = await this.#core.run(async () => keys.nextv(READ_BATCH))
        if (batch.length === 0) return
        for (const key of batch) yield idOf(key)
      }
    } finally {
      await keys.close()
    }
  }

  async * #stream (conversation: string, from: number | undefined, to: number | undefined, limit: number): AsyncGenerator<MessageRecord> {
    const layout = this.#core.layout
    const gte = from === undefined ? layout.conversationStart(conversation) : layout.timeBound(conversation, from)
    const lt = to === undefined ? layout.conversationEnd(conversation) : layout.timeBound(conversation, to)
    const read = layout.reader(conversation)
    await this.#core.settled()
    const iterator = layout.messages.iterator({ gte, lt, limit })
    try {
      while (true) {
        const entries = await this.#core.run(async () => iterator.nextv(READ_BATCH))
        if (entries.length === 0) return
        yield * read(entries)
      }
    } finally {
      await iterator.close()
    }
  }

  /**
   * One seek per conversation: the first message entry at or after the bound
   * belongs to the next conversation; its record names it (in a sealed profile
   * the key holds only a keyed hash), and the layout's end bound skips past it.
   */
  async * conversations (): AsyncGenerator<string> {
    this.#core.guard()
    const layout = this.#core.layout
    let gte: string | undefined
    while (true) {
      const [entry] = await this.#core.run(async () => layout.messages.iterator(gte === undefined ? { limit: 1 } : { gte, limit: 1 }).all())
      if (entry === undefined) return
      const record = layout.parse(entry[0], entry[1])
      if (record === undefined) throw new CorruptRecordError('a message entry does not open: run parley repair')
      yield record.conversation
      gte = layout.conversationEnd(record.conversation)
    }
  }

  async count (conversation: string): Promise<number> {
    checkConversation(conversation)
    return this.#core.run(async () => {
      const layout = this.#core.layout
      const keys = layout.ids.keys({ gte: layout.conversationStart(conversation), lt: layout.conversationEnd(conversation) })
      let n = 0
      try {
        for (let batch = await keys.nextv(READ_BATCH); batch.length > 0; batch = await keys.nextv(READ_BATCH)) n += batch.length
      } finally {
        await keys.close()
      }
      return n
    })
  }
}
