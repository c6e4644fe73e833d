/**
 * The room directory: owners of rooms that want to be found publish a signed announcement on the
 * directory topic (DIRECTORY_TOPIC), refreshed every ANNOUNCE_PERIOD_MS; an entry not refreshed
 * within DIRECTORY_TTL_MS expires. Every peer keeps the latest announcement per room (at most
 * MAX_DIRECTORY_ENTRIES, in memory) and hands its directory to whoever connects
 * (`/parley/directory/1.0.0`), so a newcomer sees it at once. Spam costs: one announcement per
 * owner key per period (earlier ones are refused at validation: REJECT from the owner itself,
 * IGNORE from a forwarder), a bounded table, and peer scoring.
 *
 * Unlisting: the owner signs an announcement with `unlisted` set. It is admitted at once when it
 * ends a listing (not a period later), takes the room out of every list, and is kept and handed
 * to newcomers like a listing until it would have expired (DIRECTORY_TTL_MS): by then every
 * listing older than it has expired too, so no stale listing, replayed or fetched from a peer that
 * missed the unlisting, can bring the room back. A newer listing by the owner wins, a period
 * after the unlisting.
 */
import { protobufFramed } from '../net/length-prefix.js'
import { isValidSignature, sign, SIGNATURE_LABELS, type Identity } from '@parley/crypto'
import { MAX_CLOCK_SKEW_MS } from '../constants.js'
import { Announcement, DirectoryReply } from '../pb/directory.js'
import { Envelope } from '../pb/room.js'
import { setTopicScore, roomTopicScore, TopicValidatorResult, type GossipSub } from '../pubsub.js'
import { normaliseRoomName } from '../room-name.js'
import { MAX_DESCRIPTION_LENGTH, MAX_TOPIC_LENGTH } from './constants.js'
import { InvalidModActionError, ListingTooSoonError, NotOwnerError } from './errors.js'
import { keyHex, peerIdOfKeyHex } from './keys.js'
import { parseOwnedRoom, roomLabel } from './owned-room.js'
import type { ForgerWatch } from '../net/forgers.js'
import type { Libp2p } from 'libp2p'
import type { Connection, Stream } from '@libp2p/interface'

export const DIRECTORY_TOPIC = '/parley/directory/1'
export const DIRECTORY_PROTOCOL = '/parley/directory/1.0.0'
/** How often an owner may (and does) announce; one announcement per owner key per period. */
export const ANNOUNCE_PERIOD_MS = 10 * 60 * 1000
/** An entry not refreshed for this long expires. */
export const DIRECTORY_TTL_MS = 3 * ANNOUNCE_PERIOD_MS
/** Peers whose last directory fetch is remembered (beyond: forgotten all at once). */
const MAX_FETCHED_PEERS = 4096
/** Most rooms kept; beyond, the least recently announced is dropped. */
export const MAX_DIRECTORY_ENTRIES = 1000
/** Most rooms one owner key lists. */
export const MAX_ROOMS_PER_OWNER = 8
/** Largest announcement envelope. */
export const MAX_ANNOUNCEMENT_BYTES = 4 * (MAX_TOPIC_LENGTH + MAX_DESCRIPTION_LENGTH) + 512
/** Longest language tag. */
export const MAX_LANGUAGE_LENGTH = 16
/** Directory fetches one peer may make of us per minute. */
const FETCHES_PER_MINUTE = 6
const TIMEOUT_MS = 10_000

/** A directory entry as the interface shows it. */
export interface DirectoryEntry {
  room: string
  label: string
  owner: string
  topic: string
  description: string
  language: string
  members: number
  lastActivity: number
  nextEvent: number
  announcedAt: number
}

/** What an owner fills in; the rest is counted. */
export interface AnnounceFields { topic: string, description: string, language: string, members: number, lastActivity: number, nextEvent: number }

interface Entry { bytes: Uint8Array, a: Announcement, owner: string }

