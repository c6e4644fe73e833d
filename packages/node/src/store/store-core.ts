/**
 * The shared state behind a profile store: the database, its layout (clear
 * or sealed, see layout.ts), the open/locked/closed state and the one write
 * path. Every write that reads before it writes (dedupe by id, update in
 * place) is planned and committed here, one at a time, so two concurrent
 * appends of one id cannot both store it. A passphrase change runs as an
 * exclusive turn: no read or write starts until it is done.
 */
import { createRecordBox, openDataKey, ready } from '@parley/crypto'
import { CorruptRecordError, PassphraseRequiredError, StoreClosedError, StoreWriteError } from './errors.js'
import { planCommit, storedTimestamps, type StoreOp, type Write } from './plan.js'
import { encodeWrites, replayWriteAhead, type WriteAhead } from './write-ahead.js'
import { compactDatabase, holdsAny, sweepSublevels } from './maintenance.js'
import { clearLayout, layoutSublevels } from './layout.js'
import { sealedLayout } from './sealed-layout.js'
import type { BytesSublevel, Layout, LevelDatabase } from './layout.js'
import type { MessageRecord, SublevelName } from './types.js'

export { plain } from './layout.js'
export type { StoreOp } from './plan.js'
export type { BytesSublevel, LevelDatabase } from './layout.js'

/** A commit waiting its turn in the write queue. */
interface QueuedCommit {
  ops: StoreOp[]
  resolve: (added: MessageRecord[]) => void
  reject: (err: unknown) => void
}

/** Most commits written as one batch (group commit); the rest wait for the next. */
export const MAX_GROUP_COMMITS = 256
const NOT_OPEN = new Set(['LEVEL_DATABASE_NOT_OPEN', 'LEVEL_ITERATOR_NOT_OPEN'])
/** The `meta` record holding the sealed data key; absent in a profile without a passphrase. */
export const DATA_KEY_RECORD = 'data-key'

/** The name prefix of the sealed layout's sublevels (layout.ts). */
const SEALED_PREFIX = 'x-'

/** Database, layout and lifecycle shared by the history, key-value and transaction objects. */
export class StoreCore {
  readonly db: LevelDatabase
  /** Clear records about the profile itself: the sealed data key. */
  readonly meta: BytesSublevel
  /** The clear layout (the profile's, or the one left behind by a passphrase). */
  readonly clear: Layout
  #layout: Layout
  /** The sealed data key as stored, while the profile has a passphrase. */
  #sealedKey: Uint8Array | undefined
  /** The open data key, while the profile is sealed and unlocked (a passphrase change seals it anew). */
  #dataKey: Uint8Array | undefined
  #locked = false
  readonly #pending = new Set<Promise<unknown>>()
  /** Commits waiting for the batch being written; then written together. */
  #queued: QueuedCommit[] = []
  #writing = false
  /** The drain of the write queue (or the message count) running now. */
  #writes: Promise<void> = Promise.resolve()
  #gate: Promise<void> | undefined
  #closed = false
  #closing: Promise<void> | undefined
  /** Told of every message a commit appended or changed, after it is written (the search index). */
  readonly #watchers = new Set<(changed: MessageRecord[]) => void>()
  /** Stored messages: counted on the first size() (one key scan of the id index), then kept by every commit. */
  #messages: number | undefined
  /** Where commits are acknowledged from before the database holds them (write-ahead.ts), if anywhere. */
  readonly #writeAhead: WriteAhead | undefined
  /** The acknowledged batch on its way into the database: reads wait for it. */
  #landing: Promise<void> | undefined
  /** Why the database refused an acknowledged batch: the store takes nothing more. */
  #failed: StoreWriteError | undefined

  constructor (db: LevelDatabase, writeAhead?: WriteAhead) {
    this.db = db
    this.#writeAhead = writeAhead
    this.meta = db.sublevel<string, Uint8Array>('meta', { keyEncoding: 'utf8', valueEncoding: 'view' })
    this.clear = clearLayout(db)
    this.#layout = this.clear
  }

