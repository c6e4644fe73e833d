/**
 * Files between real peers in one process (LevelDB and blobs on disk in temp folders, TCP on
 * 127.0.0.1): a DM file arrives byte-identical and only the two parties can fetch it; a holder
 * that serves a corrupted chunk is dropped, banned and penalised in gossipsub while the file still arrives whole; a
 * private room's file is served to its members and to no one else.
 */
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pbStream } from '@libp2p/utils'
import { BLOB_PROTOCOL, BlobReply, BlobRequest, FileRecord, type FileRef, sendFile, type Peer } from '@parley/node'
import { fileSink, fileSource } from '@parley/node/node'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../support/poll.js'
import { peerPool } from '../support/in-process.js'
import { rawNode, type RawNode } from '../support/raw-node.js'
import { peerScore } from '../../packages/node/src/pubsub.js'

const pool = peerPool('files')
const tempDir = pool.dir
const raws: RawNode[] = []

const peer = async (nick: string): Promise<Peer> => pool.start({ nick })

const addr = (p: Peer): string => p.addrs().find((x) => x.includes('127.0.0.1')) ?? ''

async function friends (a: Peer, b: Peer): Promise<void> {
  await a.contacts.add(b.peerId)
  await b.contacts.add(a.peerId)
  await a.dial(addr(b))
}

/** A file of `size` random bytes on disk. */
async function randomFile (size: number): Promise<{ path: string, bytes: Uint8Array }> {
  const path = join(await tempDir(), 'photo.jpg')
  const bytes = randomBytes(size)
  await writeFile(path, bytes)
  return { path, bytes }
}

/** The reference (key included) a peer keeps for one of its files. */
async function refOf (p: Peer, id: string): Promise<FileRef> {
  const bytes = await p.store.kv('files').get(id)
  if (bytes === undefined) throw new Error(`no record of ${id}`)
  const ref = FileRecord.decode(bytes).ref
  if (ref === undefined) throw new Error(`no reference in the record of ${id}`)
  return ref
}

afterAll(async () => {
  await Promise.allSettled(raws.map(async (r) => r.stop()))
  await pool.close()
})

