import { Pencil, Reply, SmilePlus, Trash2 } from 'lucide'
import { Icon } from './icon.js'
import { Component, Fragment } from 'preact'
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { useViewModel } from '../view-model/use-view-model.js'
import type { ViewModel } from '../view-model/view-model.js'
import { RemoteName, RemoteText } from './remote-text.js'
import { FormattedText, type FormattedBlock } from './formatted-text.js'
import { showName } from './show-text.js'
import { FileView } from './file-view.js'
import type { FileEntry } from './file-types.js'

/** One reaction as shown under a message: its text, how many, and whether one is mine. */
export interface ReactionCount {
  reaction: string
  count: number
  mine: boolean
}

/** One message as the timeline shows it. */
export interface TimelineEntry {
  id: string
  author: string
  fingerprint: string
  own: boolean
  /** Empty when deleted. */
  text: string
  /** Local time of day, already formatted. */
  time: string
  /** Full timestamp for the tooltip and `datetime` attribute (ISO 8601). */
  iso: string
  edited: boolean
  deleted: boolean
  reactions: ReactionCount[]
  /** The text's Markdown subset, parsed (shown as plain text when absent). */
  blocks?: FormattedBlock[]
  /** The message replied to: its author and text ("a message" when it is not loaded). */
  replyTo?: { author: string, text: string }
  /** Own DMs: how far delivery got. */
  receipt?: 'sent' | 'delivered' | 'read'
  /** A file message's file (file-view.tsx). */
  file?: FileEntry
  /** Someone else's message mentioning this profile (by key): highlighted. */
  mentionsMe?: boolean
}

/** What the timeline shows. */
export interface TimelineSnapshot {
  entries: TimelineEntry[]
  /** An older page is being fetched. */
  loadingOlder: boolean
  /** The oldest message is loaded. */
  complete: boolean
  /** The nickname of who is typing (DMs), while they are. */
  typing?: string
  /** Messages here take replies, edits, deletes and reactions (private rooms do not, yet). */
  actions: boolean
  /** A message to bring into view and mark (a search result opened here). */
  focused?: string
  /** The first message that was unread when the conversation opened: "New messages" goes above it. */
  firstUnread?: string
  error?: string
}

/** What the timeline can ask for. */
export interface TimelineActions {
  /** Fetches the page before the oldest shown; ignored while one is loading or when complete. */
  loadOlder(): void
  /** Starts a reply to the message in the composer. */
  reply(id: string): void
  /** Starts editing one of my messages in the composer. */
  edit(id: string): void
  /** Deletes one of my messages for everyone. */
  remove(id: string): void
  react(id: string, reaction: string): void
  /** Brings the first message unread on open into view. */
  jumpToFirstUnread?(): void
}

/** The timeline's view model. */
export type TimelineViewModel = ViewModel<TimelineSnapshot> & TimelineActions

/** The reactions offered under a message. */
export const REACTIONS = ['👍', '❤️', '😂', '🎉', '😮'] as const

const RECEIPT_TEXT = { sent: 'Sent', delivered: 'Delivered', read: 'Read' } as const

/** Distance from the top, in px, at which scrolling up asks for older messages. */
const LOAD_OLDER_MARGIN = 48

/**
 * A conversation's messages, newest at the bottom. Scrolling near the top loads older pages,
 * keeping the message under the reader's eye in place; new messages scroll into view only when
 * the reader is already at the bottom.
 */
export function TimelineView ({ vm, messageMenu }: { vm: TimelineViewModel, messageMenu?: (e: TimelineEntry) => preact.JSX.Element }): preact.JSX.Element {
  const s = useViewModel(vm)
  const ref = useRef<HTMLDivElement>(null)
  const last = useRef({ first: '', lastId: '', height: 0, atBottom: true })

  useLayoutEffect(() => {
    const el = ref.current
    if (el == null) {
      return
    }
    const first = s.entries[0]?.id ?? ''
    const lastId = s.entries.at(-1)?.id ?? ''
    const prev = last.current
    if (first !== prev.first && lastId === prev.lastId && prev.height > 0) {
      el.scrollTop += el.scrollHeight - prev.height
    } else if (lastId !== prev.lastId && prev.atBottom) {
      el.scrollTop = el.scrollHeight
    }
    last.current = { first, lastId, height: el.scrollHeight, atBottom: prev.atBottom }
    if (el.scrollHeight <= el.clientHeight && !s.complete && !s.loadingOlder) {
      vm.loadOlder()
    }
  }, [s, vm])

  const onScroll = (): void => {
    const el = ref.current
    if (el == null) {
      return
    }
    last.current.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 8
    last.current.height = el.scrollHeight
    if (el.scrollTop < LOAD_OLDER_MARGIN && !s.complete && !s.loadingOlder) {
      vm.loadOlder()
    }
  }

  useEffect(() => {
    if (s.focused == null) return
    const row = ref.current?.querySelector(`[data-id="${CSS.escape(s.focused)}"]`)
    ref.current?.querySelector('.focused')?.classList.remove('focused')
    row?.classList.add('focused')
    row?.scrollIntoView({ block: 'center' })
    // Keyboard and screen reader users land on the message they asked for (Tab goes on to its actions).
    if (row instanceof HTMLElement) {
      row.tabIndex = -1
      row.focus({ preventScroll: true })
    }
  }, [s.focused])

  return (
    <div class='timeline' ref={ref} onScroll={onScroll} role='log' aria-label='Messages' aria-busy={s.loadingOlder}>
      {s.firstUnread != null && vm.jumpToFirstUnread != null && <button type='button' class='jump-unread' onClick={() => { vm.jumpToFirstUnread?.() }}>Jump to first unread</button>}
      <ol>
        {s.complete && s.entries.length > 0 && <li class='notice'>Start of the conversation</li>}
        {s.loadingOlder && <li class='notice'>Loading older messages…</li>}
        {s.error != null && <li class='error' role='alert'>{s.error}</li>}
        {s.complete && s.entries.length === 0 && <li class='notice'>No messages yet. Say hello!</li>}
        {s.entries.map(e => e.id === s.firstUnread
          ? <Fragment key={e.id}><li class='new-messages'><span role='separator' aria-label='New messages'>New messages</span></li><MessageRow e={e} vm={vm} actions={s.actions} menu={messageMenu} /></Fragment>
          : <MessageRow key={e.id} e={e} vm={vm} actions={s.actions} menu={messageMenu} />)}
      </ol>
      {s.typing != null && <p class='typing' role='status'>{s.typing} is typing…</p>}
    </div>
  )
}