/** Verifies announcement bytes; throws InvalidModActionError. */
export function openAnnouncement (bytes: Uint8Array, now = Date.now()): Entry {
  const fail = (what: string): never => { throw new InvalidModActionError('field', `announcement ${what}`) }
  if (bytes.length > MAX_ANNOUNCEMENT_BYTES) fail('too large')
  let envelope: Envelope
  let a: Announcement
  try {
    envelope = Envelope.decode(bytes)
    a = Announcement.decode(envelope.payload)
  } catch {
    return fail('does not decode')
  }
  if (envelope.author.length !== 32 || !isValidSignature(envelope.author, SIGNATURE_LABELS.directoryAnnouncement, envelope.payload, envelope.signature)) {
    throw new InvalidModActionError('signature', 'announcement signature does not verify')
  }
  const owned = parseOwnedRoom(a.room)
  if (owned === undefined || normaliseRoomName(a.room) !== a.room || owned.ownerHex !== keyHex(envelope.author)) fail('is not signed by its room\'s owner')
  if (a.topic.length > MAX_TOPIC_LENGTH || a.description.length > MAX_DESCRIPTION_LENGTH || a.language.length > MAX_LANGUAGE_LENGTH) fail('has a field over its limit')
  if (a.sentAt > BigInt(now + MAX_CLOCK_SKEW_MS)) fail('is from the future')
  return { bytes, a, owner: keyHex(envelope.author) }
}

/** What the directory needs from the peer. */
export interface DirectoryComponents {
  identity: Identity
  libp2p: Libp2p
  pubsub: GossipSub
  /** Neighbours that sent announcements whose signature fails (no honest peer forwards one), cut off after a few. */
  forgers?: ForgerWatch
  onError: (error: Error) => void
}

/** The directory a peer hears, and its own rooms' announcements. */
export class Directory {
  readonly #c: DirectoryComponents
  readonly #entries = new Map<string, Entry>()
  readonly #fetches = new Map<string, { minute: number, count: number }>()
  /** When we last fetched each peer's directory: a peer that reconnects again and again is not read again within a period. */
  readonly #fetchedFrom = new Map<string, number>()
  readonly #listed = new Map<string, ReturnType<typeof setInterval>>()

  constructor (components: DirectoryComponents) {
    this.#c = components
  }

