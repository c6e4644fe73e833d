import { ComposerView } from './composer-view.js'
import { TimelineView } from './timeline-view.js'
import type { ComposerViewModel } from './composer-view.js'
import type { TimelineViewModel } from './timeline-view.js'

/** What the open conversation consists of. */
export interface OpenConversation {
  id: string
  title: string
  timeline: TimelineViewModel
  composer: ComposerViewModel
}

/** The open conversation: a header (with a way back to the list on phones), its timeline and the composer. */
export function ConversationView ({ conversation, onBack }: { conversation: OpenConversation, onBack: () => void }): preact.JSX.Element {
  return (
    <main class='conversation' aria-labelledby='conversation-title'>
      <header class='conversation-header'>
        <button type='button' class='back' aria-label='Back to conversations' onClick={onBack}>←</button>
        <h1 id='conversation-title'>{conversation.title}</h1>
      </header>
      <TimelineView key={`t-${conversation.id}`} vm={conversation.timeline} />
      <ComposerView key={`c-${conversation.id}`} vm={conversation.composer} />
    </main>
  )
}
