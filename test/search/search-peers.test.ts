/**
 * Search on real peers (in one process, real libp2p on 127.0.0.1, real LevelDB): a word is found
 * in a public room, a private room and a DM, never in a deleted message; edits are found as they
 * are now; the index survives a restart, is rebuilt when its records are removed or damaged; and
 * in a profile with a passphrase no file holds a searched word in clear. A file message is found by
 * its file's name, with or without a caption, in each kind of conversation.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DmPayload, privateRoomConversationId, sendFile, type Peer } from '@parley/node'
import { fileSource, openNodeProfileStore } from '@parley/node/node'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../support/poll.js'
import { peerPool } from '../support/in-process.js'
import { findBytes } from '../privacy/support.js'

const pool = peerPool('search')
const { dir, stop } = pool
const PASSPHRASE = 'search at rest'

const start = async (dataDir: string, nick: string, passphrase?: string): Promise<Peer> => pool.start({ dataDir, nick, passphrase })

const found = async (peer: Peer, query: string, conversation?: string): Promise<string[]> =>
  (await peer.search(query, { conversation })).map((r) => `${r.conversation.split(':')[0]} ${r.text}`).sort()

afterAll(pool.close)

describe('search', () => {
  it('finds a word in rooms, private rooms and DMs, as edited, and never in a deleted message; survives a restart and is rebuilt', async () => {
    const annDir = await dir()
    let ann = await start(annDir, 'ann')
    const ben = await start(await dir(), 'ben')
    await ann.contacts.add(ben.peerId)
    await ben.contacts.add(ann.peerId)
    await ann.dial(ben.addrs().find((a) => a.includes('127.0.0.1')) ?? '')
    await Promise.all([ann.join('lobby'), ben.join('lobby')])

    const arrived = (type: 'message' | 'dm' | 'delete' | 'edit', id: string): Promise<void> => new Promise((resolve) => {
      ann.addEventListener(type, (evt) => { if ((evt.detail as { id: string }).id === id) resolve() })
    })
    // Gossip may lose what is sent before the mesh forms: ann pulls what she lacks by sync.
    const has = async (id: string): Promise<boolean> => (await ann.rooms.get('lobby', id)) !== undefined || (await ann.resync('lobby'), false)
    const roomId = (await ben.rooms.send('lobby', 'the quokka smiles in the lobby')).id
    const gone = await ben.rooms.send('lobby', 'quokka secret that will vanish')
    await until('ben\'s room messages to reach ann', async () => await has(roomId) && await has(gone.id), 30_000, 500)
    const deleted = arrived('delete', gone.id)
    await ben.rooms.delete('lobby', gone.id)
    await deleted
    const dm = await ben.dms.send(ann.peerId, { kind: DmPayload.Kind.TEXT, text: 'a quokka wrote to you directly' })
    await until('the DM', async () => (await ann.dms.history(ben.peerId)).messages.some((m) => m.id === dm.id), 20_000)
    const edited = await ben.dms.send(ann.peerId, { kind: DmPayload.Kind.TEXT, text: 'first draft wombat' })
    await ben.dms.send(ann.peerId, { kind: DmPayload.Kind.EDIT, target: edited.id, text: 'final numbat' })
    await until('the edit', async () => (await ann.dms.history(ben.peerId)).messages.some((m) => m.text === 'final numbat'), 20_000)
    const privateRoom = await ann.privateRooms.create('diary')
    await ann.privateRooms.send(privateRoom, 'my private quokka notes')

    const everywhere = ['dm a quokka wrote to you directly', 'private my private quokka notes', 'room the quokka smiles in the lobby']
    expect(await found(ann, 'quokka')).toEqual(everywhere)
    expect(await found(ann, 'vanish')).toEqual([])
    expect(await found(ann, 'secret')).toEqual([])
    expect(await found(ann, 'wombat')).toEqual([])
    expect(await found(ann, 'numbat')).toEqual(['dm final numbat'])
    expect(await found(ann, 'quok', privateRoomConversationId(privateRoom))).toEqual(['private my private quokka notes'])
    const [hit] = await ann.search('smiles', { conversation: 'room:lobby' })
    expect(hit).toMatchObject({ conversation: 'room:lobby', id: roomId, from: ben.peerId, nick: 'ben', text: 'the quokka smiles in the lobby' })
    expect(hit.snippet).toContain('smiles')
    await expect(ann.search('   ')).rejects.toMatchObject({ name: 'InvalidSearchError' })
    await expect(ann.search('x'.repeat(201))).rejects.toMatchObject({ name: 'InvalidSearchError' })
    await expect(ann.search('quokka', { limit: 0 })).rejects.toMatchObject({ name: 'InvalidSearchError' })

    // Arrives while the index is loaded, then the peer restarts: both found from the stored index.
    const late = await ben.dms.send(ann.peerId, { kind: DmPayload.Kind.TEXT, text: 'late quokka' })
    await until('the late DM', async () => (await ann.dms.history(ben.peerId)).messages.some((m) => m.id === late.id), 20_000)
    await stop(ann)
    let store = await openNodeProfileStore(annDir)
    const keys: string[] = []
    for await (const [key] of store.kv('search').entries()) keys.push(key)
    await store.close()
    expect(keys).toContain('meta')
    expect(keys.some((k) => k.startsWith('seg:'))).toBe(true)
    ann = await start(annDir, 'ann')
    expect(await found(ann, 'quokka')).toEqual([...everywhere, 'dm late quokka'].sort())

    // Its records removed, the index is rebuilt from history.
    await stop(ann)
    store = await openNodeProfileStore(annDir)
    for (const key of keys) await store.kv('search').del(key)
    await store.close()
    ann = await start(annDir, 'ann')
    expect(await found(ann, 'quokka')).toEqual([...everywhere, 'dm late quokka'].sort())
    expect(await found(ann, 'vanish')).toEqual([])

    // A damaged meta record: rebuilt too.
    await stop(ann)
    store = await openNodeProfileStore(annDir)
    await store.kv('search').put('meta', new TextEncoder().encode('{"v":2,"conversations":"not a list"'))
    await store.close()
    ann = await start(annDir, 'ann')
    expect(await found(ann, 'numbat')).toEqual(['dm final numbat'])
  }, 120_000)

  it('finds a file message by its file\'s name in a DM, a room and a private room, captioned or not', async () => {
    const ann = await start(await dir(), 'ann')
    const ben = await start(await dir(), 'ben')
    await ann.contacts.add(ben.peerId)
    await ann.join('lobby')
    const room = await ann.privateRooms.create('album')
    const file = async (name: string): Promise<Awaited<ReturnType<typeof fileSource>>> => {
      const path = join(await dir(), name)
      await writeFile(path, `the bytes of ${name}`)
      return fileSource(path)
    }
    await sendFile(ann, { to: ben.peerId }, await file('platypus-report.pdf'), { caption: 'quarterly numbers' })
    await sendFile(ann, { to: ben.peerId }, await file('echidna.txt'))
    await sendFile(ann, { room: 'lobby' }, await file('dingo.csv'), { caption: 'see attached' })
    await sendFile(ann, { room: 'lobby' }, await file('bilby.csv'))
    await sendFile(ann, { private: room }, await file('wallaby.png'), { caption: 'holiday' })
    expect(await found(ann, 'platypus')).toEqual(['dm quarterly numbers\nplatypus-report.pdf'])
    expect(await found(ann, 'quarterly')).toEqual(['dm quarterly numbers\nplatypus-report.pdf'])
    expect(await found(ann, 'echidna')).toEqual(['dm echidna.txt'])
    expect(await found(ann, 'dingo')).toEqual(['room see attached\ndingo.csv'])
    expect(await found(ann, 'bilby')).toEqual(['room bilby.csv'])
    expect(await found(ann, 'wallaby')).toEqual(['private holiday\nwallaby.png'])
  }, 60_000)

  it('keeps no searched word in clear in a profile with a passphrase', async () => {
    const sealedDir = await dir()
    let peer = await start(sealedDir, 'sealed', PASSPHRASE)
    await peer.join('vault')
    await peer.rooms.send('vault', 'Xylophonic marmalade quasar')
    const privateRoom = await peer.privateRooms.create('notes')
    await peer.privateRooms.send(privateRoom, 'Glimmerous tangerine')
    expect((await peer.search('marmalade')).map((r) => r.text)).toEqual(['Xylophonic marmalade quasar'])
    await stop(peer)
    // The index as stored after a replay: reopen, search, stop.
    peer = await start(sealedDir, 'sealed', PASSPHRASE)
    expect((await peer.search('tangerine')).map((r) => r.text)).toEqual(['Glimmerous tangerine'])
    await stop(peer)
    const words = ['xylophonic', 'marmalade', 'quasar', 'glimmerous', 'tangerine', 'Xylophonic', 'Glimmerous', 'vault']
    expect(await findBytes(sealedDir, Object.fromEntries(words.map((w) => [w, w])))).toEqual({})

    // The same scan finds the index's words in a clear profile: it can fail.
    const clearDir = await dir()
    const clear = await start(clearDir, 'clear')
    await clear.join('vault')
    await clear.rooms.send('vault', 'Xylophonic marmalade quasar')
    await clear.search('quasar')
    await stop(clear)
    expect(Object.keys(await findBytes(clearDir, { xylophonic: 'xylophonic' }))).toEqual(['xylophonic'])
  }, 120_000)
})
