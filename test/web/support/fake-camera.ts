/**
 * A fake camera for Chromium: a Y4M video of one QR code that Chromium plays as the camera
 * (`--use-file-for-fake-video-capture`). Chromium opens the file each time a page starts the
 * camera, so rewriting it between scans shows the next scan another code.
 */
import { writeFile } from 'node:fs/promises'
import { create } from 'qrcode'

/** Light modules around the code (ISO/IEC 18004 §6.3.8). */
const QUIET_ZONE = 4
/** The frame's edge in pixels (even: I420 halves it for the chroma planes). */
const EDGE = 720
/** Video-range luma (BT.601): what Chromium converts to black and white. */
const DARK = 16
const LIGHT = 235
/** Frames in the file; Chromium loops them. */
const FRAMES = 2

/**
 * Writes to `file` a Y4M (I420) video whose frames show the QR code of `text`, each module a
 * square of whole pixels, centred on white.
 */
export async function writeQrVideo (file: string, text: string): Promise<void> {
  const { modules } = create(text, { errorCorrectionLevel: 'M' })
  const cells = modules.size + 2 * QUIET_ZONE
  const px = Math.floor(EDGE / cells)
  if (px < 2) throw new RangeError(`a code of ${modules.size} modules does not fit ${EDGE} pixels`)
  const offset = Math.floor((EDGE - px * cells) / 2) + QUIET_ZONE * px
  const luma = Buffer.alloc(EDGE * EDGE, LIGHT)
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col) === 0) continue
      for (let y = 0; y < px; y++) {
        const start = (offset + row * px + y) * EDGE + offset + col * px
        luma.fill(DARK, start, start + px)
      }
    }
  }
  const chroma = Buffer.alloc(EDGE * EDGE / 2, 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma])
  const header = Buffer.from(`YUV4MPEG2 W${EDGE} H${EDGE} F10:1 Ip A1:1 C420jpeg\n`)
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: FRAMES }, () => frame)]))
}

/** Chromium's flags for a fake camera playing `file`. */
export function fakeCameraArgs (file: string): string[] {
  return [`--use-file-for-fake-video-capture=${file}`]
}