describe('files between peers', () => {
  it('sends a DM file that arrives byte-identical, fetchable by the two parties only', async () => {
    const a = await peer('ann')
    const b = await peer('ben')
    const c = await peer('cat')
    await friends(a, b)
    const { path, bytes } = await randomFile(3 * 1024 * 1024 + 12345)
    const sent = await sendFile(a, { to: b.peerId }, await fileSource(path), { caption: 'the beach' })
    expect(sent).toMatchObject({ name: 'photo.jpg', type: 'image/jpeg', size: bytes.length, outgoing: true, complete: true })
    const arrived = await until('the file message', async () => (await b.files.list()).find((f) => f.id === sent.id))
    expect(arrived).toMatchObject({ conversation: `dm:${a.peerId}`, from: a.peerId, complete: false, caption: 'the beach' })
    const dm = (await b.dms.history(a.peerId)).messages[0]
    expect(dm.file).toMatchObject({ id: sent.id, name: 'photo.jpg', size: bytes.length })
    const out = join(await tempDir(), 'saved.jpg')
    await b.files.save(sent.id, await fileSink(out))
    expect(Buffer.compare(await readFile(out), bytes)).toBe(0)

    // A third peer that learns the reference (here: handed it) is refused by both holders.
    const ref = await refOf(a, sent.id)
    await c.dial(addr(a))
    await c.dial(addr(b))
    await c.files.remember(`dm:${a.peerId}`, sent.message, a.peerId, ref, false)
    await expect(c.files.save(sent.id, await fileSink(join(await tempDir(), 'stolen')), { from: [b.peerId] })).rejects.toMatchObject({ name: 'FileUnavailableError' })
    expect(c.files.isBanned(a.peerId)).toBe(false)
  })
  it('drops and bans a holder that serves a corrupted chunk, and still gets the whole file from the honest one', async () => {
    const a = await peer('ann')
    const b = await peer('ben')
    await friends(a, b)
    const liar = await rawNode()
    raws.push(liar)
    let lies = 0
    // The liar claims every chunk and serves random bytes of the right length with an empty proof.
    await liar.handle(BLOB_PROTOCOL, async (stream) => {
      const pb = pbStream(stream)
      const request = await pb.read(BlobRequest)
      for (const index of request.indexes) {
        lies++
        await pb.write({ status: BlobReply.Status.OK, index, chunk: new Uint8Array(randomBytes(256 * 1024 + 16)), proof: [], count: 0 }, BlobReply)
      }
      await stream.close()
    }, { runOnLimitedConnection: true })
    await liar.dial(multiaddr(addr(b)))
    // Gossipsub scores only peers it talks to: the liar is one before it lies.
    await until('gossipsub to know the liar', () => b.libp2p.services.pubsub.getPeers().some((p) => p.equals(liar.peerId)))
    const errors: string[] = []
    b.addEventListener('error', (evt) => { errors.push(evt.detail.error.name) })
    const { path, bytes } = await randomFile(5 * 256 * 1024)
    const sent = await sendFile(a, { to: b.peerId }, await fileSource(path))
    await until('the file message', async () => (await b.files.list()).find((f) => f.id === sent.id))
    const out = join(await tempDir(), 'saved')
    await b.files.save(sent.id, await fileSink(out), { from: [liar.peerId.toString()] })
    expect(Buffer.compare(await readFile(out), bytes)).toBe(0)
    expect(lies).toBeGreaterThan(0)
    expect(b.files.isBanned(liar.peerId.toString())).toBe(true)
    expect(errors).toContain('InvalidChunkProofError')
    await until('the liar to be hung up on', () => b.libp2p.getConnections(liar.peerId).length === 0)
    // And penalised in gossipsub: below the graylist threshold (-80), kept after the hang-up.
    expect(peerScore(b.libp2p.services.pubsub, liar.peerId.toString())).toBeLessThan(-80)
  })

  it('sends a file in a private room that its members fetch, and serves it to no one else', async () => {
    const a = await peer('ann')
    const b = await peer('ben')
    const c = await peer('cat')
    await friends(a, b)
    await c.dial(addr(a))
    const room = await a.privateRooms.create('family')
    await a.privateRooms.invite(room, b.peerId)
    await until('the invite', () => b.privateRooms.invites().some((i) => i.room === room))
    await b.privateRooms.accept(room)
    const { path, bytes } = await randomFile(300 * 1024)
    const sent = await sendFile(a, { private: room }, await fileSource(path), { caption: 'us' })
    const message = await until('the file message', async () => (await b.privateRooms.history(room)).messages.find((m) => m.file?.id === sent.id))
    expect(message).toMatchObject({ text: 'us', file: { name: 'photo.jpg', size: bytes.length } })
    // The non-member, handed the reference, is refused; the member (asked after it, as the canary) is served.
    await c.files.remember(`private:${room}`, sent.message, a.peerId, await refOf(a, sent.id), false)
    await expect(c.files.save(sent.id, await fileSink(join(await tempDir(), 'stolen')))).rejects.toMatchObject({ name: 'FileUnavailableError' })
    const out = join(await tempDir(), 'saved')
    await b.files.save(sent.id, await fileSink(out))
    expect(Buffer.compare(await readFile(out), bytes)).toBe(0)
  })

  it('sends a file in a public room that any member fetches, from another member that holds it too', async () => {
    const a = await peer('ann')
    const b = await peer('ben')
    const c = await peer('cat')
    await b.dial(addr(a))
    await c.dial(addr(b))
    for (const p of [a, b, c]) await p.join('lobby')
    await until('the mesh', () => a.libp2p.services.pubsub.getSubscribers('/parley/room/1/lobby').length > 0 && c.libp2p.services.pubsub.getSubscribers('/parley/room/1/lobby').length > 0)
    const { path, bytes } = await randomFile(600 * 1024)
    const sent = await sendFile(a, { room: 'lobby' }, await fileSource(path))
    const message = await until('the file message at cat', async () => (await c.rooms.history('lobby')).messages.find((m) => m.file?.id === sent.id))
    expect(message).toMatchObject({ text: 'photo.jpg', file: { name: 'photo.jpg' } })
    await until('the file message at ben', async () => (await b.files.list()).find((f) => f.id === sent.id))
    await b.files.save(sent.id, await fileSink(join(await tempDir(), 'ben')))
    // Cat is not connected to the author: it fetches from ben, a member that holds the file.
    expect(c.libp2p.getConnections(a.libp2p.peerId).length).toBe(0)
    const out = join(await tempDir(), 'cat')
    await c.files.save(sent.id, await fileSink(out))
    expect(Buffer.compare(await readFile(out), bytes)).toBe(0)
  })

  it('refuses a stranger\'s requests beyond its rate, and resets a stream that sends garbage', async () => {
    const victim = await pool.start({ files: { serveChunksPerSecond: 20 } })
    const stranger = await rawNode()
    raws.push(stranger)
    const ask = async (indexes: number[]): Promise<BlobReply.Status> => {
      const stream = await stranger.dialProtocol(multiaddr(addr(victim)), BLOB_PROTOCOL)
      const pb = pbStream(stream)
      await pb.write({ root: new Uint8Array(randomBytes(32)), indexes }, BlobRequest)
      const reply = await pb.read(BlobReply)
      await stream.close()
      return reply.status
    }
    const statuses: BlobReply.Status[] = []
    for (let i = 0; i < 6; i++) statuses.push(await ask(Array.from({ length: 16 }, (_, j) => j)))
    expect(statuses).toContain(BlobReply.Status.NOT_FOUND)
    expect(statuses).toContain(BlobReply.Status.RATE_LIMITED)
    // A whole frame of garbage instead of a request (InvalidBlobRequestError there): the stream is reset, nothing is answered.
    const stream = await stranger.dialProtocol(multiaddr(addr(victim)), BLOB_PROTOCOL)
    const closed = new Promise<string | undefined>((resolve) => { stream.addEventListener('close', (evt) => { resolve(evt.error?.name) }) })
    stream.send(Uint8Array.of(4, 0xff, 0xff, 0xff, 0xff))
    expect(await closed).toBe('StreamResetError')
    // The peer still serves (the canary): a well-formed request after a second gets its answer.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(await ask([0])).toBe(BlobReply.Status.NOT_FOUND)
  })
})
