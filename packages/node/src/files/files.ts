/**
 * Files, images and voice notes: sealed chunk by chunk under a fresh key
 * (@parley/crypto file/), addressed by the root of their chunk tree, kept in
 * a {@link BlobStore} within a quota, served and fetched over
 * `/parley/blob/1.0.0` (blob-server.ts, fetcher.ts).
 *
 * A file message carries a FileRef (name, type, size, root, key, nonce, a
 * thumbnail for images); this profile keeps one FileRecord per file in the
 * 'files' sublevel (sealed with the rest of the profile under a passphrase):
 * which conversation it belongs to (so who may fetch it from us), whether it
 * is complete, kept, and when it was last used. Nothing is fetched until the
 * user asks (save); files we sent are kept, others are evicted least recently
 * used first when the quota needs room.
 */
import { chunkCount, chunkTree, leafHash, newFileSecret, openChunkParts, randomBytes, sealChunk, toHex, FILE_CHUNK_BYTES } from '@parley/crypto'
import { FileRecord, type FileRef } from '../pb/files.js'
import { blobBytes, type BlobStore } from './blob-store.js'
import { BlobServer } from './blob-server.js'
import { HolderBans } from './bans.js'
import { BLOB_PROTOCOL, DEFAULT_MAX_FILE_BYTES, DEFAULT_QUOTA_BYTES, DEFAULT_SERVE_CHUNKS_PER_SECOND, MAX_ANNOUNCED_HOLDERS, MAX_HOLD_ROOTS, MAX_INBOUND_BLOB_STREAMS, MAX_LISTED_FILES } from './constants.js'
import { BlobQuotaExceededError, CorruptBlobError, FileTooLargeError, UnknownFileError } from './errors.js'
import { fetchBlob } from './fetcher.js'
import { Arrivals, MAX_KEPT_ARRIVALS } from './arrivals.js'
import { ChunkPool, type PooledChunk } from './chunk-pool.js'
import { reclaim } from './reclaim.js'
import { progressSteps } from './progress.js'
import { AutoDownload } from './auto-download.js'
import type { FileSink, FileSource, FilesComponents, FilesInit, FileView } from './types.js'
import { checkFileRef, fileInfo, refChunks } from './file-ref.js'

export type { FileSink, FileSource, FilesComponents, FilesInit, FileView } from './types.js'

const TEMP_PREFIX = 'tmp-'

export class Files {
  readonly #c: FilesComponents
  readonly maxFileBytes: number
  readonly #quota: number
  readonly #server: BlobServer
  readonly #init: FilesInit
  /** Auto-download for contacts: its setting, and the files it fetches on their own. */
  readonly autoDownload: AutoDownload
  readonly #banned = new HolderBans()
  /** Fetches running, by root: a second save of the same file joins the first. */
  readonly #fetching = new Map<string, Promise<void>>()
  /** Saves waiting for chunks of a blob, by root. */
  readonly #arrivals = new Map<string, Set<Arrivals>>()
  /** When each blob's last use was last recorded for serving it. */
  readonly #servedAt = new Map<string, number>()
  /** Buffers for chunks kept for a save's writer. */
  readonly #pool = new ChunkPool(MAX_KEPT_ARRIVALS)
  /** The last quota operation (they run one at a time). */
  #room: Promise<unknown> = Promise.resolve()

