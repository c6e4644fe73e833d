/**
 * Kept files in a backup (format 2): the file records and the blobs of kept, complete files go
 * into the backup chunk by chunk and come back into the new profile's blob store, so the restored
 * peer lists the file and saves it byte-identical with no peer online; a cached stranger's file
 * comes back as a record only, to be fetched again; a changed byte inside a blob's chunk is
 * refused by the sealed stream; a version-1 backup (no files) still restores.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes as nodeRandomBytes } from 'node:crypto'
import { ready, StreamSealer } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frame, RecordPacker } from '../../src/archive/format.js'
import { BACKUP_MAGIC, BACKUP_PREFIX_LENGTH } from '../../src/archive/constants.js'
import { backupProfile, restoreProfile } from '../../src/node/archive-files.js'
import { createNodePeer } from '../../src/node/index.js'
import { fileSink, fileSource } from '../../src/node/file-io.js'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { FileRecord } from '../../src/pb/files.js'
import type { Peer } from '../../src/peer.js'

const FAST = { opsLimit: 1, memLimit: 8192 * 8 }
const PASS = 'correct horse'
const KIB = 1024
const named = (name: string): unknown => expect.objectContaining({ name })

let root: string
const peers: Peer[] = []
beforeAll(async () => {
  await ready()
  root = await mkdtemp(join(tmpdir(), 'parley-archive-files-'))
})
afterAll(async () => {
  await Promise.allSettled(peers.map(async (p) => p.stop()))
  await rm(root, { recursive: true, force: true })
})

/** A real Node peer on `dataDir`, listening on 127.0.0.1 only, dialling no one. */
async function startPeer (dataDir: string): Promise<Peer> {
  const { peer } = await createNodePeer({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false })
  await peer.start()
  peers.push(peer)
  return peer
}

/** The offsets and lengths of a backup's sealed frames (after its prefix and stream header). */
function frames (file: Uint8Array): Array<{ at: number, length: number }> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const out: Array<{ at: number, length: number }> = []
  for (let at = BACKUP_PREFIX_LENGTH + 54; at < file.length; at += 4 + view.getUint32(at)) out.push({ at: at + 4, length: view.getUint32(at) })
  return out
}

