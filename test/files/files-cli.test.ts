/**
 * Files between real `parley --json` processes: a 20 MiB DM file arrives byte-identical (the
 * reply to save-file comes once it is complete and verified), and a receiver SIGKILLed
 * mid-download resumes after a restart from the chunks it had verified, fetching only the rest.
 */
import { createHash, randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import jpeg from 'jpeg-js'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../support/poll.js'
import { Cluster, type Json } from '../peer/harness.js'

const MIB = 1024 * 1024
const SIZE = 20 * MIB
const CHUNK = 256 * 1024
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

describe('files between processes', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('sends a 20 MiB file in a DM that arrives byte-identical, and resumes a download killed half-way', async () => {
    // The sender serves 40 chunks (10 MiB) a second to each peer, so the kill lands mid-download.
    const a = await cluster.start(undefined, ['--serve-rate', '40'])
    const bDir = await cluster.dir()
    let b = await cluster.start(bDir, ['--bootstrap', a.addr])
    await a.ok({ cmd: 'contact-add', peer: b.peerId })
    await b.ok({ cmd: 'contact-add', peer: a.peerId })
    const files: Array<{ path: string, hash: string }> = []
    for (const name of ['first.bin', 'second.bin']) {
      const path = join(await cluster.dir(), name)
      const bytes = randomBytes(SIZE)
      await writeFile(path, bytes)
      files.push({ path, hash: sha256(bytes) })
    }
    const first = (await a.ok({ cmd: 'send-file', to: b.peerId, path: files[0].path })).file as Json
    expect(first).toMatchObject({ name: 'first.bin', size: SIZE })
    expect(first.root).toBe(first.id)
    const event = await b.waitFor((e) => e.event === 'file' && e.id === first.id, 30_000, 'the file event')
    expect(event).toMatchObject({ name: 'first.bin', size: SIZE, from: a.peerId, conversation: `dm:${a.peerId}` })
    const out = join(bDir, 'first-saved.bin')
    const saved = await b.send({ cmd: 'save-file', file: first.id, path: out }, 120_000)
    expect(saved).toMatchObject({ ok: true, path: out, file: { id: first.id, complete: true } })
    expect(sha256(await readFile(out))).toBe(files[0].hash)
    const progress = b.events.filter((e) => e.event === 'file-progress' && e.id === first.id)
    expect(progress.at(-1)).toMatchObject({ bytes: SIZE, total: SIZE })
    // A received file is cached, not kept, until the user keeps it (then never evicted, and backed up).
    expect((await b.ok({ cmd: 'files', conversation: `dm:${a.peerId}` })).files).toEqual([expect.objectContaining({ id: first.id, kept: false })])
    expect(await b.ok({ cmd: 'keep-file', file: (first.id as string).slice(0, 8) })).toMatchObject({ file: { id: first.id, kept: true } })
    expect((await b.ok({ cmd: 'files' })).files).toEqual([expect.objectContaining({ id: first.id, kept: true })])
    expect(await b.send({ cmd: 'keep-file', file: first.id, kept: 'yes' })).toMatchObject({ ok: false, error: { name: 'BadCommandError' } })

    // An image sent from the terminal carries a thumbnail, like the web app's.
    const photo = join(await cluster.dir(), 'photo.jpg')
    const pixels = Buffer.alloc(640 * 480 * 4, 0x80)
    await writeFile(photo, jpeg.encode({ width: 640, height: 480, data: pixels }, 80).data)
    const image = (await a.ok({ cmd: 'send-file', to: b.peerId, path: photo })).file as Json
    const shown = await b.waitFor((e) => e.event === 'file' && e.id === image.id, 30_000, 'the image event')
    const thumbnail = jpeg.decode(Buffer.from(shown.thumbnail as string, 'base64'), { useTArray: true })
    expect([thumbnail.width, thumbnail.height]).toEqual([192, 144])

    // The second file: kill the receiver once a quarter is verified, restart it, save again.
    const second = (await a.ok({ cmd: 'send-file', to: b.peerId, path: files[1].path })).file as Json
    await b.waitFor((e) => e.event === 'file' && e.id === second.id, 30_000, 'the second file event')
    const out2 = join(bDir, 'second-saved.bin')
    void b.send({ cmd: 'save-file', file: second.id, path: out2 }, 120_000).catch(() => {})
    const atKill = await b.waitFor((e) => e.event === 'file-progress' && e.id === second.id && e.bytes >= SIZE / 4, 60_000, 'a quarter of the second file')
    await b.kill('SIGKILL')
    const heldAtKill = Math.max(...b.events.filter((e) => e.event === 'file-progress' && e.id === second.id).map((e) => e.bytes as number))
    expect(heldAtKill).toBeLessThan(SIZE)
    expect(atKill.bytes).toBeLessThanOrEqual(heldAtKill)
    b = await cluster.start(bDir, ['--bootstrap', a.addr, '--auto-download-contacts', '--auto-download-mib', '2'])
    // The flags are stored in the profile; the json command reads and changes the setting.
    expect(await b.ok({ cmd: 'auto-download' })).toMatchObject({ autoDownload: { contacts: true, maxMib: 2 } })
    expect(await b.ok({ cmd: 'auto-download', contacts: false })).toMatchObject({ autoDownload: { contacts: false, maxMib: 2 } })
    expect(await b.send({ cmd: 'auto-download', maxMib: -1 })).toMatchObject({ ok: false, error: { name: 'InvalidAutoDownloadError' } })
    const resumed = await b.send({ cmd: 'save-file', file: second.id, path: out2 }, 120_000)
    expect(resumed).toMatchObject({ ok: true, file: { complete: true } })
    expect(sha256(await readFile(out2))).toBe(files[1].hash)
    const after = b.events.filter((e) => e.event === 'file-progress' && e.id === second.id)
    // It started from what it had verified, and fetched only the rest (sealed: 16 bytes more per chunk).
    expect(after[0].bytes).toBeGreaterThanOrEqual(heldAtKill)
    const fetchedAfter = Math.max(...after.map((e) => e.fetched as number))
    expect(fetchedAfter).toBeLessThanOrEqual(SIZE - heldAtKill + (SIZE / CHUNK) * 16)
    expect(fetchedAfter).toBeGreaterThan(0)
    await until('no partial file left', async () => (await readFile(`${out2}.part`).then(() => false, () => true)))
  }, 240_000)
})
