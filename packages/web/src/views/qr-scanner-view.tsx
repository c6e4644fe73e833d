import { useEffect, useRef } from 'preact/hooks'
import { scanQrCode, ScanAbortedError } from '../app/qr-camera.js'

/**
 * The camera, scanning for one QR code: shows what the camera sees and hands the first code's
 * text to `onCode` (hostile: the caller parses it), or the reason it could not scan to `onError`.
 * The camera is released when a code is found, on Cancel, and when the view goes away.
 */
export function QrScannerView ({ label, onCode, onError, onCancel }: {
  /** The camera view's accessible name, e.g. "Camera: point it at the contact's code". */
  label: string
  onCode: (text: string) => void
  onError: (error: Error) => void
  onCancel: () => void
}): preact.JSX.Element {
  const video = useRef<HTMLVideoElement>(null)
  // The callbacks of the render that started the scan may be stale by the time a code is found.
  const handlers = useRef({ onCode, onError })
  handlers.current = { onCode, onError }
  useEffect(() => {
    const element = video.current
    if (element == null) {
      return
    }
    const controller = new AbortController()
    scanQrCode({ video: element, signal: controller.signal }).then((text) => { handlers.current.onCode(text) }, (err: Error) => {
      if (!(err instanceof ScanAbortedError)) {
        handlers.current.onError(err)
      }
    })
    return () => { controller.abort() }
  }, [])
  return (
    <div class='scanner'>
      <video ref={video} aria-label={label} muted playsInline />
      <button type='button' onClick={onCancel}>Stop scanning</button>
    </div>
  )
}