describe('kept files in a backup', () => {
  const content = new Uint8Array(nodeRandomBytes(600 * KIB + 123))
  let source: string
  let file: string
  let peerId: string
  let kept: string
  let cached: string

  beforeAll(async () => {
    source = join(root, 'source')
    const peer = await startPeer(source)
    peerId = peer.peerId
    const path = join(root, 'holiday.bin')
    await writeFile(path, content)
    // A file we sent (kept and complete), and a stranger's file we hold complete but never kept.
    const ref = await peer.files.seal(await fileSource(path))
    kept = (await peer.files.remember('dm:12D3KooWBob', 'm1', peer.peerId, ref, true)).id
    const other = await peer.files.seal({ name: 'meme.png', type: 'image/png', size: 300 * KIB, read: async (_o, n) => Promise.resolve(new Uint8Array(n).fill(7)) })
    cached = (await peer.files.remember('room:lobby', 'm2', '12D3KooWStranger', other, false)).id
    const record = FileRecord.decode(await peer.store.kv('files').get(cached) as Uint8Array)
    await peer.store.kv('files').put(cached, FileRecord.encode({ ...record, complete: true }))
    await peer.stop()
    file = join(root, 'with-files.parley')
    const summary = await backupProfile({ dataDir: source, file, passphrase: PASS, keyStore: FAST })
    expect(summary).toMatchObject({ blobs: 1, chunks: 3 })
  })

  it('restores the kept file into the new blob store: listed, and saved byte-identical with no peer online', async () => {
    const target = join(root, 'restored')
    const summary = await restoreProfile({ dataDir: target, file, passphrase: PASS })
    expect(summary).toMatchObject({ peerId, blobs: 1, chunks: 3 })
    expect(await readdir(join(target, 'blobs'))).toEqual([kept])
    const peer = await startPeer(target)
    expect(peer.peerId).toBe(peerId)
    const listed = await peer.files.list()
    expect(listed.map((f) => [f.id, f.kept, f.complete])).toEqual([[kept, true, true], [cached, false, false]])
    const out = join(root, 'saved.bin')
    await peer.files.save(kept, await fileSink(out))
    expect(peer.libp2p.getConnections()).toEqual([])
    expect(Buffer.from(await readFile(out)).equals(Buffer.from(content))).toBe(true)
    await peer.stop()
  })

  it('refuses a backup with a changed byte inside a blob chunk, leaving nothing behind', async () => {
    const original = await readFile(file)
    // A frame over 256 KiB holds one whole chunk of the file (the third, 88 KiB, shares a frame).
    const blobFrames = frames(original).filter((f) => f.length > 256 * KIB)
    expect(blobFrames).toHaveLength(2)
    const tampered = Uint8Array.from(original)
    tampered[blobFrames[1].at + 1000] ^= 0x01
    const bad = join(root, 'tampered.parley')
    await writeFile(bad, tampered)
    const target = join(root, 'tampered')
    await expect(restoreProfile({ dataDir: target, file: bad, passphrase: PASS })).rejects.toThrow(named('BackupCorruptError'))
    expect((await readdir(root)).filter((f) => f.startsWith('.tampered') || f === 'tampered')).toEqual([])
  })

  it('restores everything else when a kept blob was damaged on the old disk: that file comes back not complete, to be fetched again', async () => {
    const damaged = join(root, 'damaged')
    await cp(source, damaged, { recursive: true })
    const data = join(damaged, 'blobs', kept, 'data')
    const bytes = await readFile(data)
    bytes[5000] ^= 0x01
    await writeFile(data, bytes)
    const backup = join(root, 'damaged.parley')
    await backupProfile({ dataDir: damaged, file: backup, passphrase: PASS, keyStore: FAST })
    const target = join(root, 'from-damaged')
    expect(await restoreProfile({ dataDir: target, file: backup, passphrase: PASS })).toMatchObject({ peerId, blobs: 0, chunks: 3 })
    expect(await readdir(join(target, 'blobs'))).toEqual([])
    const peer = await startPeer(target)
    expect((await peer.files.list()).map((f) => [f.id, f.complete])).toEqual([[kept, false], [cached, false]])
    await peer.stop()
  })

  it('still restores a version-1 backup (no files)', async () => {
    const store = await openNodeProfileStore(source)
    const prefix = new Uint8Array(BACKUP_PREFIX_LENGTH)
    prefix.set(new TextEncoder().encode(BACKUP_MAGIC))
    prefix[BACKUP_MAGIC.length] = 1
    const sealer = new StreamSealer(PASS, FAST, prefix)
    const packer = new RecordPacker()
    const parts: Uint8Array[] = [prefix, sealer.header, frame(sealer.seal(packer.add({ meta: { format: 1, peerId, nick: '', createdAt: 1n, sealed: false } }) ?? packer.take()))]
    let entries = 0
    for (const sublevel of ['identity', 'settings'] as const) {
      for await (const [key, value] of store.kv(sublevel).entries()) {
        entries++
        const chunk = packer.add({ entry: { sublevel, key, value: value as Uint8Array<ArrayBuffer> } })
        if (chunk !== undefined) parts.push(frame(sealer.seal(chunk)))
      }
    }
    await store.close()
    parts.push(frame(sealer.final(packer.add({ end: { entries: BigInt(entries), messages: 0n, conversations: 0, blobs: 0, chunks: 0n } }) ?? packer.take())))
    const old = join(root, 'v1.parley')
    await writeFile(old, Buffer.concat(parts))
    const target = join(root, 'from-v1')
    expect(await restoreProfile({ dataDir: target, file: old, passphrase: PASS })).toMatchObject({ peerId, entries, blobs: 0 })
    const peer = await startPeer(target)
    expect(peer.peerId).toBe(peerId)
    expect(await peer.files.list()).toEqual([])
    await peer.stop()
  })
})
