/**
 * Attacks on `/parley/mailbox/1.0.0` against a real `parley --json` mailbox:
 * a stranger filling a recipient's quota, deposits for non-contacts and
 * from blocked peers, and items past their expiry.
 */
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { pbStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { generateIdentity, libp2pPrivateKeyBytes, randomBytes, ready, toHex } from '@parley/crypto'
import type { Libp2p } from 'libp2p'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAILBOX_EXPIRY_MS, MAILBOX_PROTOCOL, MAX_MAILBOXES, MAILBOX_SHARE_ITEMS, mailboxItemKey } from '../../packages/node/src/dm/mailbox.js'
import { openNodeProfileStore } from '../../packages/node/src/node/open-store.js'
import { MailboxItem, MailboxReply, MailboxRequest } from '../../packages/node/src/pb/dm.js'
import { Cluster, type Json, type ParleyProcess } from './harness.js'
import { until } from '../support/poll.js'
import { rawNode, type RawNode } from '../support/raw-node.js'

/** A raw libp2p node keyed like a Parley peer (an Ed25519 identity), speaking only what the test makes it say. */
async function stranger (): Promise<RawNode> {
  return rawNode()
}

/** Deposits a frame of `size` random bytes for `recipient`; the reply's error name, or 'ok'. */
async function deposit (from: Libp2p, mailbox: ParleyProcess, recipient: string, size = 1024): Promise<string> {
  const stream = await from.dialProtocol(peerIdFromString(mailbox.peerId), MAILBOX_PROTOCOL)
  const pb = pbStream(stream)
  await pb.write({ op: MailboxRequest.Op.DEPOSIT, recipient, frame: randomBytes(size) as Uint8Array<ArrayBuffer>, ids: [] }, MailboxRequest)
  const reply = await pb.read(MailboxReply)
  await stream.close()
  return reply.ok ? 'ok' : reply.error
}

const heldFor = async (m: ParleyProcess, peer: string): Promise<number> => ((await m.ok({ cmd: 'mailbox' })).held[peer] as number | undefined) ?? 0

describe('attacks on a mailbox', () => {
  const cluster = new Cluster()
  const raws: Libp2p[] = []
  beforeAll(async () => { await ready() })
  afterAll(async () => {
    await Promise.all(raws.map(async (r) => r.stop()))
    await cluster.close()
  })

  it('lets a stranger fill only its own share: an honest DM still gets through, and the counts survive a restart', async () => {
    const mDir = await cluster.dir()
    let m = await cluster.start(mDir, ['--mailbox'])
    const a = await cluster.start(undefined, ['--bootstrap', m.addr])
    const bDir = await cluster.dir()
    let b = await cluster.start(bDir, ['--bootstrap', m.addr, '--bootstrap', a.addr])
    const bId = b.peerId
    await m.ok({ cmd: 'contact-add', peer: bId, petname: 'b' })
    await b.ok({ cmd: 'contact-add', peer: a.peerId, petname: 'a' })
    await until('B to reach A and M', async () => ((await b.ok({ cmd: 'peers' })).peers as Json[]).length >= 2, 20_000)
    await b.ok({ cmd: 'mailbox-use', peers: [m.peerId] })
    await until('A to learn B\'s mailbox', async () => ((await a.ok({ cmd: 'mailboxes-of', peer: bId })).mailboxes as string[]).includes(m.peerId), 20_000)
    await b.ok({ cmd: 'quit' })
    await b.exited

    const s = await stranger()
    raws.push(s)
    await s.dial(multiaddr(m.addr))
    for (let i = 0; i < MAILBOX_SHARE_ITEMS; i++) expect(await deposit(s, m, bId)).toBe('ok')
    expect(await deposit(s, m, bId)).toBe('MailboxFullError')

    const sent = (await a.ok({ cmd: 'dm', to: bId, text: 'past the flood' })).message
    await until('M to hold the honest DM too', async () => (await heldFor(m, bId)) === MAILBOX_SHARE_ITEMS + 1, 30_000)

    // Counters are rebuilt from the store at start: the stranger's share is still used up.
    await m.ok({ cmd: 'quit' })
    await m.exited
    m = await cluster.start(mDir, ['--mailbox'])
    expect(await heldFor(m, bId)).toBe(MAILBOX_SHARE_ITEMS + 1)
    await s.dial(multiaddr(m.addr))
    expect(await deposit(s, m, bId)).toBe('MailboxFullError')

    b = await cluster.start(bDir, ['--bootstrap', m.addr])
    const dm = await b.waitFor((e) => e.event === 'dm' && e.id === sent.id, 30_000, 'B to receive the honest DM')
    expect(dm.text).toBe('past the flood')
    // The stranger's 200 frames do not decrypt; B stays up, acknowledges them all, and shows none.
    await until('M to drop everything B acknowledged', async () => (await heldFor(m, bId)) === 0, 30_000)
    expect((await b.ok({ cmd: 'whoami' })).peerId).toBe(bId)
    expect(b.events.filter((e) => e.event === 'dm')).toHaveLength(1)
  })

  it('refuses deposits for a non-contact and from a blocked peer with one and the same name, and drops expired items', async () => {
    const mDir = await cluster.dir()
    let m = await cluster.start(mDir, ['--mailbox'])
    const bId = (await cluster.start()).peerId
    await m.ok({ cmd: 'contact-add', peer: bId, petname: 'b' })
    const s = await stranger()
    raws.push(s)
    await s.dial(multiaddr(m.addr))
    const notAContact = peerIdFromPrivateKey(privateKeyFromRaw(libp2pPrivateKeyBytes(generateIdentity()))).toString()
    expect(await deposit(s, m, notAContact)).toBe('MailboxRefusedError')
    expect(await deposit(s, m, bId)).toBe('ok')
    await m.ok({ cmd: 'contact-add', peer: s.peerId.toString(), petname: 's' })
    await m.ok({ cmd: 'block', peer: s.peerId.toString() })
    expect(await deposit(s, m, bId)).toBe('MailboxRefusedError')
    expect(await heldFor(m, bId)).toBe(1)
    // A peer names a bounded number of mailboxes (a contact's announcement is decoded with the same limit).
    const many = Array.from({ length: MAX_MAILBOXES + 1 }, () => peerIdFromPrivateKey(privateKeyFromRaw(libp2pPrivateKeyBytes(generateIdentity()))).toString())
    expect((await m.send({ cmd: 'mailbox-use', peers: many })).error?.name).toBe('InvalidMailboxRequestError')

    // An item deposited longer ago than the expiry, written straight into the stopped mailbox's store.
    await m.ok({ cmd: 'quit' })
    await m.exited
    const store = await openNodeProfileStore(mDir)
    const old = Date.now() - MAILBOX_EXPIRY_MS - 60_000
    const id = toHex(randomBytes(16))
    await store.kv('mailbox').put(mailboxItemKey(bId, old, id), MailboxItem.encode({ id, sender: s.peerId.toString(), frame: randomBytes(100) as Uint8Array<ArrayBuffer>, depositedAt: BigInt(old) }))
    await store.close()
    m = await cluster.start(mDir, ['--mailbox'])
    expect(await heldFor(m, bId)).toBe(1)
  })
})
