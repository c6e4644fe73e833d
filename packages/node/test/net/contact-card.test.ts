import { generateIdentity, ready, sign, SIGNATURE_LABELS } from '@parley/crypto'
import { multiaddr } from '@multiformats/multiaddr'
import { fromString, toString } from 'uint8arrays'
import { beforeAll, describe, expect, it } from 'vitest'
import { ContactCard, SignedContactCard } from '../../src/pb/card.js'
import {
  CARD_LINK_PREFIX, CARD_VALIDITY_MS, createContactCard, isContactCardLink, MAX_CARD_ADDRS, MAX_CARD_LINK_LENGTH, parseContactCard
} from '../../src/net/index.js'
import type { Identity } from '@parley/crypto'

let alice: Identity
let mallory: Identity
const NOW = 1_800_000_000_000
const ADDRS = ['/ip4/127.0.0.1/tcp/4001', '/ip4/93.184.216.34/tcp/4001/ws', '/ip4/203.0.113.9/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA/p2p-circuit']

/** Re-signs a hand-made card body with `who`, as a link. */
function forge (who: Identity, body: Partial<ContactCard>, signer: Identity = who): string {
  const card = ContactCard.encode({ version: 1, publicKey: who.publicKey as Uint8Array<ArrayBuffer>, nick: 'alice', addrs: [], issuedAt: BigInt(NOW), expiresAt: BigInt(NOW + 1000), ...body })
  const signature = sign(signer, SIGNATURE_LABELS.contactCard, card) as Uint8Array<ArrayBuffer>
  return CARD_LINK_PREFIX + toString(SignedContactCard.encode({ card, signature }), 'base64url')
}

const reason = (fn: () => unknown): string | undefined => {
  try { fn() } catch (err) { return `${(err as Error).name}:${(err as { reason?: string }).reason ?? ''}` }
  return undefined
}