  /** Reads the meta record: a sealed profile is unlocked with `passphrase`, or stays locked without one. */
  async start (passphrase?: string): Promise<void> {
    // An acknowledged batch the last run may not have written goes in before anything is read.
    if (this.#writeAhead !== undefined) await replayWriteAhead(this.db, this.#writeAhead)
    await ready()
    // A clear profile's every open asks whether a sealed layout was left behind: one look over the
    // whole `x-` key range (every sealed sublevel's keys start `!x-`), while the meta record is read.
    const [sealedKey, [leftover]] = await Promise.all([
      this.meta.get(DATA_KEY_RECORD),
      this.db.keys({ gte: `!${SEALED_PREFIX}`, lt: `!${SEALED_PREFIX.slice(0, -1)}.`, limit: 1 }).all()
    ])
    this.#sealedKey = sealedKey
    if (this.#sealedKey === undefined) {
      if (leftover === undefined) return
      const sealed = layoutSublevels(this.db, SEALED_PREFIX)
      // A sealed identity with no clear one is a sealed profile whose data key record is gone (damage):
      // sweeping would destroy it. (A passphrase removal writes the clear identity before it deletes the key.)
      const [sealedIdentity, clearIdentity] = await Promise.all([holdsAny(sealed.kv.get('identity') as BytesSublevel), holdsAny(this.clear.kv('identity'))])
      if (sealedIdentity && !clearIdentity) {
        throw new CorruptRecordError('the sealed data key record is missing: the profile\'s sealed records cannot be opened')
      }
      await this.sweep([sealed.messages, sealed.ids, ...sealed.kv.values()])
      return
    }
    this.#locked = true
    if (passphrase !== undefined && passphrase !== '') await this.unlock(passphrase)
  }

  /** Opens the data key with `passphrase` (WrongPassphraseError when it does not), then drops what a passphrase change left in clear. */
  async unlock (passphrase: string): Promise<void> {
    if (this.#closed) throw new StoreClosedError()
    if (!this.#locked || this.#sealedKey === undefined) return
    const dataKey = openDataKey(this.#sealedKey, passphrase)
    this.adopt(sealedLayout(this.db, createRecordBox(dataKey)), this.#sealedKey, dataKey)
    dataKey.fill(0)
    this.#locked = false
    await this.sweep(this.clear.sublevels)
  }

  /** Clears every non-empty sublevel of a namespace that is not the profile's; compacts when anything went (maintenance.ts). */
  async sweep (sublevels: readonly BytesSublevel[]): Promise<void> {
    await sweepSublevels(this, sublevels)
  }

  /** Rewrites LevelDB's tables without deleted entries, where the backend can (maintenance.ts). */
  async compact (): Promise<void> {
    await compactDatabase(this.db, [this.meta, ...this.clear.sublevels, ...this.#layout.sublevels])
  }

  /** Whether the profile's records are sealed under a passphrase. */
  get encrypted (): boolean {
    return this.#sealedKey !== undefined
  }

  /** Whether the profile is sealed and not unlocked yet. */
  get locked (): boolean {
    return this.#locked
  }

  /** The profile's layout. */
  get layout (): Layout {
    this.guard()
    return this.#layout
  }

  /** Switches to `layout` with its data key, sealed and open (a copy is kept), or none. */
  adopt (layout: Layout, sealedKey: Uint8Array | undefined, dataKey?: Uint8Array): void {
    this.#layout = layout
    this.#sealedKey = sealedKey
    if (dataKey !== undefined) this.#dataKey = dataKey.slice()
    else if (sealedKey === undefined && this.#dataKey !== undefined) {
      this.#dataKey.fill(0)
      this.#dataKey = undefined
    }
  }

  /** The open data key of a sealed, unlocked profile. */
  dataKey (): Uint8Array {
    if (this.#dataKey === undefined) throw new PassphraseRequiredError()
    return this.#dataKey
  }

  /** The key-value sublevel `name` (already checked) of the current layout. */
  kv (name: SublevelName): BytesSublevel {
    return this.layout.kv(name)
  }

  /** Throws StoreClosedError once close() was called, StoreWriteError once a write failed, PassphraseRequiredError while locked. */
  guard (): void {
    if (this.#closed) throw new StoreClosedError()
    if (this.#failed !== undefined) throw this.#failed
    if (this.#locked) throw new PassphraseRequiredError()
  }

  /** A database error as the store reports it: a closed database or iterator is a StoreClosedError. */
  translate (err: unknown): unknown {
    const code = (err as { code?: unknown } | null)?.code
    return typeof code === 'string' && NOT_OPEN.has(code) ? new StoreClosedError() : err
  }

  /**
   * Runs a database operation on the open store (after any exclusive turn, and once an
   * acknowledged batch is in the database); close() waits for it.
   */
  async run<T> (operation: () => Promise<T>): Promise<T> {
    this.guard()
    while (this.#gate !== undefined || this.#landing !== undefined) await (this.#gate ?? this.#landing)
    this.guard()
    const running = operation()
    this.#pending.add(running)
    try {
      return await running
    } catch (err) {
      throw this.translate(err)
    } finally {
      this.#pending.delete(running)
    }
  }

  /**
   * Runs `work` alone: operations started before it finish first, and none
   * starts until it is done (a passphrase change). It writes to `db` itself.
   */
  async exclusive<T> (work: () => Promise<T>): Promise<T> {
    this.guard()
    const turn = (this.#gate ?? Promise.resolve()).then(async () => {
      await Promise.allSettled([...this.#pending])
      if (this.#closed) throw new StoreClosedError()
      // The turn writes past the write queue: no record of a batch before it may be written back over it.
      this.#writeAhead?.clear()
      return work()
    })
    const gate = turn.then(() => {}, () => {})
    this.#gate = gate
    void gate.then(() => { if (this.#gate === gate) this.#gate = undefined })
    try {
      return await turn
    } catch (err) {
      throw this.translate(err)
    }
  }

  /**
   * Calls `watcher` after each commit that appended or changed messages, with
   * those records (values as written), in commit order; returns the function
   * that stops it. A watcher runs synchronously on the write path, so it only
   * queues work; what it throws is ignored.
   */
  watch (watcher: (changed: MessageRecord[]) => void): () => void {
    this.#watchers.add(watcher)
    return () => { this.#watchers.delete(watcher) }
  }

  /**
   * Plans and writes `ops` in one atomic batch, after every earlier commit; returns the appended
   * records that were new. Group commit: commits made while a batch is being written wait for it,
   * then go together (at most MAX_GROUP_COMMITS) as one LevelDB batch after one id lookup. Each
   * keeps its own outcome: one that cannot be planned (an update of an unknown message) rejects
   * alone and writes nothing; the others are written.
   */
  async commit (ops: StoreOp[]): Promise<MessageRecord[]> {
    this.guard()
    while (this.#gate !== undefined) await this.#gate
    this.guard()
    // Not through run(): the write queue keeps commits in order behind a batch on its way.
    return new Promise<MessageRecord[]>((resolve, reject) => {
      this.#queued.push({ ops, resolve, reject })
      if (!this.#writing) this.#startDrain()
    })
  }

  /** Runs the write queue (after `before`, a count under way); close() and an exclusive turn wait for it, acknowledged batches included. */
  #startDrain (before?: Promise<unknown>): void {
    this.#writing = true
    const drain = before === undefined ? this.#drain() : before.then(async () => this.#drain(), async () => this.#drain())
    this.#writes = drain
    this.#pending.add(drain)
    void drain.then(() => { this.#pending.delete(drain) })
  }

  /** Resolves once no acknowledged batch is on its way into the database (before an iterator is made: it reads a snapshot). */
  async settled (): Promise<void> {
    while (this.#landing !== undefined) await this.#landing
  }

  /** Writes queued commits, a group at a time, until none is left. */
  async #drain (): Promise<void> {
    try {
      while (this.#queued.length > 0) {
        const group = this.#queued.splice(0, MAX_GROUP_COMMITS)
        try {
          // After a refused batch nothing is planned (its record must stay as it is).
          if (this.#failed !== undefined) throw this.#failed
          await this.#write(group)
        } catch (err) {
          for (const c of group) c.reject(err)
        }
      }
    } finally {
      this.#writing = false
    }
  }

  async #write (group: QueuedCommit[]): Promise<void> {
    const layout = this.#layout
    const lookup = storedTimestamps(layout, group.flatMap((c) => c.ops))
    const known = lookup instanceof Map ? lookup : await lookup
    const writes: Write[] = []
    const changed: MessageRecord[] = []
    const planned: Array<[QueuedCommit, MessageRecord[]]> = []
    for (const c of group) {
      try {
        const plan = planCommit(layout, c.ops, known)
        writes.push(...plan.writes)
        changed.push(...plan.changed)
        planned.push([c, plan.added])
      } catch (err) {
        c.reject(err)
      }
    }
    if (writes.length > 0) {
      if (this.#writeAhead !== undefined) {
        try {
          this.#writeAhead.write(encodeWrites(writes))
        } catch (err) {
          for (const [c] of planned) c.reject(err)
          return
        }
        this.#acknowledge(planned)
        await this.#land(writes)
        this.#tell(changed)
        return
      }
      try {
        await this.#batch(writes)
      } catch (err) {
        for (const [c] of planned) c.reject(err)
        return
      }
    }
    this.#tell(changed)
    this.#acknowledge(planned)
  }

  /** Writes `writes` as one database batch. */
  async #batch (writes: readonly Write[]): Promise<void> {
    const batch = this.db.batch()
    for (const w of writes) {
      if ('value' in w) batch.put<string, Uint8Array>(w.key, w.value, { sublevel: w.sublevel })
      else batch.del<string>(w.key, { sublevel: w.sublevel })
    }
    await batch.write()
  }

  /**
   * Writes an acknowledged batch (held in the write-ahead record) into the database; reads wait
   * for it. When the database refuses it, the store stops (StoreWriteError) and the record stays,
   * to be written at the next open.
   */
  async #land (writes: readonly Write[]): Promise<void> {
    const landing = this.#batch(writes).then(() => {
      try {
        (this.#writeAhead as WriteAhead).clear()
      } catch {
        // A record left in place is this same batch again: writing it at the next open changes nothing.
      }
    }, (err: unknown) => {
      this.#failed = new StoreWriteError(undefined, { cause: err })
    })
    this.#landing = landing
    await landing
    this.#landing = undefined
  }

  /** Tells the watchers of the messages a written batch appended or changed. */
  #tell (changed: MessageRecord[]): void {
    if (changed.length > 0) {
      for (const watcher of this.#watchers) {
        try {
          watcher(changed)
        } catch {
          // A watcher only queues work; its failure is its own.
        }
      }
    }
  }

  /** Resolves each planned commit with the records it added. */
  #acknowledge (planned: Array<[QueuedCommit, MessageRecord[]]>): void {
    for (const [c, added] of planned) {
      if (this.#messages !== undefined) this.#messages += added.length
      c.resolve(added)
    }
  }

  /**
   * The number of stored messages: exact. The first call scans the id index (keys only), in the
   * write turn so no commit lands half-counted; every commit adds its new records afterwards.
   */
  async messageCount (): Promise<number> {
    if (this.#messages !== undefined) return this.#messages
    return this.run(async () => {
      // Counted between two batches: commits queued meanwhile wait for the count, then add to it.
      while (this.#writing) await this.#writes
      if (this.#messages === undefined) {
        this.#writing = true
        const counting = (async () => {
          let n = 0
          for await (const key of this.#layout.ids.keys()) if (key !== undefined) n++
          this.#messages = n
        })()
        this.#startDrain(counting)
        await counting
      }
      return this.#messages as number
    })
  }

  /** LevelDB's estimate of the bytes its tables take on disk (the memtable not included), or null when the backend cannot say (IndexedDB). */
  async diskBytes (): Promise<number | null> {
    const db = this.db as LevelDatabase & { approximateSize?: (start: string, end: string) => Promise<number> }
    if (typeof db.approximateSize !== 'function') return null
    return this.run(async () => (db.approximateSize as (start: string, end: string) => Promise<number>)('\x00', '\xff'))
  }

  /** Refuses new operations, lets started ones (and a passphrase change) finish, then closes the database. Closing twice is harmless. */
  async close (): Promise<void> {
    if (this.#closing === undefined) {
      this.#closed = true
      this.#closing = Promise.allSettled([...this.#pending, this.#gate])
        .then(async () => this.db.close())
        .finally(() => { this.#writeAhead?.close() })
    }
    return this.#closing
  }
}
