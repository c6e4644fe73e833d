import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MailboxLedger, type LedgerLimits } from '../../src/dm/mailbox-ledger.js'

const LIMITS: LedgerLimits = { totalItems: 10, totalBytes: 1000, shareItems: 4, shareBytes: 400, expiryMs: 1000 }
const T = 1_700_000_000_000
let next = 0

/** Admits and records a deposit as the mailbox does; returns the refusal or the evicted ids. */
function deposit (ledger: MailboxLedger, sender: string, bytes: number, at = T): string | string[] {
  const decision = ledger.admit('bob', sender, bytes)
  if ('refused' in decision) return decision.refused
  for (const item of decision.evict) ledger.remove(item.recipient, item.id)
  const id = `i${next++}`
  ledger.add({ key: id, id, recipient: 'bob', sender, bytes, at })
  return decision.evict.map((i) => i.sender)
}

describe('MailboxLedger', () => {
  it('gives each depositor its own share: a stranger that used up its share cannot stop another depositor', () => {
    const ledger = new MailboxLedger(LIMITS)
    for (let i = 0; i < 4; i++) expect(deposit(ledger, 'stranger', 10)).toEqual([])
    expect(deposit(ledger, 'stranger', 10)).toBe('share')
    expect(deposit(ledger, 'alice', 10)).toEqual([])
    expect(ledger.held('bob', 'stranger')).toEqual({ items: 4, bytes: 40 })
    expect(ledger.held('bob')).toEqual({ items: 5, bytes: 50 })
  })

  it('counts bytes against the share too', () => {
    const ledger = new MailboxLedger(LIMITS)
    expect(deposit(ledger, 'stranger', 399)).toEqual([])
    expect(deposit(ledger, 'stranger', 2)).toBe('share')
  })

  it('when many keys fill the total, an honest depositor evicts the largest holder\'s oldest item', () => {
    const ledger = new MailboxLedger(LIMITS)
    for (const sybil of ['s1', 's2', 's3']) for (let i = 0; i < 3; i++) deposit(ledger, sybil, 10 + (sybil === 's2' ? 5 : 0), T + i)
    expect(deposit(ledger, 's4', 10)).toEqual([])
    expect(ledger.held('bob').items).toBe(10)
    expect(deposit(ledger, 'alice', 10)).toEqual(['s2'])
    expect(ledger.held('bob')).toEqual({ items: 10, bytes: 100 + 10 })
    expect(ledger.held('bob', 's2').items).toBe(2)
    // A holder that would then hold more than anyone else evicts nobody: it is refused.
    expect(deposit(ledger, 's1', 10)).toBe('full')
    // One holding less may still take from the largest.
    expect(deposit(ledger, 's4', 10)).toEqual(['s1'])
  })

  it('lists items past the expiry, oldest first per depositor', () => {
    const ledger = new MailboxLedger(LIMITS)
    deposit(ledger, 'a', 10, T)
    deposit(ledger, 'a', 10, T + 600)
    deposit(ledger, 'b', 10, T + 100)
    expect(ledger.expired('bob', T + 1000).map((i) => i.at)).toEqual([])
    expect(ledger.expired('bob', T + 1200).map((i) => i.at).sort()).toEqual([T, T + 100])
  })

  it('keeps its counters exact and within the limits whatever the order of deposits and removals', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('deposit' as const), sender: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), bytes: fc.integer({ min: 1, max: 300 }) }),
      fc.record({ kind: fc.constant('remove' as const), index: fc.nat() })
    )
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const ledger = new MailboxLedger(LIMITS)
      const held = new Map<string, { sender: string, bytes: number }>()
      for (const o of ops) {
        if (o.kind === 'deposit') {
          const decision = ledger.admit('bob', o.sender, o.bytes)
          if ('refused' in decision) continue
          for (const item of decision.evict) { ledger.remove('bob', item.id); held.delete(item.id) }
          const id = `i${next++}`
          ledger.add({ key: id, id, recipient: 'bob', sender: o.sender, bytes: o.bytes, at: T })
          held.set(id, { sender: o.sender, bytes: o.bytes })
        } else if (held.size > 0) {
          const id = [...held.keys()][o.index % held.size]
          expect(ledger.remove('bob', id)?.id).toBe(id)
          held.delete(id)
        }
        const bytes = [...held.values()].reduce((n, i) => n + i.bytes, 0)
        expect(ledger.held('bob')).toEqual({ items: held.size, bytes })
        expect(held.size).toBeLessThanOrEqual(LIMITS.totalItems)
        expect(bytes).toBeLessThanOrEqual(LIMITS.totalBytes)
        for (const s of ['a', 'b', 'c', 'd', 'e', 'f']) {
          expect(ledger.held('bob', s).items).toBeLessThanOrEqual(LIMITS.shareItems)
          expect(ledger.held('bob', s).bytes).toBeLessThanOrEqual(LIMITS.shareBytes)
        }
      }
    }), { numRuns: 300, seed: 4 })
  })

  it('refuses limits that are not positive integers', () => {
    expect(() => new MailboxLedger({ ...LIMITS, shareItems: 0 })).toThrow(RangeError)
  })
})
