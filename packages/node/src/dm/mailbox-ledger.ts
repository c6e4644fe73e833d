/**
 * The books of a mailbox: what it holds for each recipient, from whom, how
 * many bytes and since when, so that a deposit is decided from counters
 * instead of re-reading every held item. Kept in memory, rebuilt once from
 * the store when the mailbox opens (mailbox.ts), changed only together with
 * the store.
 *
 * Quota, per recipient:
 * - each depositor has its own share (`shareItems`, `shareBytes`), so one
 *   depositor, a stranger to the recipient included, can never hold more;
 * - all depositors together hold at most `totalItems` and `totalBytes`.
 *   When that is full, a depositor holding less than the largest depositor
 *   makes room by evicting the largest one's oldest items (max-min
 *   fairness): many keys run by one attacker cannot keep an honest
 *   depositor out, they can only share the space with it. An evicted DM is
 *   not lost: its sender keeps it in its outbox until the recipient's
 *   receipt arrives, and delivers it directly later.
 * - items older than `expiryMs` are dropped.
 */

/** One held item, as the books see it. */
export interface LedgerItem {
  /** Its key in the mailbox store. */
  key: string
  id: string
  recipient: string
  sender: string
  bytes: number
  at: number
}

/** Limits of a {@link MailboxLedger}. */
export interface LedgerLimits {
  totalItems: number
  totalBytes: number
  shareItems: number
  shareBytes: number
  expiryMs: number
}

interface Account {
  items: number
  bytes: number
  /** Per depositor, its items oldest first. */
  bySender: Map<string, LedgerItem[]>
  byId: Map<string, LedgerItem>
}

/** Why a deposit does not fit: the depositor's own share is used up, or everything is full and it already holds the most. */
export type LedgerRefusal = 'share' | 'full'

export class MailboxLedger {
  readonly limits: LedgerLimits
  readonly #accounts = new Map<string, Account>()

  constructor (limits: LedgerLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`)
    }
    this.limits = limits
  }

  #account (recipient: string): Account {
    let account = this.#accounts.get(recipient)
    if (account === undefined) this.#accounts.set(recipient, account = { items: 0, bytes: 0, bySender: new Map(), byId: new Map() })
    return account
  }

  /** Records an item (a deposit, or one found in the store at open). */
  add (item: LedgerItem): void {
    const account = this.#account(item.recipient)
    const mine = account.bySender.get(item.sender) ?? []
    // Items arrive in time order except when rebuilt from the store, where keys sort by recipient and time.
    let i = mine.length
    while (i > 0 && mine[i - 1].at > item.at) i--
    mine.splice(i, 0, item)
    account.bySender.set(item.sender, mine)
    account.byId.set(item.id, item)
    account.items++
    account.bytes += item.bytes
  }

  /** Forgets an item; returns it when it was held. */
  remove (recipient: string, id: string): LedgerItem | undefined {
    const account = this.#accounts.get(recipient)
    const item = account?.byId.get(id)
    if (account === undefined || item === undefined) return undefined
    account.byId.delete(id)
    const mine = account.bySender.get(item.sender) ?? []
    mine.splice(mine.indexOf(item), 1)
    if (mine.length === 0) account.bySender.delete(item.sender)
    account.items--
    account.bytes -= item.bytes
    if (account.items === 0) this.#accounts.delete(recipient)
    return item
  }

  /** Items of a recipient older than the expiry (to delete from the store, then {@link remove}). */
  expired (recipient: string, now: number): LedgerItem[] {
    const out: LedgerItem[] = []
    for (const mine of this.#accounts.get(recipient)?.bySender.values() ?? []) {
      for (const item of mine) {
        if (now - item.at <= this.limits.expiryMs) break
        out.push(item)
      }
    }
    return out
  }

  /** Recipients with held items. */
  recipients (): string[] {
    return [...this.#accounts.keys()]
  }

  /** Items held for a recipient, in all or from one depositor. */
  held (recipient: string, sender?: string): { items: number, bytes: number } {
    const account = this.#accounts.get(recipient)
    if (account === undefined) return { items: 0, bytes: 0 }
    if (sender === undefined) return { items: account.items, bytes: account.bytes }
    const mine = account.bySender.get(sender) ?? []
    return { items: mine.length, bytes: mine.reduce((n, i) => n + i.bytes, 0) }
  }

  /**
   * Decides a deposit of `bytes` from `sender` for `recipient`: the items to
   * evict first (possibly none) so that it fits, or why it cannot.
   */
  admit (recipient: string, sender: string, bytes: number): { evict: LedgerItem[] } | { refused: LedgerRefusal } {
    const { limits } = this
    const mine = this.held(recipient, sender)
    if (mine.items + 1 > limits.shareItems || mine.bytes + bytes > limits.shareBytes) return { refused: 'share' }
    const account = this.#accounts.get(recipient)
    if (account === undefined) return { evict: [] }
    let items = account.items + 1
    let total = account.bytes + bytes
    if (items <= limits.totalItems && total <= limits.totalBytes) return { evict: [] }
    // Full: take from the largest holder (by bytes) while it holds more than the depositor will.
    const sizes = new Map([...account.bySender].map(([s, list]) => [s, { list, next: 0, bytes: list.reduce((n, i) => n + i.bytes, 0) }]))
    const evict: LedgerItem[] = []
    const bound = account.items
    while ((items > limits.totalItems || total > limits.totalBytes) && evict.length < bound) {
      let largest: { list: LedgerItem[], next: number, bytes: number } | undefined
      for (const [s, size] of sizes) if (s !== sender && (largest === undefined || size.bytes > largest.bytes)) largest = size
      if (largest === undefined || largest.next >= largest.list.length || largest.bytes <= mine.bytes + bytes) return { refused: 'full' }
      const oldest = largest.list[largest.next++]
      largest.bytes -= oldest.bytes
      evict.push(oldest)
      items--
      total -= oldest.bytes
    }
    return { evict }
  }
}
