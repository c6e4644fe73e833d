/**
 * An in-memory {@link ChatBackend} for view-model tests: conversations and histories are plain
 * arrays, events are emitted by the test, and failures are injected by error name.
 */
import type { BackendEvent, ChatBackend, ConversationSummary, HistoryPage, Me, NetworkStatus, ProfileStatus, TimelineItem } from '../../src/app/chat-backend.js'

export const ME: Me = { id: 'peer-me', nickname: 'alice', fingerprint: 'a1b2 c3d4', sealed: false }

/** An error carrying the name the peer would give it. */
export function named (name: string): Error {
  const err = new Error(`${name} from the test backend`)
  err.name = name
  return err
}

export function item (n: number, conversation = 'room:lobby'): TimelineItem {
  return {
    id: `${conversation}#${n}`,
    author: { id: 'peer-bob', nickname: 'bob', fingerprint: 'e5f6 0718' },
    own: false,
    text: `message ${n}`,
    sentAt: 1_700_000_000_000 + n * 1000
  }
}

export class MemoryBackend implements ChatBackend {
  status: ProfileStatus = { state: 'none' }
  passphrase: string | undefined
  list: ConversationSummary[] = []
  histories = new Map<string, TimelineItem[]>()
  net: NetworkStatus = { peers: 0 }
  sent: Array<{ conversationId: string, text: string }> = []
  reads: string[] = []
  historyCalls: Array<{ conversationId: string, before?: string, limit: number }> = []
  /** When set, the next call to the named method rejects with an error of this name. */
  failures = new Map<string, string>()
  /** When set, `send` waits for this promise before resolving. */
  sendGate: Promise<void> | undefined
  readonly listeners = new Set<(event: BackendEvent) => void>()

  emit (event: BackendEvent): void {
    for (const listener of this.listeners) {
      listener(event)
    }
  }

  /** Every call goes through one turn of the event loop, as the real peer's storage does. */
  private async io (method: string): Promise<void> {
    await new Promise(resolve => setTimeout(resolve, 0))
    this.fail(method)
  }

  private fail (method: string): void {
    const name = this.failures.get(method)
    if (name != null) {
      this.failures.delete(method)
      throw named(name)
    }
  }

  async profileStatus (): Promise<ProfileStatus> {
    await this.io('profileStatus')
    return this.status
  }

  async createProfile (init: { nickname: string, passphrase?: string }): Promise<Me> {
    await this.io('createProfile')
    this.passphrase = init.passphrase
    const me = { ...ME, nickname: init.nickname, sealed: init.passphrase != null }
    this.status = { state: 'open', me }
    return me
  }

  async unlock (passphrase: string): Promise<Me> {
    await this.io('unlock')
    if (passphrase !== this.passphrase) {
      throw named('WrongPassphraseError')
    }
    return { ...ME, sealed: true }
  }

  conversations (): ConversationSummary[] {
    return this.list
  }

  network (): NetworkStatus {
    return this.net
  }

  async joinRoom (name: string): Promise<ConversationSummary> {
    await this.io('joinRoom')
    const room: ConversationSummary = { id: `room:${name}`, kind: 'public-room', title: name, unread: 0, muted: false }
    this.list = [...this.list, room]
    this.emit({ type: 'conversations' })
    return room
  }

  async history (conversationId: string, options: { before?: string, limit: number }): Promise<HistoryPage> {
    this.historyCalls.push({ conversationId, ...options })
    await this.io('history')
    const all = this.histories.get(conversationId) ?? []
    const end = options.before == null ? all.length : all.findIndex(i => i.id === options.before)
    const start = Math.max(0, end - options.limit)
    return { items: all.slice(start, end), complete: start === 0 }
  }

  async send (conversationId: string, text: string): Promise<void> {
    await this.io('send')
    await this.sendGate
    this.sent.push({ conversationId, text })
  }

  markRead (conversationId: string): void {
    this.reads.push(conversationId)
  }

  subscribe (listener: (event: BackendEvent) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }
}

/** Resolves after the backend's pending calls and their callbacks have run. */
export async function settle (): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise(resolve => setTimeout(resolve, 1))
  }
}
