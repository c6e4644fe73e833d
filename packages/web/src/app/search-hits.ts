/** The peer's search results as the web app shows them: with the conversation's title and the author's fingerprint. */
import { shortFingerprint } from '@parley/crypto'
import type { Peer } from '@parley/node/browser'
import type { ConversationSummary, SearchHit } from './chat-backend.js'

/** The fingerprint of a PeerId's key, or '' when it is not an Ed25519 identity. */
function fingerprintOf (peer: Peer, peerId: string): string {
  try {
    return shortFingerprint(peer.contacts.publicKeyOf(peerId))
  } catch {
    return ''
  }
}

/** Searches the peer; `conversations` gives each result's title (one not listed is shown by its id). */
export async function searchHits (peer: Peer, query: string, options: { conversationId?: string, limit?: number }, conversations: ConversationSummary[]): Promise<SearchHit[]> {
  const found = await peer.search(query, { conversation: options.conversationId, limit: options.limit })
  const titles = new Map(conversations.map((c) => [c.id, c.title]))
  return found.map((r) => ({
    conversationId: r.conversation,
    conversationTitle: titles.get(r.conversation) ?? r.conversation,
    id: r.id,
    author: { id: r.from, nickname: r.nick, fingerprint: fingerprintOf(peer, r.from) },
    text: r.text,
    snippet: r.snippet,
    sentAt: r.sentAt
  }))
}
