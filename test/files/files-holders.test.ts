/**
 * "I hold it" and auto-download between real peers in one process (LevelDB and blobs on disk in
 * temp folders, TCP on 127.0.0.1): a member that saved a room's file announces it, and a member
 * fetches from it after the author has gone, though the two are not connected; files from
 * contacts are fetched on their own only when the user turned that on, within the size set.
 */
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FileRecord, sendFile, type Peer } from '@parley/node'
import { fileSink, fileSource } from '@parley/node/node'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../support/poll.js'
import { peerPool } from '../support/in-process.js'

const pool = peerPool('holders')
const tempDir = pool.dir

const peer = async (nick: string): Promise<Peer> => pool.start({ nick })

const addr = (p: Peer): string => p.addrs().find((x) => x.includes('127.0.0.1')) ?? ''

async function randomFile (size: number): Promise<{ path: string, bytes: Uint8Array }> {
  const path = join(await tempDir(), 'notes.bin')
  const bytes = randomBytes(size)
  await writeFile(path, bytes)
  return { path, bytes }
}

async function recordOf (p: Peer, id: string): Promise<FileRecord | undefined> {
  const bytes = await p.store.kv('files').get(id)
  return bytes === undefined ? undefined : FileRecord.decode(bytes)
}

const topicPeers = (p: Peer): number => p.libp2p.services.pubsub.getSubscribers('/parley/room/1/lobby').length

afterAll(pool.close)

describe('holders and auto-download', () => {
  it('a member that saved a room file announces it; another fetches from it after the author left', async () => {
    const a = await peer('ann')
    const b = await peer('ben')
    const c = await peer('cat')
    // Ben and cat meet only through ann; cat knows ben's address (as it would from the DHT).
    await b.dial(addr(a))
    await c.dial(addr(a))
    await c.libp2p.peerStore.merge(b.libp2p.peerId, { multiaddrs: [multiaddr(addr(b))] })
    for (const p of [a, b, c]) await p.join('lobby')
    await until('the mesh', () => topicPeers(a) >= 2 && topicPeers(b) > 0 && topicPeers(c) > 0)
    const { path, bytes } = await randomFile(700 * 1024)
    const sent = await sendFile(a, { room: 'lobby' }, await fileSource(path))
    await until('the file message at ben', async () => await recordOf(b, sent.id))
    await until('the file message at cat', async () => await recordOf(c, sent.id))
    await b.files.save(sent.id, await fileSink(join(await tempDir(), 'ben')))
    const heard = await until('ben\'s announcement at cat', async () => (await recordOf(c, sent.id))?.holders.includes(b.peerId) === true ? true : undefined)
    expect(heard).toBe(true)
    await a.stop()
    await until('ann gone', () => c.libp2p.getConnections().length === 0)
    expect(topicPeers(c)).toBe(0)
    const out = join(await tempDir(), 'cat')
    await c.files.save(sent.id, await fileSink(out))
    expect(Buffer.compare(await readFile(out), bytes)).toBe(0)
  })

  it('a member of a private room that saved a file announces it to the other members, sealed like a post', async () => {
    const a = await peer('ann')
    const b = await peer('ben')
    const c = await peer('cat')
    for (const other of [b, c]) {
      await a.contacts.add(other.peerId)
      await other.contacts.add(a.peerId)
      await other.dial(addr(a))
    }
    const room = await a.privateRooms.create('family')
    for (const other of [b, c]) {
      await a.privateRooms.invite(room, other.peerId)
      await until('the invite', () => other.privateRooms.invites().some((i) => i.room === room))
      await other.privateRooms.accept(room)
    }
    const sent = await sendFile(a, { private: room }, await fileSource((await randomFile(300 * 1024)).path))
    await until('the file message at ben', async () => await recordOf(b, sent.id))
    await until('the file message at cat', async () => await recordOf(c, sent.id))
    await b.files.save(sent.id, await fileSink(join(await tempDir(), 'ben')))
    await until('ben\'s announcement at cat', async () => (await recordOf(c, sent.id))?.holders.includes(b.peerId) === true ? true : undefined)
    // Not a post: nothing new in the room's history.
    expect((await c.privateRooms.history(room)).messages.map((m) => m.file?.id)).toEqual([sent.id])
  })

  it('fetches a contact\'s files on its own only when turned on and within its size; never a stranger\'s', async () => {
    const a = await peer('ann')
    const b = await peer('ben')
    const c = await peer('cat')
    await a.contacts.add(b.peerId)
    await b.contacts.add(a.peerId)
    await b.dial(addr(a))
    await c.dial(addr(b))
    for (const p of [a, b, c]) await p.join('lobby')
    await until('the mesh', () => topicPeers(b) >= 2 && topicPeers(a) > 0 && topicPeers(c) > 0)
    // Off by default: a contact's file waits for the user.
    const first = await sendFile(a, { room: 'lobby' }, await fileSource((await randomFile(100 * 1024)).path))
    await until('the first file at ben', async () => await recordOf(b, first.id))
    await expect(b.files.autoDownload.set({ maxBytes: -1 })).rejects.toMatchObject({ name: 'InvalidAutoDownloadError' })
    expect(await b.files.autoDownload.set({ contacts: true, maxBytes: 1024 * 1024 })).toEqual({ contacts: true, maxBytes: 1024 * 1024 })
    const stranger = await sendFile(c, { room: 'lobby' }, await fileSource((await randomFile(200 * 1024)).path))
    await until('the stranger\'s file at ben', async () => await recordOf(b, stranger.id))
    const big = await sendFile(a, { room: 'lobby' }, await fileSource((await randomFile(2 * 1024 * 1024)).path))
    const { path, bytes } = await randomFile(300 * 1024)
    const small = await sendFile(a, { room: 'lobby' }, await fileSource(path))
    // Auto-downloads run one at a time in arrival order: the small file is the canary for the others.
    await until('the small file fetched on its own', async () => (await recordOf(b, small.id))?.complete === true ? true : undefined)
    expect(await b.files.held(stranger.id)).toBe(0)
    expect(await b.files.held(big.id)).toBe(0)
    expect(await b.files.held(first.id)).toBe(0)
    // Saving it now needs nobody: ann is gone.
    await a.stop()
    const out = join(await tempDir(), 'small')
    await b.files.save(small.id, await fileSink(out))
    expect(Buffer.compare(await readFile(out), bytes)).toBe(0)
    // The setting is kept in the profile.
    await b.files.autoDownload.load()
    expect(b.files.autoDownload.settings).toEqual({ contacts: true, maxBytes: 1024 * 1024 })
  })
})
