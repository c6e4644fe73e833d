/**
 * The blob store's compliance suite, run against every implementation: in memory, and on disk
 * (node/disk-blob-store.ts). A chunk is held only once stored with its leaf, blobs rename and
 * delete whole, and a disk store opened again finds what the last one held.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chunkSealedLength, FILE_CHUNK_BYTES, ready } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryBlobStore, type BlobStore } from '../../src/files/blob-store.js'
import { DiskBlobStore } from '../../src/node/disk-blob-store.js'
import { LevelBlobStore } from '../../src/files/level-blob-store.js'
import { ClassicLevel } from 'classic-level'

const dirs: string[] = []
beforeAll(ready)
afterAll(async () => { await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true }))) })

const SIZE = 2 * FILE_CHUNK_BYTES + 100
const chunk = (index: number): Uint8Array => new Uint8Array(chunkSealedLength(SIZE, index)).fill(index + 1)
/** Compares chunk bytes without vitest's deep equality (slow on 256 KiB arrays). */
function expectChunk (got: Uint8Array | undefined, index: number): void {
  expect(got).toBeDefined()
  expect(Buffer.compare(got ?? new Uint8Array(), chunk(index))).toBe(0)
}
const leaf = (index: number): Uint8Array => new Uint8Array(32).fill(0xa0 + index)

function blobStoreSuite (name: string, open: () => Promise<BlobStore>): void {
  describe(`blob store: ${name}`, () => {
    it('holds a chunk only once it is put, and reads back its bytes', async () => {
      const store = await open()
      await store.create('aa', 3, SIZE)
      expect((await store.held('aa'))?.leaves).toEqual([undefined, undefined, undefined])
      await store.put('aa', 2, chunk(2), leaf(2))
      await store.put('aa', 0, chunk(0), leaf(0))
      const held = await store.held('aa')
      expect(held).toMatchObject({ count: 3, size: SIZE })
      expect(held?.leaves.map((l) => l === undefined ? undefined : l[0])).toEqual([0xa0, undefined, 0xa2])
      expectChunk(await store.get('aa', 2), 2)
      expectChunk(await store.get('aa', 0), 0)
      expect(await store.held('bb')).toBeUndefined()
    })

    it('creates a blob once, renames and deletes it whole', async () => {
      const store = await open()
      await store.create('tmp-1', 3, SIZE)
      await store.put('tmp-1', 1, chunk(1), leaf(1))
      await store.create('tmp-1', 3, SIZE)
      expect((await store.held('tmp-1'))?.leaves[1]).toEqual(leaf(1))
      await store.rename('tmp-1', 'cc')
      expect(await store.held('tmp-1')).toBeUndefined()
      expectChunk(await store.get('cc', 1), 1)
      expect(await store.list()).toContain('cc')
      await store.delete('cc')
      await store.delete('cc')
      expect(await store.list()).not.toContain('cc')
      await expect(store.put('cc', 0, chunk(0), leaf(0))).rejects.toMatchObject({ name: 'RangeError' })
    })
  })
}

blobStoreSuite('memory', async () => Promise.resolve(new MemoryBlobStore()))
const levels: Array<ClassicLevel<string, Uint8Array>> = []
afterAll(async () => { await Promise.all(levels.map(async (l) => l.close())) })
blobStoreSuite('level (LevelDB here; IndexedDB in the browser)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-blobs-level-'))
  dirs.push(dir)
  const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' })
  levels.push(db)
  return new LevelBlobStore(db)
})
blobStoreSuite('disk', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-blobs-'))
  dirs.push(dir)
  return new DiskBlobStore(dir)
})

describe('disk blob store', () => {
  it('finds what a store before it held (a restart resumes from the verified chunks)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-blobs-'))
    dirs.push(dir)
    const before = new DiskBlobStore(dir)
    await before.create('dd', 3, SIZE)
    await before.put('dd', 1, chunk(1), leaf(1))
    const after = new DiskBlobStore(dir)
    expect((await after.held('dd'))?.leaves.map((l) => l !== undefined)).toEqual([false, true, false])
    expectChunk(await after.get('dd', 1), 1)
    expect(await after.list()).toEqual(['dd'])
  })
})