describe('contact cards', () => {
  beforeAll(async () => {
    await ready()
    alice = generateIdentity()
    mallory = generateIdentity()
  })

  it('round-trips the peer, nick and addresses, each ending in the peer id', () => {
    const link = createContactCard(alice, { nick: 'alice', addrs: ADDRS, issuedAt: NOW })
    expect(isContactCardLink(link)).toBe(true)
    expect(link).toMatch(/^parley:card\/[A-Za-z0-9_-]+$/)
    const card = parseContactCard(link, { now: NOW + 1 })
    expect(card.nick).toBe('alice')
    expect(card.expiresAt).toBe(NOW + CARD_VALIDITY_MS)
    expect(card.addrs.map(String).sort()).toEqual(ADDRS.map((a) => `${a}/p2p/${card.peerId}`).sort())
    // Public direct addresses first, then relay ones, loopback last.
    expect(card.addrs[0].toString()).toContain('93.184.216.34')
    expect(card.addrs.at(-1)?.toString()).toContain('127.0.0.1')
  })

  it('drops its own trailing /p2p/<id> and duplicates, and keeps at most MAX_CARD_ADDRS addresses', () => {
    const first = parseContactCard(createContactCard(alice, { nick: 'alice', addrs: [], issuedAt: NOW }), { now: NOW })
    const own = `/ip4/127.0.0.1/tcp/4001/p2p/${first.peerId}`
    const many = Array.from({ length: 20 }, (_, i) => `/ip4/198.51.100.${i}/tcp/1`)
    const card = parseContactCard(createContactCard(alice, { nick: 'alice', addrs: [own, own, '/ip4/127.0.0.1/tcp/4001', ...many], issuedAt: NOW }), { now: NOW })
    expect(card.addrs).toHaveLength(MAX_CARD_ADDRS)
    expect(card.addrs.map(String)).not.toContain(`${own}/p2p/${first.peerId}`)
    expect(new Set(card.addrs.map(String)).size).toBe(MAX_CARD_ADDRS)
  })

  it('refuses a card signed by another key than the one it carries', () => {
    expect(reason(() => parseContactCard(forge(alice, {}, mallory), { now: NOW }))).toBe('InvalidContactCardError:signature')
  })

  it('refuses a card whose body was changed after signing', () => {
    const link = createContactCard(alice, { nick: 'alice', addrs: ADDRS, issuedAt: NOW })
    const signed = SignedContactCard.decode(fromString(link.slice(CARD_LINK_PREFIX.length), 'base64url'))
    const body = ContactCard.decode(signed.card)
    const card = ContactCard.encode({ ...body, nick: 'bob' })
    const tampered = CARD_LINK_PREFIX + toString(SignedContactCard.encode({ card, signature: signed.signature }), 'base64url')
    expect(reason(() => parseContactCard(tampered, { now: NOW }))).toBe('InvalidContactCardError:signature')
  })

  it('refuses an expired card, and one issued far in the future, with ExpiredContactCardError', () => {
    const link = createContactCard(alice, { nick: 'alice', addrs: [], issuedAt: NOW, validityMs: 1000 })
    expect(reason(() => parseContactCard(link, { now: NOW + 1001 }))).toBe('ExpiredContactCardError:')
    expect(reason(() => parseContactCard(link, { now: NOW - 3600_000 }))).toBe('ExpiredContactCardError:')
  })

  it('refuses validity periods it would never issue', () => {
    expect(reason(() => parseContactCard(forge(alice, { expiresAt: BigInt(NOW) }), { now: NOW }))).toBe('InvalidContactCardError:dates')
    expect(reason(() => parseContactCard(forge(alice, { expiresAt: 2n ** 63n }), { now: NOW }))).toBe('InvalidContactCardError:dates')
  })

  it('refuses nicks that are empty, too long or not displayable', () => {
    for (const nick of ['', '   ', 'x'.repeat(65), 'evil\u202Egnp.exe', 'a\nb']) {
      expect(reason(() => parseContactCard(forge(alice, { nick }), { now: NOW }))).toBe('InvalidContactCardError:nick')
    }
  })

  it('refuses bad addresses, and an address that names a peer as its last hop', () => {
    expect(reason(() => parseContactCard(forge(alice, { addrs: [Uint8Array.of(1, 2, 3, 200)] }), { now: NOW }))).toBe('InvalidContactCardError:address')
    expect(reason(() => parseContactCard(forge(alice, { addrs: [new Uint8Array(0)] }), { now: NOW }))).toBe('InvalidContactCardError:address')
    const mal = parseContactCard(createContactCard(mallory, { nick: 'm', addrs: [], issuedAt: NOW }), { now: NOW }).peerId
    expect(reason(() => parseContactCard(forge(alice, { addrs: [multiaddr(`/ip4/1.2.3.4/tcp/1/p2p/${mal}`).bytes] }), { now: NOW }))).toBe('InvalidContactCardError:address')
  })

  it('refuses more addresses than MAX_CARD_ADDRS, wrong versions and keys, with InvalidContactCardError', () => {
    const addrs = Array.from({ length: MAX_CARD_ADDRS + 1 }, () => Uint8Array.of(4, 127, 0, 0, 1))
    expect(reason(() => parseContactCard(forge(alice, { addrs }), { now: NOW }))).toBe('InvalidContactCardError:decode')
    expect(reason(() => parseContactCard(forge(alice, { version: 2 }), { now: NOW }))).toBe('InvalidContactCardError:version')
    expect(reason(() => parseContactCard(forge(alice, { publicKey: new Uint8Array(31) }), { now: NOW }))).toBe('InvalidContactCardError:key')
  })

  it('refuses garbage, other links and oversized links with typed errors', () => {
    expect(reason(() => parseContactCard('https://example.org', { now: NOW }))).toBe('InvalidContactCardError:prefix')
    expect(reason(() => parseContactCard(`${CARD_LINK_PREFIX}!!!`, { now: NOW }))).toBe('InvalidContactCardError:encoding')
    expect(reason(() => parseContactCard(`${CARD_LINK_PREFIX}AAAA`, { now: NOW }))).toMatch(/^InvalidContactCardError:/)
    expect(reason(() => parseContactCard(CARD_LINK_PREFIX + 'A'.repeat(MAX_CARD_LINK_LENGTH), { now: NOW }))).toBe('ContactCardTooLargeError:')
  })
})
