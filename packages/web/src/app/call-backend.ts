/**
 * The calls part of the {@link ChatBackend} port: one live call with a contact, in UI terms.
 * call-engine.ts implements it over the peer's signalling and one RTCPeerConnection per call.
 */

/** The live call as the UI shows it. */
export interface CallInfo {
  id: string
  /** The contact's peer id, and the name to show for it. */
  peerId: string
  name: string
  kind: 'audio' | 'video'
  direction: 'incoming' | 'outgoing'
  /** ringing: not answered yet; connecting: answered, media not flowing yet; connected: media flows. */
  phase: 'ringing' | 'connecting' | 'connected'
  /** When it was answered (ms since the epoch). */
  answeredAt?: number
  muted: boolean
  cameraOff: boolean
  /** Our camera and microphone. */
  local?: MediaStream
  /** What the contact sends. */
  remote?: MediaStream
}

/** What the app needs to call. Methods reject with the peer's typed errors (`err.name`), or the browser's (NotAllowedError). */
export interface CallsBackend {
  /** The live call, if any. */
  current(): CallInfo | undefined
  /** Calls `listener` after every change of the live call (and when it ends); returns the unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Calls the contact of a DM conversation (CallBusyError during another call). */
  start(conversationId: string, kind: 'audio' | 'video'): Promise<void>
  accept(): Promise<void>
  decline(): Promise<void>
  hangup(): Promise<void>
  setMuted(muted: boolean): Promise<void>
  setCameraOff(off: boolean): Promise<void>
}
