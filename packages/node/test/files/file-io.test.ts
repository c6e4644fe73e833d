/** Files on disk as sources and sinks: a sender's name never overwrites a file, and a partial save never looks complete. */
import { mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSync, closeSync } from 'node:fs'
import { fileSink, fileSource, freePath, typeOf, writeFully } from '../../src/node/file-io.js'

const dirs: string[] = []
afterAll(async () => { await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true }))) })

async function dir (): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'parley-file-io-'))
  dirs.push(d)
  return d
}

describe('file io', () => {
  it('numbers a default save path that is taken, or whose partial save is under way', async () => {
    const d = await dir()
    expect(await freePath(d, 'a.txt')).toBe(join(d, 'a.txt'))
    await writeFile(join(d, 'a.txt'), 'mine')
    await writeFile(join(d, 'a (2).txt.part'), '')
    expect(await freePath(d, 'a.txt')).toBe(join(d, 'a (3).txt'))
    expect(await freePath(d, '.bashrc')).toBe(join(d, '.bashrc'))
  })

  it('writes pieces whole, at a position or where the file is, skipping empty ones', async () => {
    const path = join(await dir(), 'pieces.bin')
    const fd = openSync(path, 'w+')
    try {
      const many = Array.from({ length: 100 }, (_, i) => Uint8Array.of(i))
      writeFully(fd, many)
      writeFully(fd, [Uint8Array.of(200), new Uint8Array(0), Uint8Array.of(201, 202)], 10)
      writeFully(fd, [Uint8Array.of(7)])
    } finally {
      closeSync(fd)
    }
    const expected = Array.from({ length: 101 }, (_, i) => i)
    expected.splice(10, 3, 200, 201, 202)
    expected[100] = 7
    expect([...await readFile(path)]).toEqual(expected)
  })

  it('writes through a .part file renamed on close, and removes it on abort', async () => {
    const d = await dir()
    const done = await fileSink(join(d, 'done.bin'))
    await done.write(Uint8Array.of(1, 2))
    await done.write(Uint8Array.of(3))
    await expect(access(join(d, 'done.bin'))).rejects.toMatchObject({ code: 'ENOENT' })
    await done.close()
    expect([...await readFile(join(d, 'done.bin'))]).toEqual([1, 2, 3])
    const failed = await fileSink(join(d, 'failed.bin'))
    await failed.write(Uint8Array.of(9))
    await failed.abort?.()
    await expect(access(join(d, 'failed.bin.part'))).rejects.toMatchObject({ code: 'ENOENT' })
    await expect(access(join(d, 'failed.bin'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('reads a file a range at a time and names its type', async () => {
    const d = await dir()
    await writeFile(join(d, 'Photo.JPG'), Uint8Array.of(5, 6, 7, 8))
    const source = await fileSource(join(d, 'Photo.JPG'))
    expect(source).toMatchObject({ name: 'Photo.JPG', type: 'image/jpeg', size: 4 })
    expect([...await source.read(1, 2)]).toEqual([6, 7])
    expect(typeOf('notes')).toBe('application/octet-stream')
    expect(typeOf('voice.ogg')).toBe('audio/ogg')
  })
})
