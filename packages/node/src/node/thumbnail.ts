/**
 * Thumbnails for images sent from the terminal, like the web app's
 * (packages/web/src/app/thumbnail.ts): a JPEG, longest side 192 px, then 128
 * and 80 until it fits MAX_THUMBNAIL_BYTES. Pure JavaScript (jpeg-js, pngjs),
 * no native code. The image is a file the user chose, but it may come from
 * anywhere: its size in pixels is checked before anything is decoded (the
 * PNG header, jpeg-js's own resolution and memory limits), so a small file
 * that claims a huge image (a decompression bomb) fails with
 * ImageTooLargeError instead of taking the memory.
 */
import { readFile, stat } from 'node:fs/promises'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { named } from '../errors.js'
import { MAX_THUMBNAIL_BYTES } from '../files/constants.js'

/** Largest image file read for a thumbnail (bigger files are sent without one). */
export const MAX_THUMBNAIL_SOURCE_BYTES = 32 * 1024 * 1024
/** Most pixels decoded for a thumbnail: 40 megapixels (160 MiB as RGBA). */
export const MAX_THUMBNAIL_SOURCE_PIXELS = 40_000_000
/** Longest sides tried, largest first, and the JPEG quality. */
const SIDES = [192, 128, 80]
const QUALITY = 70

/** The image claims more pixels than MAX_THUMBNAIL_SOURCE_PIXELS. */
export class ImageTooLargeError extends named('ImageTooLargeError') {}
/** The bytes are not an image this decoder reads (damaged, or another format). */
export class ImageDecodeError extends named('ImageDecodeError') {}

/** The PNG signature, then the first chunk's length (13) and type (IHDR). */
const PNG_START = [137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]

interface Rgba { width: number, height: number, data: Uint8Array }

/** Width and height from a PNG's IHDR chunk (bytes 16–23), before anything is inflated. */
function pngSize (bytes: Uint8Array): { width: number, height: number } {
  if (bytes.length < 24 || !PNG_START.every((b, i) => bytes[i] === b)) throw new ImageDecodeError('not a PNG (no signature and IHDR chunk)')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

function decode (bytes: Uint8Array, type: string): Rgba {
  if (type === 'image/png') {
    const { width, height } = pngSize(bytes)
    if (width * height > MAX_THUMBNAIL_SOURCE_PIXELS) throw new ImageTooLargeError(`a ${width}×${height} image is over ${MAX_THUMBNAIL_SOURCE_PIXELS} pixels`)
    try {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      return { width: png.width, height: png.height, data: png.data }
    } catch (err) {
      throw new ImageDecodeError(`not a PNG this decoder reads: ${(err as Error).message}`)
    }
  }
  try {
    return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_THUMBNAIL_SOURCE_PIXELS / 1_000_000, maxMemoryUsageInMB: 256 })
  } catch (err) {
    const message = (err as Error).message ?? String(err)
    // jpeg-js says so in plain Errors: "maxResolutionInMP limit exceeded", "maxMemoryUsageInMB limit exceeded".
    if (/limit exceeded/i.test(message)) throw new ImageTooLargeError(`the image is over the decode limits: ${message}`)
    throw new ImageDecodeError(`not a JPEG this decoder reads: ${message}`)
  }
}

/** Scales down by averaging the source pixels each target pixel covers, over white (for transparency). */
function shrink (src: Rgba, side: number): Rgba {
  const scale = Math.min(1, side / Math.max(src.width, src.height))
  const width = Math.max(1, Math.round(src.width * scale))
  const height = Math.max(1, Math.round(src.height * scale))
  const data = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * src.height / height)
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * src.height / height))
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * src.width / width)
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * src.width / width))
      let r = 0; let g = 0; let b = 0
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const i = (sy * src.width + sx) * 4
          const a = src.data[i + 3] / 255
          r += src.data[i] * a + 255 * (1 - a)
          g += src.data[i + 1] * a + 255 * (1 - a)
          b += src.data[i + 2] * a + 255 * (1 - a)
        }
      }
      const n = (y1 - y0) * (x1 - x0)
      const o = (y * width + x) * 4
      data[o] = r / n; data[o + 1] = g / n; data[o + 2] = b / n; data[o + 3] = 255
    }
  }
  return { width, height, data }
}

/**
 * A JPEG thumbnail of a JPEG or PNG image (by `type`), at most MAX_THUMBNAIL_BYTES; undefined for
 * other types.
 *
 * @throws ImageTooLargeError when the image claims too many pixels, ImageDecodeError when it does not decode
 */
export function makeThumbnail (bytes: Uint8Array, type: string): Uint8Array<ArrayBuffer> | undefined {
  if (type !== 'image/jpeg' && type !== 'image/png') return undefined
  const image = decode(bytes, type)
  for (const side of SIDES) {
    const small = shrink(image, side)
    const jpg = jpeg.encode(small, QUALITY).data
    if (jpg.length <= MAX_THUMBNAIL_BYTES) return new Uint8Array(jpg)
  }
  return undefined
}

/**
 * The thumbnail of an image file to send, or undefined: not a JPEG or PNG, over
 * MAX_THUMBNAIL_SOURCE_BYTES, or not decodable within the limits (the file is then sent without
 * one, as the web app does; `onSkipped` hears why).
 */
export async function thumbnailOf (path: string, type: string, onSkipped?: (error: Error) => void): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (type !== 'image/jpeg' && type !== 'image/png') return undefined
  if ((await stat(path)).size > MAX_THUMBNAIL_SOURCE_BYTES) return undefined
  try {
    return makeThumbnail(await readFile(path), type)
  } catch (err) {
    onSkipped?.(err as Error)
    return undefined
  }
}
