import { describe, expect, it } from 'vitest'
import { FilesViewModel, fileEntry, fileKind, formatSize } from '../../src/view-models/files-view-model.js'
import { TimelineViewModel } from '../../src/view-models/timeline-view-model.js'
import { MemoryBackend, settle } from './memory-backend.js'
import { until } from '../../../../test/support/poll.js'
import type { Download } from '../../src/app/archive-backend.js'
import type { FilesSnapshot } from '../../src/views/file-types.js'

const ROOM = 'room:lobby'

function setup (): { vm: FilesViewModel, backend: MemoryBackend, saved: Download[], seen: FilesSnapshot[] } {
  const backend = new MemoryBackend()
  const saved: Download[] = []
  const vm = new FilesViewModel(backend.files, ROOM, (download) => { saved.push(download) })
  const seen: FilesSnapshot[] = []
  vm.subscribe(() => { seen.push(vm.getSnapshot()) })
  return { vm, backend, saved, seen }
}

describe('FilesViewModel', () => {
  it('shows inline only media types it knows, never SVG or HTML, whatever the sender says', () => {
    expect(['image/png', 'IMAGE/JPEG', 'video/webm', 'audio/webm;codecs=opus', 'audio/ogg'].map(fileKind)).toEqual(['image', 'image', 'video', 'audio', 'audio'])
    expect(['image/svg+xml', 'text/html', 'application/pdf', '', 'image/png\u0000'].map(fileKind)).toEqual(['file', 'file', 'file', 'file', 'file'])
    expect([0, 1023, 1024, 1536, 3 * 1024 * 1024 + 1234, 200 * 1024 * 1024].map(formatSize)).toEqual(['0 B', '1023 B', '1.0 KiB', '1.5 KiB', '3.0 MiB', '200 MiB'])
    expect(fileEntry({ id: 'ab', name: 'p.png', type: 'image/png', size: 10, thumbnail: 'AAAA' })).toMatchObject({ kind: 'image', thumbnail: 'data:image/jpeg;base64,AAAA', size: '10 B' })
    expect(fileEntry({ id: 'ab', name: 'x', type: 'text/plain', size: 1 })).not.toHaveProperty('thumbnail')
  })

  it('sends an attached file with an upload progress bar that goes away when it is sent, and the timeline shows its card', async () => {
    const { vm, backend, seen } = setup()
    const timeline = new TimelineViewModel(backend, ROOM)
    vm.attach([new File([new Uint8Array(700 * 1024)], 'big.bin', { type: 'application/octet-stream' })])
    await until('the file message', () => timeline.getSnapshot().entries.length === 1)
    const percents = seen.flatMap((s) => s.uploads.map((u) => u.percent))
    expect(percents[0]).toBe(0)
    expect(percents).toContain(100)
    expect(vm.getSnapshot().uploads).toEqual([])
    const [entry] = timeline.getSnapshot().entries
    expect(entry.file).toMatchObject({ name: 'big.bin', kind: 'file', size: '700 KiB' })
    // A room carries the name as the text of a file message without a caption: shown once, on the file.
    expect(entry.blocks).toEqual([])
    timeline.dispose()
  })

  it('downloads a file once with progress to 100 and hands it to the user; a second download fetches nothing', async () => {
    const { vm, backend, saved } = setup()
    const timeline = new TimelineViewModel(backend, ROOM)
    vm.attach([new File(['hello'], 'hi.txt', { type: 'text/plain' })])
    await until('the file message', () => timeline.getSnapshot().entries.length === 1)
    const file = timeline.getSnapshot().entries[0].file
    if (file == null) throw new Error('no file')
    vm.download(file)
    expect(vm.getSnapshot().transfers[file.id]).toMatchObject({ percent: 0, done: false })
    await until('the download', () => saved.length === 1)
    expect(saved[0].name).toBe('hi.txt')
    expect(await saved[0].blob.text()).toBe('hello')
    expect(vm.getSnapshot().transfers[file.id]).toMatchObject({ percent: 100, done: true })
    backend.files.failFetch = 'FileUnavailableError'
    vm.download(file)
    await until('the second download', () => saved.length === 2)
    expect(backend.files.failFetch).toBe('FileUnavailableError')
    timeline.dispose()
  })

  it('shows why a fetch failed on the file, and a later try fetches again', async () => {
    const { vm, backend } = setup()
    const file = fileEntry({ id: 'cd'.repeat(32), name: 'gone.png', type: 'image/png', size: 5 })
    vm.open(file)
    await settle()
    expect(vm.getSnapshot().transfers[file.id].error).toMatch(/Fetching gone.png failed/)
    backend.files.stored.set(file.id, new Uint8Array([1, 2, 3, 4, 5]))
    vm.open(file)
    await until('the image to show', () => vm.getSnapshot().transfers[file.id].url !== undefined)
    expect(vm.getSnapshot().transfers[file.id]).toMatchObject({ done: true, error: undefined })
    expect(vm.getSnapshot().transfers[file.id].url).toMatch(/^blob:/)
  })

  it('reports a refused send and drops its progress bar', async () => {
    const { vm, backend } = setup()
    backend.files.failSend = 'FileTooLargeError'
    vm.attach([new File(['x'], 'huge.iso')])
    await until('the error', () => vm.getSnapshot().error !== undefined)
    expect(vm.getSnapshot().error).toMatch(/huge\.iso/)
    expect(vm.getSnapshot().uploads).toEqual([])
  })
})
