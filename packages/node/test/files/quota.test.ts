/**
 * The blob quota: a file that needs room evicts files the user did not keep, least recently used
 * first; kept files (ours, pinned) stay; a file that cannot fit is refused with a typed error,
 * and so is one over the maximum size.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodePeer } from '../../src/node/index.js'
import type { FileSource } from '../../src/files/files.js'
import type { Peer } from '../../src/peer.js'

const KIB = 1024
const dirs: string[] = []
const peers: Peer[] = []
afterAll(async () => {
  await Promise.allSettled(peers.map(async (p) => p.stop()))
  await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
})

const source = (name: string, size: number): FileSource => ({ name, type: 'application/octet-stream', size, read: async (offset, length) => Promise.resolve(new Uint8Array(length).fill(offset % 251)) })

describe('blob quota', () => {
  it('evicts the least recently used file not kept, never a kept one, and refuses what cannot fit', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-quota-'))
    dirs.push(dataDir)
    const { peer } = await createNodePeer({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, files: { quotaBytes: 1000 * KIB, maxFileBytes: 900 * KIB } })
    await peer.start()
    peers.push(peer)
    const files = peer.files
    // Three received files (not kept), used in order a, b, c.
    const ids: string[] = []
    for (const name of ['a', 'b', 'c']) {
      const ref = await files.seal(source(name, 300 * KIB))
      ids.push((await files.remember(`room:lobby`, name, 'someone', ref, false)).id)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const [a, b, c] = ids
    await files.keep(a)
    // A fourth needs 300 KiB: b, the least recently used file not kept, goes (a is kept).
    const d = (await files.remember('room:lobby', 'd', 'someone', await files.seal(source('d', 300 * KIB)), false)).id
    expect(await files.held(a)).toBe(2)
    expect(await files.held(b)).toBe(0)
    expect(await files.held(c)).toBe(2)
    expect(await files.held(d)).toBe(2)
    expect((await files.list()).find((f) => f.id === b)?.complete).toBe(false)
    // Over the maximum size, and more than the quota can ever hold once the rest is kept.
    await expect(files.seal(source('big', 901 * KIB))).rejects.toMatchObject({ name: 'FileTooLargeError', size: 901 * KIB, max: 900 * KIB })
    await files.keep(c)
    await files.keep(d)
    await expect(files.seal(source('e', 300 * KIB))).rejects.toMatchObject({ name: 'BlobQuotaExceededError' })
    await expect(files.keep('0'.repeat(64))).rejects.toMatchObject({ name: 'UnknownFileError' })
  })
})
