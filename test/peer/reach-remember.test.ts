/**
 * Contacts' addresses survive a restart (net/address-book.ts): A adds C from its card, restarts
 * (its profile sealed under a passphrase) and reaches C again with no card, no bootstrap peer, no
 * mDNS and no DHT path to it: only what it remembered. And the book's own bounds: at most
 * MAX_REMEMBERED_ADDRS per contact, nothing for strangers, nothing past its expiry, malformed
 * entries skipped, a damaged record reported (CorruptMessageError) and read as none. In-process
 * peers on 127.0.0.1 with real LevelDB.
 */
import { multiaddr } from '@multiformats/multiaddr'
import { AddressBook, DmPayload, MAX_REMEMBERED_ADDRS, type DirectMessage } from '@parley/node'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../support/poll.js'
import { peerPool } from '../support/in-process.js'

const CHEAP = { opsLimit: 1, memLimit: 8192 }
const pool = peerPool('remember')
const { start, stop } = pool

afterAll(pool.close)

describe('remembering where contacts are', () => {
  it('reaches a contact added from its card again after a restart, without the card', async () => {
    const c = await start({ nick: 'carol' })
    const atC: string[] = []
    c.addEventListener('dm', (evt: CustomEvent<DirectMessage>) => { if (!evt.detail.outgoing) atC.push(evt.detail.text) })
    const dataDir = await pool.dir()
    const sealed = { dataDir, passphrase: 'correct horse', keyStore: CHEAP }
    let a = await start(sealed)
    expect((await a.connectCard(c.card())).connected).toBe(true)
    await c.contacts.add(a.peerId, 'a')

    await stop(a)
    await until('c to notice a is gone', () => !c.peers().some((p) => p.peerId === a.peerId), 20_000)
    a = await start(sealed)
    expect(a.peers()).toEqual([])
    await a.dms.send(c.peerId, { kind: DmPayload.Kind.TEXT, text: 'found you from memory' })
    await until('c to receive the DM', () => atC.includes('found you from memory'), 30_000)
  })

  it('keeps at most MAX_REMEMBERED_ADDRS per contact, none for strangers, none past their expiry, skips malformed entries, and reports a damaged record', async () => {
    const a = await start()
    const errors: Error[] = []
    const book = new AddressBook({ libp2p: a.libp2p, store: a.store, isContact: (p) => a.contacts.isContact(p), onError: (e) => { errors.push(e) } })
    const contact = (await start()).peerId
    const stranger = (await start()).peerId
    await a.contacts.add(contact, 'contact')
    const many = Array.from({ length: 3 * MAX_REMEMBERED_ADDRS }, (_, i) => multiaddr(`/ip4/127.0.0.1/tcp/${10_000 + i}`))
    await book.remember(contact, many)
    const kept = await book.addresses(contact)
    expect(kept).toHaveLength(MAX_REMEMBERED_ADDRS)
    // A public address outranks loopback ones; the newest come first within a kind.
    await book.remember(contact, [multiaddr('/ip4/203.0.113.7/tcp/4001'), multiaddr('/ip4/127.0.0.1/tcp/9999')])
    expect((await book.addresses(contact)).map((x) => x.toString()).slice(0, 2)).toEqual(['/ip4/203.0.113.7/tcp/4001', '/ip4/127.0.0.1/tcp/9999'])

    await book.remember(stranger, many)
    expect(await book.addresses(stranger)).toEqual([])

    await book.forget(contact)
    await book.remember(contact, many.slice(0, 2), Date.now() - 1)
    expect(await book.addresses(contact)).toEqual([])

    await a.store.kv('settings').put(`reach-addrs:${contact}`, new TextEncoder().encode('[["not a multiaddr", 9e15], 7, {"x": 1}]'))
    expect(await book.addresses(contact)).toEqual([])
    await book.remember(contact, many.slice(0, 1))
    expect((await book.addresses(contact)).map(String)).toEqual([many[0].toString()])
    expect(errors).toEqual([])
    // A record that is not a list at all is damaged: reported, read as none, replaced by the next write.
    await a.store.kv('settings').put(`reach-addrs:${contact}`, new TextEncoder().encode('{"not": "a list"'))
    expect(await book.addresses(contact)).toEqual([])
    expect(errors.map((e) => e.name)).toEqual(['CorruptMessageError'])
    await book.remember(contact, many.slice(0, 1))
    expect((await book.addresses(contact)).map(String)).toEqual([many[0].toString()])
  })
})
