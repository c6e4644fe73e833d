/**
 * Reports: a member tells an owned room's moderators, privately, about a message or a member. A
 * report is a DM of kind REPORT (end-to-end encrypted like every DM) to the owner and each
 * moderator, carrying a `Report`: the room, the reported message's signed envelope as evidence
 * (or the member's key) and a reason. A moderator checks the evidence like any envelope and keeps
 * the report in `room:<id>/reports` (at most MAX_REPORTS per room); anyone else drops it.
 */
import { blake2b256, shortFingerprint, toHex } from '@parley/crypto'
import { DmPayload } from '../pb/dm.js'
import { Report, StoredReport } from '../pb/moderation.js'
import { StoredMessage } from '../pb/room.js'
import { roomConversation, MAX_ENVELOPE_BYTES } from '../constants.js'
import { openEvent } from '../envelope.js'
import { normaliseRoomName } from '../room-name.js'
import { UnknownMessageError } from '../errors.js'
import { InvalidModActionError, InvalidReportError, NotOwnedRoomError } from './errors.js'
import { keyHex, keyOfPeerId, peerIdOfKeyHex } from './keys.js'
import { parseOwnedRoom } from './owned-room.js'
import type { Moderation } from './moderation.js'
import type { DmService } from '../dm/dm-service.js'
import type { ProfileStore } from '../store/index.js'

/** Longest reason, in characters. */
export const MAX_REASON_LENGTH = 1000
/** Most reports kept per room; later ones are dropped. */
export const MAX_REPORTS = 1000
/** Largest encoded report (an envelope plus a reason). */
const MAX_REPORT_BYTES = MAX_ENVELOPE_BYTES + 4 * MAX_REASON_LENGTH + 512

/** The conversation of a room's report queue. */
export const roomReportsConversation = (room: string): string => `room:${room}/reports`

/** A report as moderators see it. */
export interface RoomReport {
  room: string
  id: string
  /** The reporter's PeerId. */
  from: string
  reason: string
  /** The reported member. */
  who: string
  fingerprint: string
  /** The reported message (id and text), when a message was reported. */
  message?: { id: string, text: string, sentAt: number }
  receivedAt: number
}

/** What reports need from the peer. */
export interface ReportsComponents {
  store: ProfileStore
  self: Uint8Array
  moderation: Moderation
  dms: () => DmService
  onReport: (report: RoomReport) => void
  onError: (error: Error) => void
}

function view (room: string, id: string, from: string, report: Report, receivedAt: number): RoomReport {
  const evidence = report.envelope.length > 0 ? openEvent(report.envelope, room, receivedAt) : undefined
  const subject = evidence?.author ?? report.subject
  return {
    room,
    id,
    from,
    reason: report.reason,
    who: peerIdOfKeyHex(keyHex(subject)),
    fingerprint: shortFingerprint(subject),
    ...(evidence === undefined ? {} : { message: { id: evidence.id, text: evidence.event.text, sentAt: Number(evidence.event.sentAt) } }),
    receivedAt
  }
}

/** Sending and receiving reports. */
export class Reports {
  readonly #c: ReportsComponents
  readonly #counts = new Map<string, number>()

  constructor (components: ReportsComponents) {
    this.#c = components
  }

  /** Reports message `target` or member `who` (a PeerId) of an owned room to its moderators; resolves with how many were sent a copy. */
  async send (name: string, request: { target?: string, who?: string, reason: string }): Promise<{ sent: number }> {
    const room = normaliseRoomName(name)
    const log = this.#c.moderation.log(room)
    if (parseOwnedRoom(room) === undefined || log === undefined) throw new NotOwnedRoomError(`${room} is not an owned room you are in: nobody moderates it`)
    if (typeof request.reason !== 'string' || request.reason.trim() === '' || request.reason.length > MAX_REASON_LENGTH) throw new InvalidModActionError('field', `a reason of 1..${MAX_REASON_LENGTH} characters`)
    let envelope: Uint8Array = new Uint8Array()
    let subject: Uint8Array = new Uint8Array()
    if (request.target !== undefined) {
      const stored = /^[0-9a-f]{64}$/.test(request.target) ? await this.#c.store.history.get(roomConversation(room), request.target) : undefined
      if (stored === undefined) throw new UnknownMessageError(`no message ${request.target} in ${room}`)
      envelope = StoredMessage.decode(stored.value).envelope
    } else {
      subject = keyOfPeerId(request.who ?? '')
    }
    const data = Report.encode({ room, envelope: envelope as Uint8Array<ArrayBuffer>, subject: subject as Uint8Array<ArrayBuffer>, reason: request.reason.trim() })
    const now = Date.now()
    const self = keyHex(this.#c.self)
    const to = [log.state.owner, ...log.state.moderators(now)].filter((k) => k !== self).map(peerIdOfKeyHex)
    for (const peer of to) await this.#c.dms().send(peer, { kind: DmPayload.Kind.REPORT, data })
    return { sent: to.length }
  }

  /** A REPORT DM from `from`: kept when we moderate its room and its evidence verifies, dropped otherwise. */
  async receive (from: string, data: Uint8Array): Promise<void> {
    const refuse = (why: string): void => { this.#c.onError(new InvalidReportError(`report from ${from} ${why}`)) }
    if (data.length > MAX_REPORT_BYTES) return refuse(`of ${data.length} bytes exceeds ${MAX_REPORT_BYTES}`)
    let report: Report
    try {
      report = Report.decode(data)
    } catch {
      return refuse('does not decode')
    }
    // Not a room we moderate: nothing to act on (a report is sent to the owner and moderators we know of).
    const log = this.#c.moderation.log(report.room)
    if (log === undefined || log.state.roleAt(keyHex(this.#c.self), Date.now()) === 'member') return
    if ((report.envelope.length > 0) === (report.subject.length > 0) || (report.subject.length > 0 && report.subject.length !== 32)) return refuse('names neither one message nor one member')
    if (report.reason.length === 0 || report.reason.length > MAX_REASON_LENGTH) return refuse(`has a reason of ${report.reason.length} characters (1..${MAX_REASON_LENGTH})`)
    const receivedAt = Date.now()
    let shown: RoomReport
    const id = toHex(blake2b256(new Uint8Array([...new TextEncoder().encode(from), 0, ...data])))
    try {
      shown = view(report.room, id, from, report, receivedAt)
    } catch (error) {
      this.#c.onError(error as Error)
      return
    }
    const conversation = roomReportsConversation(report.room)
    const count = this.#counts.get(report.room) ?? await this.#c.store.history.count(conversation)
    if (count >= MAX_REPORTS) return
    const value = StoredReport.encode({ from, report: data as Uint8Array<ArrayBuffer>, receivedAt: BigInt(receivedAt) })
    const [added] = await this.#c.store.history.append([{ conversation, id, timestamp: receivedAt, value }])
    this.#counts.set(report.room, count + (added === undefined ? 0 : 1))
    if (added !== undefined) this.#c.onReport(shown)
  }

  /** The report queue of a room we moderate, oldest first (the latest `limit`). */
  async list (name: string, limit = 100): Promise<RoomReport[]> {
    const room = normaliseRoomName(name)
    const page = await this.#c.store.history.page(roomReportsConversation(room), { limit })
    const out: RoomReport[] = []
    for (const r of page.messages) {
      try {
        const stored = StoredReport.decode(r.value)
        out.push(view(room, r.id, stored.from, Report.decode(stored.report), Number(stored.receivedAt)))
      } catch (error) {
        this.#c.onError(error as Error)
      }
    }
    return out
  }
}
