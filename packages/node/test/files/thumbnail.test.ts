/**
 * Thumbnails made in Node (node/thumbnail.ts): a JPEG and a transparent PNG become a JPEG of at
 * most 192 px and MAX_THUMBNAIL_BYTES; an image that claims more pixels than the limit (a
 * decompression bomb: a few hundred bytes that would inflate to gigabytes) fails with
 * ImageTooLargeError before anything is decoded; bytes that are no image fail with ImageDecodeError.
 */
import { crc32, deflateSync } from 'node:zlib'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { MAX_THUMBNAIL_BYTES } from '../../src/files/constants.js'
import { makeThumbnail } from '../../src/node/thumbnail.js'

/** A noisy RGBA gradient (noise keeps the JPEG from compressing to nothing). */
function picture (width: number, height: number, alpha = 255): { width: number, height: number, data: Buffer } {
  const data = Buffer.alloc(width * height * 4)
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = (i % width) * 255 / width
    data[i * 4 + 1] = Math.floor(i / width) * 255 / height
    data[i * 4 + 2] = Math.floor(Math.random() * 256)
    data[i * 4 + 3] = alpha
  }
  return { width, height, data }
}

/** A PNG chunk with its CRC. */
function chunk (type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(body.length)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])))
  return Buffer.concat([head, body, crc])
}

describe('thumbnails in Node', () => {
  it('makes a small JPEG of a JPEG, longest side 192', () => {
    const source = jpeg.encode(picture(600, 400), 90).data
    const thumb = makeThumbnail(source, 'image/jpeg')
    expect(thumb).toBeDefined()
    expect(thumb?.length).toBeLessThanOrEqual(MAX_THUMBNAIL_BYTES)
    const back = jpeg.decode(thumb as Uint8Array, { useTArray: true })
    expect([back.width, back.height]).toEqual([192, 128])
  })

  it('makes a JPEG of a transparent PNG, over white', () => {
    const png = new PNG({ width: 300, height: 500 })
    png.data = picture(300, 500, 0).data
    const thumb = makeThumbnail(PNG.sync.write(png), 'image/png')
    const back = jpeg.decode(thumb as Uint8Array, { useTArray: true })
    expect([back.width, back.height]).toEqual([115, 192])
    expect(back.data[0]).toBeGreaterThan(240)
  })

  it('refuses a PNG that claims 3.6 gigapixels in a few hundred bytes', () => {
    const ihdr = Buffer.alloc(13)
    ihdr.writeUInt32BE(60_000, 0)
    ihdr.writeUInt32BE(60_000, 4)
    ihdr[8] = 8 // bit depth
    ihdr[9] = 0 // greyscale
    const bomb = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1 << 20))), chunk('IEND', Buffer.alloc(0))])
    expect(bomb.length).toBeLessThan(4096)
    expect(() => makeThumbnail(bomb, 'image/png')).toThrow(expect.objectContaining({ name: 'ImageTooLargeError' }))
  })

  it('refuses a JPEG whose frame claims 60000×60000', () => {
    const bytes = Buffer.from(jpeg.encode(picture(16, 16), 80).data)
    const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]))
    expect(sof).toBeGreaterThan(0)
    bytes.writeUInt16BE(60_000, sof + 5)
    bytes.writeUInt16BE(60_000, sof + 7)
    expect(() => makeThumbnail(bytes, 'image/jpeg')).toThrow(expect.objectContaining({ name: 'ImageTooLargeError' }))
  })

  it('fails with ImageDecodeError on bytes that are no image, and makes none for other types', () => {
    expect(() => makeThumbnail(Buffer.from('not a jpeg at all'), 'image/jpeg')).toThrow(expect.objectContaining({ name: 'ImageDecodeError' }))
    expect(() => makeThumbnail(Buffer.from('not a png, but long enough for a header'), 'image/png')).toThrow(expect.objectContaining({ name: 'ImageDecodeError' }))
    expect(makeThumbnail(Buffer.from('GIF89a'), 'image/gif')).toBeUndefined()
  })
})