/** One message with its reply quote, reactions, receipt and actions. */
/**
 * A message that renders again only when its entry changes: the view model keeps unchanged
 * entries identical, so a new message in a long timeline renders one row, not all of them.
 */
class MessageRow extends Component<MessageProps> {
  override shouldComponentUpdate (next: MessageProps): boolean {
    return next.e !== this.props.e || next.vm !== this.props.vm || next.actions !== this.props.actions || next.menu !== this.props.menu
  }

  override render (): preact.JSX.Element {
    return <Message {...this.props} />
  }
}

interface MessageProps {
  e: TimelineEntry
  vm: TimelineActions
  /** Offer reply, edit, delete and react. */
  actions: boolean
  /** More actions on a message (owned rooms: remove, pin, report). */
  menu?: (e: TimelineEntry) => preact.JSX.Element
}

function Message ({ e, vm, actions, menu }: MessageProps): preact.JSX.Element {
  // Whether the reaction picker is open: view-only state, nothing the view model needs to know.
  const [picking, setPicking] = useState(false)
  return (
    <li class={`message${e.own ? ' own' : ''}${e.deleted ? ' deleted' : ''}${e.mentionsMe === true ? ' mentions-me' : ''}`} data-id={e.id}>
      <header>
        <span class='author'><RemoteName name={e.author} /></span>
        <code class='fingerprint'>{e.fingerprint}</code>
        <time dateTime={e.iso} title={e.iso}>{e.time}</time>
        {e.edited && !e.deleted && <span class='edited'>(edited)</span>}
      </header>
      {e.replyTo != null && (
        <blockquote class='reply-to'>{e.replyTo.author !== '' && <strong><RemoteName name={e.replyTo.author} />: </strong>}<RemoteText text={e.replyTo.text} /></blockquote>
      )}
      {e.deleted ? <p class='text deleted'>message deleted</p> : (e.blocks == null ? <p class='text'><RemoteText text={e.text} /></p> : <div class='text'><FormattedText blocks={e.blocks} /></div>)}
      {e.file != null && !e.deleted && <FileView file={e.file} own={e.own} />}
      {e.reactions.length > 0 && (
        <ul class='reactions' aria-label='Reactions'>
          {e.reactions.map(r => (
            <li key={r.reaction}>
              {/* Adding the same reaction; the protocol has no way to take one back, so mine is fixed. */}
              <button type='button' class={r.mine ? 'mine' : undefined} aria-pressed={r.mine} aria-label={`${showName(r.reaction)} ${r.count}`} onClick={() => { if (!r.mine) { vm.react(e.id, r.reaction) } }}><RemoteName name={r.reaction} /> {r.count}</button>
            </li>
          ))}
        </ul>
      )}
      {e.receipt != null && <span class={`receipt ${e.receipt}`}>{RECEIPT_TEXT[e.receipt]}</span>}
      {!e.deleted && actions && (
        <div class='actions'>
          <button type='button' aria-label='Reply' onClick={() => { vm.reply(e.id) }}><Icon icon={Reply} /></button>
          {e.own && <button type='button' aria-label='Edit' onClick={() => { vm.edit(e.id) }}><Icon icon={Pencil} /></button>}
          {e.own && <button type='button' aria-label='Delete' onClick={() => { vm.remove(e.id) }}><Icon icon={Trash2} /></button>}
          {menu?.(e)}
          <button type='button' aria-label='React' aria-expanded={picking} onClick={() => { setPicking(!picking) }}><Icon icon={SmilePlus} /></button>
          {picking && (
            <span class='react-picker' role='group' aria-label='Reactions to add'>
              {REACTIONS.map(r => (
                <button key={r} type='button' aria-label={`React ${r}`} onClick={() => { setPicking(false); vm.react(e.id, r) }}>{r}</button>
              ))}
            </span>
          )}
        </div>
      )}
    </li>
  )
}
