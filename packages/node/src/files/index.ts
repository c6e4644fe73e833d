/** Files, images and voice notes (see files.ts): the public API. */
export { Files, type FilesInit, type FileSink, type FileSource, type FileView } from './files.js'
export { AutoDownload, type AutoDownloadSettings } from './auto-download.js'
export { announceHolding, sendFile, type FileExtras, type FileTarget } from './send-file.js'
export { MemoryBlobStore, blobBytes, type BlobHeld, type BlobStore } from './blob-store.js'
export { LevelBlobStore, type BlobDatabase } from './level-blob-store.js'
export { checkFileRef, decodeFileRef, fileInfo, type FileInfo } from './file-ref.js'
export * from './constants.js'
export * from './errors.js'
