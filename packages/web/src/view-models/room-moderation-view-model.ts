import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { CommunityBackend, MemberAction, OwnedRoomInfo, ReportInfo, RoomEventInfo } from '../app/community-backend.js'
import type { EventEntry, ReportEntry, RoomModerationSnapshot, RoomModerationViewModel as RoomModerationVM } from '../views/community-types.js'

const defaultFormat = (ms: number): string => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * One owned room's header (topic, pin, next event), its member and message menus, the report
 * dialog, the moderators' report queue and the event form. An open room (no owner) stays
 * `owned: false` and the views show none of it. State is read again on every community change.
 */
export class RoomModerationViewModel extends BaseViewModel<RoomModerationSnapshot> implements RoomModerationVM {
  private readonly backend: CommunityBackend
  private readonly conversationId: string
  private readonly formatTime: (ms: number) => string

  constructor (backend: CommunityBackend, conversationId: string, formatTime: (ms: number) => string = defaultFormat) {
    super({ owned: false, role: 'member', topic: '', events: [], listed: false, moderators: [], banned: [], bannedList: [], muted: [], reportsOpen: false, newReports: 0, scheduling: false, editingTopic: false })
    this.backend = backend
    this.conversationId = conversationId
    this.formatTime = formatTime
    this.onDispose(backend.subscribeCommunity((event) => {
      if (event.conversationId !== conversationId) return
      if (event.type === 'room') this.load()
      if (event.type === 'report') {
        if (this.getSnapshot().reportsOpen) this.loadReports()
        else this.update({ newReports: this.getSnapshot().newReports + 1 })
      }
      if (event.type === 'reminder') this.load()
    }))
    this.load()
  }

  private load (): void {
    this.backend.ownedRoom(this.conversationId).then((info) => {
      if (info !== undefined) this.show(info)
    }, (err: unknown) => {
      this.update({ error: errorText(err, 'Reading the room') })
    })
  }

  private show (info: OwnedRoomInfo): void {
    const events = info.events.map(e => this.event(e))
    this.update({
      owned: true,
      role: info.role,
      topic: info.topic,
      pin: info.pin,
      nextEvent: events[0],
      events,
      listed: info.listed,
      moderators: info.moderators,
      banned: info.banned,
      bannedList: info.banned.map((id, i) => ({ id, name: info.bannedNames[i] ?? id })),
      muted: info.muted.filter(m => m.until > Date.now()).map(m => m.id)
    })
  }

  private event (e: RoomEventInfo): EventEntry {
    return { id: e.id, title: e.title, description: e.description, when: this.formatTime(e.start), ...(e.rsvp == null ? {} : { rsvp: e.rsvp }) }
  }

  /** Runs an action; on success says `done`, on failure says why in words. */
  private act (done: Promise<unknown>, doing: string, notice?: string): void {
    this.update({ error: undefined, notice: undefined })
    done.then(() => {
      if (notice != null) this.update({ notice })
    }, (err: unknown) => { this.update({ error: errorText(err, doing) }) })
  }

  private member (id: string, action: MemberAction, notice: string, seconds?: number): void {
    this.act(this.backend.actOnMember(this.conversationId, id, action, seconds), 'Moderating', notice)
  }

  ban (memberId: string): void { this.member(memberId, 'ban', 'Member banned') }
  unban (memberId: string): void { this.member(memberId, 'unban', 'Ban lifted') }
  mute (memberId: string, seconds: number): void { this.member(memberId, 'mute', 'Member muted', seconds) }
  unmute (memberId: string): void { this.member(memberId, 'unmute', 'Mute lifted') }
  makeModerator (memberId: string): void { this.member(memberId, 'add-mod', 'Moderator added') }
  removeModerator (memberId: string): void { this.member(memberId, 'remove-mod', 'Moderator removed') }

  removeMessage (id: string): void {
    this.act(this.backend.removeMessage(this.conversationId, id), 'Removing the message', 'Message removed for everyone')
  }

  pin (id: string): void {
    this.act(this.backend.pin(this.conversationId, id), 'Pinning', 'Message pinned')
  }

  unpin (): void {
    this.act(this.backend.pin(this.conversationId, ''), 'Unpinning', 'Message unpinned')
  }

  startReport (target: { message?: string, member?: string }, what: string): void {
    this.update({ reporting: { ...target, what, busy: false }, error: undefined, notice: undefined })
  }

  cancelReport (): void {
    this.update({ reporting: undefined })
  }

  sendReport (reason: string): void {
    const draft = this.getSnapshot().reporting
    if (draft == null || draft.busy) return
    this.update({ reporting: { ...draft, busy: true }, error: undefined })
    this.backend.report(this.conversationId, { message: draft.message, member: draft.member }, reason).then((sent) => {
      this.update({ reporting: undefined, notice: `Report sent to ${sent} moderator${sent === 1 ? '' : 's'}` })
    }, (err: unknown) => {
      this.update({ reporting: { ...draft, busy: false }, error: errorText(err, 'Reporting') })
    })
  }

  toggleReports (): void {
    const open = !this.getSnapshot().reportsOpen
    this.update({ reportsOpen: open, newReports: 0, ...(open ? {} : { reports: undefined }) })
    if (open) this.loadReports()
  }

  private loadReports (): void {
    this.backend.reports(this.conversationId).then((reports) => {
      if (this.getSnapshot().reportsOpen) this.update({ reports: reports.map(r => this.report(r)).reverse() })
    }, (err: unknown) => { this.update({ error: errorText(err, 'Reading the reports') }) })
  }

  private report (r: ReportInfo): ReportEntry {
    return { id: r.id, from: r.from, who: r.who, whoId: r.whoId, fingerprint: r.fingerprint, reason: r.reason, ...(r.message == null ? {} : { message: r.message }), when: this.formatTime(r.receivedAt) }
  }

  openSchedule (): void { this.update({ scheduling: true, error: undefined }) }
  closeSchedule (): void { this.update({ scheduling: false }) }

  schedule (event: { title: string, start: string, minutes: number, description: string }): void {
    const start = new Date(event.start).getTime()
    if (!Number.isFinite(start) || event.title.trim() === '' || !(event.minutes > 0)) {
      this.update({ error: 'An event needs a title, a start and a duration.' })
      return
    }
    this.act(this.backend.scheduleEvent(this.conversationId, { title: event.title.trim(), start, duration: Math.round(event.minutes * 60), description: event.description }).then(() => {
      this.update({ scheduling: false })
    }), 'Scheduling the event', 'Event scheduled')
  }

  rsvp (eventId: string, answer: 'yes' | 'no'): void {
    this.act(this.backend.rsvp(this.conversationId, eventId, answer), 'Answering', answer === 'yes' ? 'You will be reminded when it starts' : 'Answer saved')
  }

  openTopic (): void { this.update({ editingTopic: true, error: undefined }) }
  closeTopic (): void { this.update({ editingTopic: false }) }

  setTopic (topic: string): void {
    this.act(this.backend.setTopic(this.conversationId, topic.trim()).then(() => { this.update({ editingTopic: false }) }), 'Setting the topic', 'Topic set')
  }

  list (): void {
    this.act(this.backend.list(this.conversationId), 'Listing the room', 'Listed in the directory')
  }

  unlist (): void {
    this.act(this.backend.unlist(this.conversationId), 'Unlisting the room', 'Taken out of the directory')
  }
}