  constructor (components: FilesComponents, init: FilesInit = {}) {
    this.#c = components
    this.maxFileBytes = init.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES
    this.#quota = init.quotaBytes ?? DEFAULT_QUOTA_BYTES
    this.#init = init
    this.autoDownload = new AutoDownload({
      store: components.store,
      maxFileBytes: this.maxFileBytes,
      isContact: components.isContact ?? (() => false),
      download: async (id) => this.download(id),
      onError: components.onError
    })
    this.#server = new BlobServer({
      blobs: components.blobs,
      record: async (root) => this.#record(root),
      allowed: components.allowed,
      chunksPerSecond: init.serveChunksPerSecond ?? DEFAULT_SERVE_CHUNKS_PER_SECOND,
      onServed: (root) => { this.#served(root) }
    })
  }

  /** This peer's blob store (a backup reads kept files' chunks from it). */
  get blobs (): BlobStore {
    return this.#c.blobs
  }

  async start (): Promise<void> {
    for (const name of await this.#c.blobs.list()) if (name.startsWith(TEMP_PREFIX)) await this.#c.blobs.delete(name)
    await this.autoDownload.load()
    if (this.#init.autoDownload !== undefined) await this.autoDownload.set(this.#init.autoDownload)
    await this.#c.libp2p.handle(BLOB_PROTOCOL, (stream, connection) => { void this.#server.serve(stream, connection) }, { maxInboundStreams: MAX_INBOUND_BLOB_STREAMS, runOnLimitedConnection: true })
  }

  async stop (): Promise<void> {
    await this.#c.libp2p.unhandle(BLOB_PROTOCOL)
    await this.#c.blobs.close?.()
  }

  async #record (root: string): Promise<FileRecord | undefined> {
    const bytes = await this.#c.store.kv('files').get(root)
    return bytes === undefined ? undefined : FileRecord.decode(bytes)
  }

  async #put (record: FileRecord): Promise<void> {
    await this.#c.store.kv('files').put(toHex(record.ref?.root ?? new Uint8Array()), FileRecord.encode(record))
  }

  /** A blob was served: its last use moves, at most once a minute (serving must not mean a write per request). */
  #served (root: string): void {
    const now = Date.now()
    if ((this.#servedAt.get(root) ?? 0) > now - 60_000) return
    if (this.#servedAt.size >= MAX_LISTED_FILES) this.#servedAt.clear()
    this.#servedAt.set(root, now)
    this.#touch(root).catch((error: Error) => { this.#c.onError(error) })
  }

  async #touch (root: string): Promise<void> {
    const record = await this.#record(root)
    if (record !== undefined) await this.#put({ ...record, usedAt: BigInt(Date.now()) })
  }

  #view (record: FileRecord): FileView {
    const ref = record.ref as FileRef
    return { ...fileInfo(ref), conversation: record.conversation, message: record.message, from: record.from, outgoing: record.outgoing, complete: record.complete, kept: record.kept }
  }

  /** Throws FileTooLargeError above the maximum size. */
  checkSize (size: number): void {
    if (size > this.maxFileBytes) throw new FileTooLargeError(size, this.maxFileBytes)
  }

  /**
   * Seals `source` chunk by chunk into the blob store (within the quota) and returns its
   * reference; the caller sends it in a message and then calls {@link remember}.
   *
   * @throws FileTooLargeError, BlobQuotaExceededError
   */
  async seal (source: FileSource, extra: { thumbnail?: Uint8Array<ArrayBuffer>, caption?: string } = {}, onProgress?: (bytes: number) => void): Promise<FileRef> {
    this.checkSize(source.size)
    const secret = newFileSecret()
    const count = chunkCount(source.size)
    const temp = TEMP_PREFIX + toHex(randomBytes(16))
    await this.#makeRoom(blobBytes(source.size, count))
    const leaves: Uint8Array[] = []
    const progress = onProgress === undefined ? undefined : progressSteps(source.size, onProgress)
    try {
      await this.#c.blobs.create(temp, count, source.size)
      for (let i = 0; i < count; i++) {
        const offset = i * FILE_CHUNK_BYTES
        const plain = await source.read(offset, Math.min(FILE_CHUNK_BYTES, source.size - offset))
        const sealed = sealChunk(secret, i, count, plain)
        const leaf = leafHash(sealed)
        await this.#c.blobs.put(temp, i, sealed, leaf)
        reclaim(sealed.length)
        leaves.push(leaf)
        progress?.(offset + plain.length)
      }
      const root = chunkTree(leaves).root
      await this.#c.blobs.rename(temp, toHex(root))
      const ref: FileRef = { name: source.name, type: source.type, size: BigInt(source.size), root, key: secret.key, nonce: secret.nonce, thumbnail: extra.thumbnail ?? new Uint8Array(), caption: extra.caption ?? '' }
      checkFileRef(ref, this.maxFileBytes)
      return ref
    } catch (err) {
      await this.#c.blobs.delete(temp)
      throw err
    }
  }

  /**
   * Records a file message (sent or received) of `conversation`: files we sent are complete and
   * kept; others wait until the user saves them. Fires `onFile` for a file not known before.
   */
  async remember (conversation: string, message: string, from: string, ref: FileRef, outgoing: boolean): Promise<FileView> {
    const root = toHex(ref.root)
    const known = await this.#record(root)
    if (known !== undefined) return this.#view(known)
    const now = BigInt(Date.now())
    const record: FileRecord = { ref, conversation, message, from, outgoing, kept: outgoing, usedAt: now, complete: outgoing, receivedAt: now, holders: [] }
    await this.#put(record)
    const view = this.#view(record)
    this.#c.onFile(view)
    this.autoDownload.consider(view)
    return view
  }

  /**
   * `from` announced that it holds these files of `conversation` whole: it is asked first when
   * they are fetched (at most MAX_ANNOUNCED_HOLDERS per file, the latest first). Only files we know
   * in that same conversation are noted: an announcement cannot make us store anything new.
   */
  async heard (conversation: string, from: string, roots: Uint8Array[]): Promise<void> {
    if (from === this.#c.libp2p.peerId.toString()) return
    for (const root of roots.slice(0, MAX_HOLD_ROOTS)) {
      const record = await this.#record(toHex(root))
      if (record === undefined || record.conversation !== conversation || record.from === from || record.holders[0] === from) continue
      const holders = [from, ...record.holders.filter((h) => h !== from)].slice(0, MAX_ANNOUNCED_HOLDERS)
      await this.#put({ ...record, holders })
    }
  }

  /** Files of a conversation (every conversation when omitted), oldest first. */
  async list (conversation?: string): Promise<FileView[]> {
    const out: FileRecord[] = []
    for await (const [, bytes] of this.#c.store.kv('files').entries()) {
      const record = FileRecord.decode(bytes)
      if (conversation === undefined || record.conversation === conversation) out.push(record)
      if (out.length >= MAX_LISTED_FILES) break
    }
    return out.sort((a, b) => Number(a.receivedAt - b.receivedAt)).map((r) => this.#view(r))
  }

  /** The record of a file by its id or a unique prefix of it (at least 4 hex digits). */
  async #resolve (id: string): Promise<FileRecord> {
    if (typeof id !== 'string' || !/^[0-9a-f]{4,64}$/.test(id)) throw new UnknownFileError(`no file ${String(id)}`)
    if (id.length === 64) {
      const record = await this.#record(id)
      if (record === undefined) throw new UnknownFileError(`no file ${id}`)
      return record
    }
    const found: FileRecord[] = []
    for await (const [, bytes] of this.#c.store.kv('files').entries({ prefix: id })) found.push(FileRecord.decode(bytes))
    if (found.length !== 1) throw new UnknownFileError(found.length === 0 ? `no file ${id}` : `${id} names ${found.length} files`)
    return found[0]
  }

  /** Marks a file kept (never evicted) or not. */
  async keep (id: string, kept = true): Promise<FileView> {
    const record = { ...await this.#resolve(id), kept }
    await this.#put(record)
    return this.#view(record)
  }

  /**
   * Fetches a file (what is missing of it) from its author, its conversation's online members and
   * `from`, verified chunk by chunk, then writes it, opened, to `sink`.
   *
   * @throws UnknownFileError, FileTooLargeError, BlobQuotaExceededError, FileUnavailableError, ChunkAuthenticationError
   */
  async save (id: string, sink: FileSink, options: { from?: string[], signal?: AbortSignal } = {}): Promise<FileView> {
    let record = await this.#resolve(id)
    const ref = record.ref as FileRef
    const root = toHex(ref.root)
    const arrivals = new Arrivals(refChunks(ref))
    let watchers = this.#arrivals.get(root)
    if (watchers === undefined) this.#arrivals.set(root, watchers = new Set())
    watchers.add(arrivals)
    let fetched: boolean
    try {
      const held = await this.#c.blobs.held(root)
      held?.leaves.forEach((leaf, i) => { if (leaf !== undefined) arrivals.mark(i) })
      fetched = !record.complete || held === undefined || held.leaves.some((leaf) => leaf === undefined)
      const fetching = fetched ? this.#fetch(record, options) : Promise.resolve()
      fetching.catch((err: Error) => { arrivals.fail(err) })
      await Promise.all([fetching, this.#writeOut(ref, sink, arrivals)])
    } catch (err) {
      await sink.abort?.()
      throw err
    } finally {
      arrivals.dispose()
      watchers.delete(arrivals)
      if (watchers.size === 0) this.#arrivals.delete(root)
    }
    if (fetched) record = await this.#completed(root, record)
    await this.#touch(root)
    return this.#view(record)
  }

  /**
   * Fetches a file (what is missing of it) into the blob store without writing it anywhere: what
   * auto-download does; a later save is then local.
   *
   * @throws what {@link save} throws
   */
  async download (id: string, options: { from?: string[], signal?: AbortSignal } = {}): Promise<FileView> {
    const record = await this.#resolve(id)
    if (record.complete) return this.#view(record)
    await this.#fetch(record, options)
    return this.#view(await this.#completed(toHex(record.ref?.root ?? new Uint8Array()), record))
  }

  /** Every chunk of a fetched file is held: it is complete, and the conversation is told we hold it. */
  async #completed (root: string, record: FileRecord): Promise<FileRecord> {
    const done = { ...(await this.#record(root) ?? record), complete: true, usedAt: BigInt(Date.now()) }
    await this.#put(done)
    if (!done.outgoing && done.ref !== undefined) this.#c.announce?.(done.conversation, done.ref.root).catch((error: Error) => { this.#c.onError(error) })
    return done
  }

  async #fetch (record: FileRecord, options: { from?: string[], signal?: AbortSignal }): Promise<void> {
    const ref = record.ref as FileRef
    const root = toHex(ref.root)
    const running = this.#fetching.get(root)
    if (running !== undefined) return running
    this.checkSize(Number(ref.size))
    const run = (async () => {
      const count = refChunks(ref)
      const size = Number(ref.size)
      if (await this.#c.blobs.held(root) === undefined) await this.#makeRoom(blobBytes(size, count), root)
      await fetchBlob({
        libp2p: this.#c.libp2p,
        blobs: this.#c.blobs,
        root,
        rootBytes: ref.root,
        count,
        size,
        // Those that said they hold it first (ours a moment ago, when a save joined late), then the author, then members.
        holders: [...(options.from ?? []), ...((await this.#record(root))?.holders ?? record.holders), record.from, ...this.#c.members(record.conversation)],
        banned: (peer) => this.#banned.isBanned(peer),
        ban: (peer, error) => { this.#ban(peer, error) },
        connect: this.#c.connect,
        onProgress: progressSteps(size, (bytes, fetched: number) => { this.#c.onProgress({ id: root, bytes, total: size, fetched }) }),
        onChunk: (index, sealed) => {
          // Copied out of the frames it came in only for a save that will write it soon (at most one: another reads it back).
          let copy: PooledChunk | undefined
          for (const arrivals of this.#arrivals.get(root) ?? []) {
            const give = copy === undefined && arrivals.wants(index)
            if (give) copy = this.#pool.copy(sealed)
            arrivals.mark(index, give ? copy : undefined)
          }
        },
        signal: options.signal
      })
    })()
    this.#fetching.set(root, run)
    try {
      await run
    } finally {
      this.#fetching.delete(root)
    }
  }

  /** A holder served a bad chunk: not asked again for BAN_MS, and its connection is closed. */
  #ban (peer: string, error: Error): void {
    this.#banned.ban(peer)
    this.#c.onError(error)
    // Before the hang-up: gossipsub keeps a disconnected peer's score only while it is not positive.
    this.#c.penalise?.(peer)
    const connections = this.#c.libp2p.getConnections().filter((c) => c.remotePeer.toString() === peer)
    for (const c of connections) void c.close().catch(() => {})
  }

  /** Whether a holder is banned (it served a bad chunk). */
  isBanned (peer: string): boolean {
    return this.#banned.isBanned(peer)
  }

  /** Opens and writes each chunk, in order, as soon as it is held; the caller aborts the sink on error. */
  async #writeOut (ref: FileRef, sink: FileSink, arrivals: Arrivals): Promise<void> {
    const root = toHex(ref.root)
    const count = refChunks(ref)
    const secret = { key: ref.key, nonce: ref.nonce }
    for (let i = 0; i < count; i++) {
      await arrivals.until(i)
      const kept = arrivals.take(i)
      const sealed = kept?.bytes ?? await this.#c.blobs.get(root, i)
      if (sealed === undefined) throw new CorruptBlobError(`chunk ${i} of ${root} is missing`)
      let plain: Uint8Array[]
      try {
        plain = openChunkParts(secret, i, count, sealed)
      } finally {
        kept?.release()
      }
      if (sink.writev !== undefined) await sink.writev(plain)
      else for (const part of plain) await sink.write(part)
    }
    await sink.close()
  }

  /**
   * Makes room for `need` more bytes: evicts files not kept, least recently used first (never
   * `except`, the one being fetched).
   *
   * @throws BlobQuotaExceededError when even that is not enough
   */
  async #makeRoom (need: number, except?: string): Promise<void> {
    const run = this.#room.then(async () => {
      if (need > this.#quota) throw new BlobQuotaExceededError(`${need} bytes exceed the quota of ${this.#quota}`)
      const stored = new Set(await this.#c.blobs.list())
      const records: FileRecord[] = []
      for await (const [root, bytes] of this.#c.store.kv('files').entries()) if (stored.has(root)) records.push(FileRecord.decode(bytes))
      const size = (r: FileRecord): number => blobBytes(Number(r.ref?.size ?? 0n), refChunks(r.ref as FileRef))
      let used = records.reduce((n, r) => n + size(r), 0)
      const evictable = records.filter((r) => !r.kept && toHex(r.ref?.root ?? new Uint8Array()) !== except).sort((a, b) => Number(a.usedAt - b.usedAt))
      while (used + need > this.#quota) {
        const victim = evictable.shift()
        if (victim === undefined) throw new BlobQuotaExceededError(`${need} more bytes do not fit in the quota of ${this.#quota} (${used} used by kept files)`)
        const root = toHex(victim.ref?.root ?? new Uint8Array())
        await this.#c.blobs.delete(root)
        this.#server.forget(root)
        await this.#put({ ...victim, complete: false })
        used -= size(victim)
      }
    })
    this.#room = run.catch(() => {})
    await run
  }

  /** The blob of a file (for tests and tools): which chunks are held. */
  async held (id: string): Promise<number> {
    const record = await this.#resolve(id)
    const held = await this.#c.blobs.held(toHex(record.ref?.root ?? new Uint8Array()))
    return held?.leaves.filter((l) => l !== undefined).length ?? 0
  }
}