  async start (): Promise<void> {
    const { pubsub, libp2p } = this.#c
    pubsub.topicValidators.set(DIRECTORY_TOPIC, (peer, msg) => this.#validate(msg.data, peer.toString()))
    setTopicScore(pubsub, DIRECTORY_TOPIC, roomTopicScore())
    pubsub.subscribe(DIRECTORY_TOPIC)
    await libp2p.handle(DIRECTORY_PROTOCOL, (stream, connection) => { void this.#serve(stream, connection) }, { maxInboundStreams: 4 })
    libp2p.addEventListener('peer:connect', (evt) => { void this.fetch(evt.detail.toString()) })
  }

  async stop (): Promise<void> {
    for (const timer of this.#listed.values()) clearInterval(timer)
    this.#listed.clear()
    await this.#c.libp2p.unhandle(DIRECTORY_PROTOCOL).catch(() => {})
  }

  #validate (bytes: Uint8Array, source: string): TopicValidatorResult {
    if (this.#c.forgers?.isCutOff(source) === true) return TopicValidatorResult.Reject
    try {
      const entry = openAnnouncement(bytes)
      const verdict = this.#admit(entry)
      if (verdict === 'accept') return TopicValidatorResult.Accept
      return peerIdOfKeyHex(entry.owner) === source && verdict === 'too-soon' ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore
    } catch (error) {
      if (error instanceof InvalidModActionError && error.reason === 'signature') this.#c.forgers?.forged(source)
      this.#c.onError(error as Error)
      return TopicValidatorResult.Reject
    }
  }

  /**
   * Keeps an entry when it is its room's newest, at least a period after the one before (one
   * announcement per room, so per owner key and room, per period; an unlisting that ends a listing
   * needs no wait), its owner lists (or unlisted) at most
   * MAX_ROOMS_PER_OWNER rooms, and it has not expired.
   */
  #admit (entry: Entry, now = Date.now()): 'accept' | 'too-soon' | 'old' {
    const sentAt = Number(entry.a.sentAt)
    if (now - sentAt > DIRECTORY_TTL_MS) return 'old'
    const current = this.#entries.get(entry.a.room)
    if (current !== undefined && current.a.sentAt >= entry.a.sentAt) return 'old'
    // An unlisting that ends a listing counts at once; anything else waits a period after the room's last entry.
    const ends = entry.a.unlisted && !current?.a.unlisted
    if (current !== undefined && !ends && sentAt - Number(current.a.sentAt) < ANNOUNCE_PERIOD_MS) return 'too-soon'
    if (current === undefined && [...this.#entries.values()].filter((e) => e.owner === entry.owner).length >= MAX_ROOMS_PER_OWNER) return 'too-soon'
    this.#entries.delete(entry.a.room)
    if (this.#entries.size >= MAX_DIRECTORY_ENTRIES) this.#entries.delete(this.#oldest())
    this.#entries.set(entry.a.room, entry)
    return 'accept'
  }

  #oldest (): string {
    let oldest: [string, bigint] = ['', BigInt(Number.MAX_SAFE_INTEGER)]
    for (const [room, e] of this.#entries) if (e.a.sentAt < oldest[1]) oldest = [room, e.a.sentAt]
    return oldest[0]
  }

  /** Takes another peer's directory (announcements checked one by one like gossip). */
  async fetch (peer: string): Promise<number> {
    const connection = this.#c.libp2p.getConnections().find((c) => c.remotePeer.toString() === peer)
    if (connection === undefined) return 0
    // A reply may hold MAX_DIRECTORY_ENTRIES signed announcements (megabytes, a thousand signature
    // checks): at most one fetch per peer per announcement period, however often it reconnects.
    const now = Date.now()
    if (now - (this.#fetchedFrom.get(peer) ?? -Infinity) < ANNOUNCE_PERIOD_MS) return 0
    if (this.#fetchedFrom.size >= MAX_FETCHED_PEERS) this.#fetchedFrom.clear()
    this.#fetchedFrom.set(peer, now)
    try {
      const stream = await connection.newStream(DIRECTORY_PROTOCOL, { signal: AbortSignal.timeout(TIMEOUT_MS) })
      const reply = await protobufFramed(stream, { maxDataLength: MAX_DIRECTORY_ENTRIES * MAX_ANNOUNCEMENT_BYTES }).read(DirectoryReply, { signal: AbortSignal.timeout(TIMEOUT_MS), limits: { announcements: MAX_DIRECTORY_ENTRIES } })
      await stream.close()
      let kept = 0
      for (const bytes of reply.announcements) if (this.take(bytes)) kept++
      return kept
    } catch (error) {
      if ((error as Error).name !== 'UnsupportedProtocolError') this.#c.onError(error as Error)
      return 0
    }
  }

  /** Checks one announcement (from a fetch or a file) like gossip and keeps it when it is news; true when kept. */
  take (bytes: Uint8Array): boolean {
    try {
      return this.#admit(openAnnouncement(bytes)) === 'accept'
    } catch {
      // One bad entry costs the rest nothing; whoever handed it over is not trusted for any of them.
      return false
    }
  }

  async #serve (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    const minute = Math.floor(Date.now() / 60_000)
    const r = this.#fetches.get(peer)
    if (this.#fetches.size > 4096) this.#fetches.clear()
    if (r?.minute === minute && r.count >= FETCHES_PER_MINUTE) {
      stream.abort(new InvalidModActionError('limit', 'directory fetch rate'))
      return
    }
    this.#fetches.set(peer, { minute, count: r?.minute === minute ? r.count + 1 : 1 })
    try {
      const now = Date.now()
      const announcements = [...this.#entries.values()].filter((e) => now - Number(e.a.sentAt) <= DIRECTORY_TTL_MS).map((e) => e.bytes as Uint8Array<ArrayBuffer>)
      await protobufFramed(stream).write({ announcements }, DirectoryReply, { signal: AbortSignal.timeout(TIMEOUT_MS) })
      await stream.close()
    } catch (error) {
      stream.abort(error as Error)
    }
  }

  /** Announces a room we own now and every period after (until {@link unlist} or stop). */
  async announce (room: string, fields: () => Promise<AnnounceFields>): Promise<DirectoryEntry> {
    const owned = parseOwnedRoom(room)
    if (owned === undefined || owned.ownerHex !== keyHex(this.#c.identity.publicKey)) throw new NotOwnerError('only a room\'s owner lists it')
    const publish = async (): Promise<Entry> => {
      const f = await fields()
      return this.#publish({ room, sentAt: BigInt(Date.now()), topic: f.topic, description: f.description, language: f.language, members: f.members, lastActivity: BigInt(f.lastActivity), nextEvent: BigInt(f.nextEvent), unlisted: false })
    }
    const current = this.#entries.get(room)
    // A fresh listing after an unlisting waits out the period (peers would refuse it, and count it against us).
    if (current?.a.unlisted === true) this.#notTooSoon(current)
    clearInterval(this.#listed.get(room))
    const entry = await publish()
    // A little over the period, so a timer that fires early never makes a refresh too soon.
    this.#listed.set(room, setInterval(() => { void publish().catch((error: Error) => { this.#c.onError(error) }) }, ANNOUNCE_PERIOD_MS + 5_000))
    return toEntry(entry)
  }

  /**
   * Takes a room we own out of the directory: stops announcing it and publishes a signed
   * unlisting that every peer honours at once (ListingTooSoonError when it is unlisted already
   * and the last unlisting is not a period old).
   */
  async unlist (room: string): Promise<void> {
    const owned = parseOwnedRoom(room)
    if (owned === undefined || owned.ownerHex !== keyHex(this.#c.identity.publicKey)) throw new NotOwnerError('only a room\'s owner unlists it')
    const current = this.#entries.get(room)
    if (current?.a.unlisted === true) this.#notTooSoon(current)
    clearInterval(this.#listed.get(room))
    this.#listed.delete(room)
    await this.#publish({ room, sentAt: BigInt(Date.now()), topic: '', description: '', language: '', members: 0, lastActivity: 0n, nextEvent: 0n, unlisted: true })
  }

  #notTooSoon (current: Entry): void {
    const wait = Number(current.a.sentAt) + ANNOUNCE_PERIOD_MS - Date.now()
    if (wait > 0) throw new ListingTooSoonError(`${roomLabel(current.a.room)} was unlisted moments ago: the directory takes another entry for it in ${Math.ceil(wait / 1000)} s`, wait)
  }

  /** Signs, keeps and publishes one of our rooms' announcements. */
  async #publish (a: Announcement): Promise<Entry> {
    const payload = Announcement.encode(a)
    const bytes = Envelope.encode({ payload, signature: sign(this.#c.identity, SIGNATURE_LABELS.directoryAnnouncement, payload) as Uint8Array<ArrayBuffer>, author: this.#c.identity.publicKey as Uint8Array<ArrayBuffer> })
    const entry = openAnnouncement(bytes)
    this.#entries.set(a.room, entry)
    await this.#c.pubsub.publish(DIRECTORY_TOPIC, bytes).catch((error: Error) => { this.#c.onError(error) })
    return entry
  }

  /** Whether we have heard that `room` was unlisted by its owner (and no newer listing since). */
  unlisted (room: string): boolean {
    return this.#entries.get(room)?.a.unlisted === true
  }

  /** Listed rooms matching every word (in name, topic or description), the most recently active first. */
  list (words: string[] = []): DirectoryEntry[] {
    const now = Date.now()
    const wanted = words.map((w) => w.toLowerCase()).filter((w) => w !== '')
    return [...this.#entries.values()]
      .filter((e) => !e.a.unlisted && now - Number(e.a.sentAt) <= DIRECTORY_TTL_MS)
      .map(toEntry)
      .filter((e) => wanted.every((w) => `${e.label} ${e.topic} ${e.description}`.toLowerCase().includes(w)))
      .sort((x, y) => y.lastActivity - x.lastActivity || y.announcedAt - x.announcedAt)
  }
}

function toEntry (e: Entry): DirectoryEntry {
  const { a } = e
  return {
    room: a.room,
    label: roomLabel(a.room),
    owner: peerIdOfKeyHex(e.owner),
    topic: a.topic,
    description: a.description,
    language: a.language,
    members: a.members,
    lastActivity: Number(a.lastActivity),
    nextEvent: Number(a.nextEvent),
    announcedAt: Number(a.sentAt)
  }
}
