/**
 * The media side of calls: one RTCPeerConnection per call, driven by the peer's signalling
 * (`peer.calls`, @parley/node calls/). The offer and answer, with their DTLS fingerprints, and
 * the ICE candidates travel as end-to-end encrypted CALL DMs; the media goes straight between the
 * two browsers over DTLS-SRTP. ICE servers: none unless the profile configures some (local mode).
 *
 * Mute and camera off take the track off its sender (replaceTrack(null)), so nothing at all is
 * sent for it, not silence or black frames.
 */
import { loadIceServers, parseConversationId, type CallEvent, type CallSignalEvent, type Peer } from '@parley/node/browser'
import { UnsupportedError } from './conversation-ops.js'
import type { CallInfo, CallsBackend } from './call-backend.js'

/** Candidates gathered within this long go out in one signal. */
const CANDIDATE_BATCH_MS = 50

interface Media {
  pc: RTCPeerConnection
  local: MediaStream
  remote: MediaStream
  /** Our candidates not sent yet (the call's id is not known yet, or a batch is filling). */
  outgoing: RTCIceCandidateInit[]
  flush?: ReturnType<typeof setTimeout>
}

export interface PeerCallsComponents {
  peer: () => Peer
  name: (peerId: string) => string
}

export class PeerCalls implements CallsBackend {
  readonly #c: PeerCallsComponents
  readonly #listeners = new Set<() => void>()
  #info: CallInfo | undefined
  #media: Media | undefined
  /** The incoming call's offer, until accepted. */
  #offer: string | undefined
  /** The contact's candidates that came before its description was set. */
  #remoteCandidates: RTCIceCandidateInit[] = []

  constructor (components: PeerCallsComponents) {
    this.#c = components
  }

  /** The live call's connection (tests and benchmarks read its stats). */
  get connection (): RTCPeerConnection | undefined {
    return this.#media?.pc
  }

