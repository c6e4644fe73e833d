/**
 * Scanning a QR code with the camera: `getUserMedia` shows the camera in a `<video>`, and every
 * {@link SCAN_INTERVAL_MS} a frame, scaled down to at most {@link MAX_SCAN_EDGE} pixels, goes to
 * jsQR (Chromium on Linux and Firefox have no `BarcodeDetector`). The first code found ends the
 * scan and the camera is released. What a code says is hostile input: its length is bounded here,
 * and its meaning is parsed by whoever asked (a contact card, a safety number).
 */
import type jsQRType from 'jsqr'
import { MAX_SCAN_EDGE, MAX_SCANNED_CHARS, SCAN_INTERVAL_MS } from './constants.js'

/** Why the camera cannot be used: `denied` (permission), `missing` (no camera), `unsupported` (no API, e.g. not a secure page), `failed`. */
export type CameraProblem = 'denied' | 'missing' | 'unsupported' | 'failed'

/** The camera cannot be opened; `problem` says why. */
export class CameraUnavailableError extends Error {
  static override name = 'CameraUnavailableError'
  readonly problem: CameraProblem
  constructor (problem: CameraProblem, message = `the camera is not available (${problem})`) {
    super(message)
    this.name = CameraUnavailableError.name
    this.problem = problem
  }
}

/** A scanned code holds more text than any Parley code: it is refused unread. */
export class ScannedCodeTooLongError extends Error {
  static override name = 'ScannedCodeTooLongError'
  readonly length: number
  readonly limit: number
  constructor (length: number, limit = MAX_SCANNED_CHARS) {
    super(`the scanned code holds ${length} characters, more than the ${limit} allowed`)
    this.name = ScannedCodeTooLongError.name
    this.length = length
    this.limit = limit
  }
}

/** The scan was cancelled (its signal aborted) before a code was found. */
export class ScanAbortedError extends Error {
  static override name = 'ScanAbortedError'
  constructor (message = 'the scan was cancelled') {
    super(message)
    this.name = ScanAbortedError.name
  }
}

/** Options of {@link scanQrCode}. */
export interface ScanInit {
  /** Where the camera is shown (muted, inline); the scan reads its frames. */
  video: HTMLVideoElement
  /** Aborting stops the camera and rejects with ScanAbortedError. */
  signal: AbortSignal
}

/** Maps a `getUserMedia` failure (a DOMException by name) to a {@link CameraUnavailableError}. */
function cameraError (err: unknown): CameraUnavailableError {
  const name = err instanceof Error ? err.name : ''
  if (name === 'NotAllowedError' || name === 'SecurityError') return new CameraUnavailableError('denied')
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return new CameraUnavailableError('missing')
  return new CameraUnavailableError('failed', `the camera could not be opened: ${err instanceof Error ? err.message : String(err)}`)
}

async function openCamera (): Promise<MediaStream> {
  if (typeof navigator.mediaDevices?.getUserMedia !== 'function') throw new CameraUnavailableError('unsupported')
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } }
    })
  } catch (err) {
    throw cameraError(err)
  }
}

type Decode = typeof jsQRType

/** The text of a QR code in the video's current frame, if one is found. */
function decodeFrame (jsQR: Decode, video: HTMLVideoElement, canvas: HTMLCanvasElement): string | undefined {
  const { videoWidth: w, videoHeight: h } = video
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || w === 0 || h === 0) return undefined
  const scale = Math.min(1, MAX_SCAN_EDGE / Math.max(w, h))
  canvas.width = Math.max(1, Math.round(w * scale))
  canvas.height = Math.max(1, Math.round(h * scale))
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (context == null) throw new CameraUnavailableError('failed', 'no 2D canvas to read camera frames')
  context.drawImage(video, 0, 0, canvas.width, canvas.height)
  const image = context.getImageData(0, 0, canvas.width, canvas.height)
  const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })
  if (code == null || code.data === '') return undefined
  if (code.data.length > MAX_SCANNED_CHARS) throw new ScannedCodeTooLongError(code.data.length)
  return code.data
}

/**
 * Opens the camera into `video` and resolves with the text of the first QR code it sees.
 * Rejects with CameraUnavailableError, ScannedCodeTooLongError, or ScanAbortedError when
 * `signal` aborts. The camera is released however it ends.
 */
export async function scanQrCode ({ video, signal }: ScanInit): Promise<string> {
  if (signal.aborted) throw new ScanAbortedError()
  // The decoder is loaded on the first scan only (most sessions never open the camera), and
  // before the camera, so that a failed load cannot leave the camera on.
  const { default: jsQR } = await import('jsqr')
  const stream = await openCamera()
  const release = (): void => {
    for (const track of stream.getTracks()) track.stop()
    video.srcObject = null
  }
  if (signal.aborted) {
    release()
    throw new ScanAbortedError()
  }
  const canvas = document.createElement('canvas')
  return await new Promise<string>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let done = false
    const finish = (outcome: { text: string } | { error: Error }): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      release()
      if ('text' in outcome) resolve(outcome.text)
      else reject(outcome.error)
    }
    const onAbort = (): void => { finish({ error: new ScanAbortedError() }) }
    const tick = (): void => {
      if (done) return
      try {
        const text = decodeFrame(jsQR, video, canvas)
        if (text !== undefined) {
          finish({ text })
          return
        }
      } catch (err) {
        finish({ error: err as Error })
        return
      }
      timer = setTimeout(tick, SCAN_INTERVAL_MS)
    }
    signal.addEventListener('abort', onAbort)
    video.muted = true
    video.playsInline = true
    video.srcObject = stream
    video.play().then(tick, (err: unknown) => { finish({ error: cameraError(err) }) })
  })
}
