/** Voice notes: the microphone recorded with MediaRecorder into one audio file. */
import { named } from '@parley/node/browser'

/** The recording could not start: no microphone, or permission refused. */
export class MicrophoneUnavailableError extends named('MicrophoneUnavailableError') {}

/** How often MediaRecorder hands over what it recorded, in ms. */
const TIMESLICE_MS = 250

/** One recording, from {@link VoiceRecorder.start} to {@link VoiceRecorder.stop}. */
export class VoiceRecorder {
  readonly #recorder: MediaRecorder
  readonly #stream: MediaStream
  readonly #parts: Blob[] = []
  readonly #startedAt = new Date()

  private constructor (stream: MediaStream) {
    this.#stream = stream
    this.#recorder = new MediaRecorder(stream)
    this.#recorder.addEventListener('dataavailable', (e) => { if (e.data.size > 0) this.#parts.push(e.data) })
    this.#recorder.start(TIMESLICE_MS)
  }

  /** Asks for the microphone and starts recording. */
  static async start (): Promise<VoiceRecorder> {
    if (typeof MediaRecorder === 'undefined' || navigator.mediaDevices?.getUserMedia == null) throw new MicrophoneUnavailableError('this browser cannot record audio')
    let stream: MediaStream
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    } catch (err) {
      throw new MicrophoneUnavailableError(`no microphone: ${(err as Error).message}`)
    }
    return new VoiceRecorder(stream)
  }

  /** Stops recording and releases the microphone; resolves with the voice note as a file. */
  async stop (): Promise<File> {
    const stopped = new Promise<void>((resolve) => { this.#recorder.addEventListener('stop', () => { resolve() }, { once: true }) })
    if (this.#recorder.state !== 'inactive') this.#recorder.stop()
    await stopped
    for (const track of this.#stream.getTracks()) track.stop()
    const type = (this.#recorder.mimeType !== '' ? this.#recorder.mimeType : 'audio/webm').split(';')[0]
    const stamp = this.#startedAt.toISOString().slice(0, 19).replace(/[:T]/g, '-')
    return new File(this.#parts, `voice-note-${stamp}.${type.endsWith('ogg') ? 'ogg' : type.endsWith('mp4') ? 'm4a' : 'webm'}`, { type })
  }

  /** Stops without a file (the conversation closed). */
  cancel (): void {
    if (this.#recorder.state !== 'inactive') this.#recorder.stop()
    for (const track of this.#stream.getTracks()) track.stop()
  }
}