  /** Follows a newly opened peer's signalling. */
  follow (peer: Peer): void {
    peer.calls.addEventListener('signal', (evt) => { this.#signal(evt.detail).catch((error: Error) => { this.#fail(error) }) })
    peer.addEventListener('call', (evt) => { this.#event(evt.detail) })
  }

  current (): CallInfo | undefined {
    return this.#info
  }

  subscribe (listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  async start (conversationId: string, kind: 'audio' | 'video'): Promise<void> {
    const target = parseConversationId(conversationId)
    if (target.kind !== 'dm') throw new UnsupportedError('calls are between two people: open a direct conversation')
    const peer = this.#c.peer()
    if (peer.calls.current() !== undefined || this.#media !== undefined) throw Object.assign(new Error('a call is already live'), { name: 'CallBusyError' })
    const media = await this.#open(kind)
    try {
      const offer = await media.pc.createOffer()
      await media.pc.setLocalDescription(offer)
      this.#info = { id: '', peerId: target.peer, name: this.#c.name(target.peer), kind, direction: 'outgoing', phase: 'ringing', muted: false, cameraOff: false, local: media.local, remote: media.remote }
      const id = await peer.calls.start(target.peer, kind, media.pc.localDescription?.sdp ?? '')
      if (this.#info !== undefined && this.#media === media) this.#info = { ...this.#info, id }
      this.#sendCandidates()
      this.#changed()
    } catch (err) {
      this.#close()
      throw err
    }
  }

  async accept (): Promise<void> {
    const info = this.#info
    if (info === undefined || info.direction !== 'incoming' || info.phase !== 'ringing' || this.#offer === undefined) return
    const media = await this.#open(info.kind, this.#offer)
    this.#offer = undefined
    await this.#addRemoteCandidates()
    const answer = await media.pc.createAnswer()
    await media.pc.setLocalDescription(answer)
    this.#info = { ...info, phase: 'connecting', local: media.local, remote: media.remote }
    this.#changed()
    await this.#c.peer().calls.accept(info.id, media.pc.localDescription?.sdp ?? '')
    this.#sendCandidates()
  }

  async decline (): Promise<void> {
    if (this.#info !== undefined) await this.#c.peer().calls.decline(this.#info.id)
  }

  async hangup (): Promise<void> {
    const id = this.#info?.id
    if (id === undefined || id === '') return
    await this.#c.peer().calls.hangup(id)
  }

  async setMuted (muted: boolean): Promise<void> {
    await this.#setTrack('audio', !muted)
    if (this.#info !== undefined) this.#info = { ...this.#info, muted }
    this.#changed()
  }

  async setCameraOff (off: boolean): Promise<void> {
    await this.#setTrack('video', !off)
    if (this.#info !== undefined) this.#info = { ...this.#info, cameraOff: off }
    this.#changed()
  }

  /** Puts our track of `kind` on its sender, or takes it off (nothing is sent for it then). */
  async #setTrack (kind: 'audio' | 'video', on: boolean): Promise<void> {
    const media = this.#media
    if (media === undefined) return
    const track = media.local.getTracks().find((t) => t.kind === kind)
    if (track === undefined) return
    track.enabled = on
    const sender = media.pc.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender
    await sender?.replaceTrack(on ? track : null)
  }

  /**
   * Camera and microphone, and a connection with them on it: the caller adds a transceiver per
   * track; the callee first takes the offer (its transceivers), then puts each track on the
   * transceiver of its kind, so the answer sends on the offer's own media sections.
   */
  async #open (kind: 'audio' | 'video', offer?: string): Promise<Media> {
    const local = await navigator.mediaDevices.getUserMedia({ audio: true, video: kind === 'video' })
    const iceServers = await loadIceServers(this.#c.peer().store)
    const pc = new RTCPeerConnection({ iceServers })
    const remote = new MediaStream()
    const media: Media = { pc, local, remote, outgoing: [] }
    this.#media = media
    pc.ontrack = (e) => { remote.addTrack(e.track); this.#changed() }
    pc.onicecandidate = (e) => {
      if (e.candidate === null || e.candidate.candidate === '') return
      media.outgoing.push(e.candidate.toJSON())
      if (media.flush === undefined) media.flush = setTimeout(() => { media.flush = undefined; this.#sendCandidates() }, CANDIDATE_BATCH_MS)
    }
    pc.onconnectionstatechange = () => { this.#connectionState(media) }
    if (offer !== undefined) await pc.setRemoteDescription({ type: 'offer', sdp: offer })
    for (const track of local.getTracks()) {
      const offered = pc.getTransceivers().find((t) => t.receiver.track.kind === track.kind && t.sender.track === null)
      if (offered === undefined) {
        pc.addTransceiver(track, { direction: 'sendrecv', streams: [local] })
        continue
      }
      await offered.sender.replaceTrack(track)
      offered.sender.setStreams(local)
      offered.direction = 'sendrecv'
    }
    return media
  }

  #connectionState (media: Media): void {
    if (this.#media !== media || this.#info === undefined) return
    if (media.pc.connectionState === 'connected' && this.#info.phase !== 'connected') {
      this.#info = { ...this.#info, phase: 'connected' }
      this.#changed()
      // The contact closed its connection (DTLS close_notify): its hang-up may still be on its way, or find no way.
      const transport = media.pc.getSenders()[0]?.transport
      transport?.addEventListener('statechange', () => { if (transport.state === 'closed') this.#ended(media) })
    }
    // ICE gave up (the contact vanished without a hang-up reaching us): the call ends here.
    if (media.pc.connectionState === 'failed') this.#ended(media)
  }

  /** The media of the live call stopped for good: the call ends here (recorded with its duration). */
  #ended (media: Media): void {
    const id = this.#info?.id
    if (this.#media !== media || id === undefined || id === '') return
    this.#c.peer().calls.hangup(id, 'failed').catch((error: Error) => { this.#fail(error) })
  }

  /** Our gathered candidates to the contact, once the call has an id (at most MAX_CANDIDATES_PER_SIGNAL a signal). */
  #sendCandidates (): void {
    const media = this.#media
    const id = this.#info?.id
    if (media === undefined || id === undefined || id === '' || media.outgoing.length === 0) return
    const batch = media.outgoing.splice(0, 16).map((c) => ({ candidate: c.candidate ?? '', sdpMid: c.sdpMid ?? '', sdpMLineIndex: c.sdpMLineIndex ?? 0 }))
    this.#c.peer().calls.sendCandidates(id, batch).catch((error: Error) => { this.#fail(error) })
    if (media.outgoing.length > 0) this.#sendCandidates()
  }

  async #signal (s: CallSignalEvent): Promise<void> {
    if (s.type === 'offer') {
      this.#offer = s.sdp
      this.#remoteCandidates = []
      return
    }
    if (this.#info?.id !== s.id) return
    if (s.type === 'answer') {
      await this.#media?.pc.setRemoteDescription({ type: 'answer', sdp: s.sdp })
      await this.#addRemoteCandidates()
      return
    }
    this.#remoteCandidates.push(...s.candidates.map((c) => ({ candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex })))
    await this.#addRemoteCandidates()
  }

  async #addRemoteCandidates (): Promise<void> {
    const pc = this.#media?.pc
    if (pc?.remoteDescription == null) return
    for (const c of this.#remoteCandidates.splice(0)) await pc.addIceCandidate(c)
  }

  #event (e: CallEvent): void {
    if (e.state === 'ringing' && e.direction === 'incoming') {
      this.#info = { id: e.id, peerId: e.peer, name: this.#c.name(e.peer), kind: e.kind, direction: 'incoming', phase: 'ringing', muted: false, cameraOff: false }
    } else if (e.state === 'answered' && this.#info?.id === e.id) {
      this.#info = { ...this.#info, answeredAt: Date.now(), phase: this.#info.phase === 'connected' ? 'connected' : 'connecting' }
    } else if (e.state !== 'ringing' && e.state !== 'answered' && (this.#info?.id === e.id || (this.#info?.id === '' && e.direction === 'outgoing'))) {
      this.#close()
    }
    this.#changed()
  }

  #close (): void {
    const media = this.#media
    this.#media = undefined
    this.#info = undefined
    this.#offer = undefined
    this.#remoteCandidates = []
    if (media === undefined) return
    clearTimeout(media.flush)
    for (const track of media.local.getTracks()) track.stop()
    media.pc.close()
  }

  #fail (error: Error): void {
    console.warn('call:', error)
  }

  #changed (): void {
    for (const listener of [...this.#listeners]) listener()
  }
}

