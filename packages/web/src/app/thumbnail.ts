/**
 * A small preview of an image, made in the browser (createImageBitmap + OffscreenCanvas) to travel
 * inside the file message, so the recipient sees it before fetching anything. Bounded: the longest
 * side at most THUMBNAIL_SIDES[0] px, and at most MAX_THUMBNAIL_BYTES (smaller sides are tried
 * until it fits).
 */
import { MAX_THUMBNAIL_BYTES } from '@parley/node/browser'

/** Longest side of a thumbnail, in px, tried in order until the JPEG fits. */
export const THUMBNAIL_SIDES = [192, 128, 80] as const
const JPEG_QUALITY = 0.7

/** A JPEG thumbnail of `image`, or undefined when the browser cannot decode it (or it will not fit). */
export async function makeThumbnail (image: Blob): Promise<Uint8Array<ArrayBuffer> | undefined> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(image)
  } catch {
    return undefined
  }
  try {
    for (const side of THUMBNAIL_SIDES) {
      const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height))
      const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)))
      const context = canvas.getContext('2d')
      if (context == null) return undefined
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
      const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY })
      if (jpeg.size <= MAX_THUMBNAIL_BYTES) return new Uint8Array(await jpeg.arrayBuffer())
    }
    return undefined
  } finally {
    bitmap.close()
  }
}
