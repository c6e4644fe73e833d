/** What the files views show and can ask for (files-view-model.ts implements it). */
import { createContext } from 'preact'
import type { ViewModel } from '../view-model/view-model.js'

/** How a file shows: inline media (only types the browser is known to play safely) or a card. */
export type FileKind = 'image' | 'video' | 'audio' | 'file'

/** A file a message carries, as the timeline shows it. */
export interface FileEntry {
  id: string
  /** The sender's name for it: shown as text, never trusted. */
  name: string
  type: string
  kind: FileKind
  /** Size for people ("1.2 MiB"). */
  size: string
  bytes: number
  /** Images: the inline preview, as a data: URL. */
  thumbnail?: string
}

/** A fetch of one file (a download, or media opened inline). */
export interface FileTransfer {
  /** 0..100. */
  percent: number
  done: boolean
  /** Media, once fetched: an object URL of the bytes, shown inline. */
  url?: string
  error?: string
}

/** A file being sealed and sent. */
export interface UploadEntry {
  key: string
  name: string
  percent: number
}

/** What the attach bar and the file messages of one conversation show. */
export interface FilesSnapshot {
  uploads: UploadEntry[]
  /** By file id. */
  transfers: Readonly<Record<string, FileTransfer>>
  recording: boolean
  /** The browser can record audio (MediaRecorder and a microphone API). */
  canRecord: boolean
  error?: string
}

/** What the attach bar and file messages can ask for. */
export interface FilesActions {
  /** Sends each file (images with a thumbnail made here). */
  attach(files: File[]): void
  /** Fetches the file; media then shows inline. */
  open(file: FileEntry): void
  /** Fetches the file (unless fetched) and hands it to the user as a download. */
  download(file: FileEntry): void
  startRecording(): void
  /** Stops recording and sends the voice note. */
  stopRecording(): void
}

export type FilesViewModel = ViewModel<FilesSnapshot> & FilesActions

/** The open conversation's files view model, for file messages deep in the timeline. */
export const FilesContext = createContext<FilesViewModel | undefined>(undefined)
