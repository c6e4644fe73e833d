/**
 * One conversation's files: sending (attach, drop, paste, voice notes) with progress, and fetching
 * the files its messages name, on request, with progress. Fetched media shows inline from an
 * object URL of a Blob typed here from a short list of media types (never the sender's type as
 * given: a text/html Blob would run in the app's origin); other files go to the user as downloads.
 */
import { errorText } from '../app/error-text.js'
import { makeThumbnail } from '../app/thumbnail.js'
import { VoiceRecorder } from '../app/voice-recorder.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { Download } from '../app/archive-backend.js'
import type { FileItemInfo, FilesBackend } from '../app/files-backend.js'
import type { FileEntry, FileKind, FilesSnapshot, FilesViewModel as FilesVM, FileTransfer } from '../views/file-types.js'

/** Types shown inline, by kind. SVG is left out: it is a document that can carry script. */
const MEDIA: Record<Exclude<FileKind, 'file'>, readonly string[]> = {
  image: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif', 'image/bmp'],
  video: ['video/mp4', 'video/webm', 'video/ogg'],
  audio: ['audio/webm', 'audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/wav', 'audio/aac', 'audio/flac']
}



/** How a file of MIME `type` shows. */
export function fileKind (type: string): FileKind {
  const base = type.split(';')[0].trim().toLowerCase()
  for (const kind of ['image', 'video', 'audio'] as const) if (MEDIA[kind].includes(base)) return kind
  return 'file'
}

/** A size for people. */
export function formatSize (bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}

/** The timeline's entry for a message's file. */
export function fileEntry (file: FileItemInfo): FileEntry {
  const kind = fileKind(file.type)
  return {
    id: file.id,
    name: file.name,
    type: file.type,
    kind,
    size: formatSize(file.size),
    bytes: file.size,
    ...(file.thumbnail === undefined || file.thumbnail === '' ? {} : { thumbnail: `data:image/jpeg;base64,${file.thumbnail}` })
  }
}

let uploads = 0

export class FilesViewModel extends BaseViewModel<FilesSnapshot> implements FilesVM {
  private readonly backend: FilesBackend
  private readonly conversationId: string
  private readonly save: ((download: Download) => void) | undefined
  /** Fetched bytes by file id, for saving again without fetching again. */
  private readonly blobs = new Map<string, Promise<Blob>>()
  private readonly urls: string[] = []
  private recorder: VoiceRecorder | undefined

  constructor (backend: FilesBackend, conversationId: string, save?: (download: Download) => void) {
    super({ uploads: [], transfers: {}, recording: false, canRecord: typeof MediaRecorder !== 'undefined' && navigator.mediaDevices?.getUserMedia != null })
    this.backend = backend
    this.conversationId = conversationId
    this.save = save
    this.onDispose(() => {
      this.recorder?.cancel()
      for (const url of this.urls) URL.revokeObjectURL(url)
    })
  }

  attach (files: File[]): void {
    for (const file of files) this.send(file).catch((err: unknown) => { this.update({ error: errorText(err, `Sending ${file.name}`) }) })
  }

  private async send (file: File): Promise<void> {
    const key = `u${++uploads}`
    const setPercent = (percent: number): void => {
      this.update({ uploads: this.getSnapshot().uploads.map((u) => u.key === key ? { ...u, percent } : u) })
    }
    this.update({ uploads: [...this.getSnapshot().uploads, { key, name: file.name, percent: 0 }], error: undefined })
    try {
      const thumbnail = fileKind(file.type) === 'image' ? await makeThumbnail(file) : undefined
      await this.backend.send(this.conversationId, file, {
        ...(thumbnail === undefined ? {} : { thumbnail }),
        onProgress: ({ bytes, total }) => { setPercent(percentOf(bytes, total)) }
      })
    } finally {
      this.update({ uploads: this.getSnapshot().uploads.filter((u) => u.key !== key) })
    }
  }

  open (file: FileEntry): void {
    this.fetch(file).then((blob) => {
      if (file.kind === 'file' || this.getSnapshot().transfers[file.id]?.url !== undefined) return
      const url = URL.createObjectURL(new Blob([blob], { type: file.type.split(';')[0].trim().toLowerCase() }))
      this.urls.push(url)
      this.setTransfer(file.id, { url })
    }, () => { /* shown on the file (fetch) */ })
  }

  download (file: FileEntry): void {
    this.fetch(file).then((blob) => { this.save?.({ blob, name: file.name }) }, () => { /* shown on the file (fetch) */ })
  }

  /** The file's bytes, fetched once; progress and errors go to its transfer. */
  private async fetch (file: FileEntry): Promise<Blob> {
    let blob = this.blobs.get(file.id)
    if (blob === undefined) {
      this.setTransfer(file.id, { percent: 0, done: false, error: undefined })
      blob = this.backend.fetch(file.id, { onProgress: ({ bytes, total }) => { this.setTransfer(file.id, { percent: percentOf(bytes, total) }) } })
      this.blobs.set(file.id, blob)
      blob.then(() => { this.setTransfer(file.id, { percent: 100, done: true }) }, (err: unknown) => {
        this.blobs.delete(file.id)
        this.setTransfer(file.id, { done: false, error: errorText(err, `Fetching ${file.name}`) })
      })
    }
    return blob
  }

  private setTransfer (id: string, patch: Partial<FileTransfer>): void {
    const transfers = this.getSnapshot().transfers
    const now = transfers[id] ?? { percent: 0, done: false }
    this.update({ transfers: { ...transfers, [id]: { ...now, ...patch } } })
  }

  startRecording (): void {
    if (this.recorder !== undefined || this.getSnapshot().recording) return
    this.update({ recording: true, error: undefined })
    VoiceRecorder.start().then((recorder) => {
      if (this.isDisposed) {
        recorder.cancel()
        return
      }
      this.recorder = recorder
    }, (err: unknown) => { this.update({ recording: false, error: errorText(err, 'Recording') }) })
  }

  stopRecording (): void {
    const recorder = this.recorder
    if (recorder === undefined) return
    this.recorder = undefined
    this.update({ recording: false })
    recorder.stop().then((file) => { this.attach([file]) }, (err: unknown) => { this.update({ error: errorText(err, 'Recording') }) })
  }
}

/** Whole percent of `bytes` in `total` (an empty file is done at once). */
const percentOf = (bytes: number, total: number): number => total <= 0 ? 100 : Math.min(100, Math.floor(bytes * 100 / total))
